// Reads the tables of docs/contract.md, the normative contract, so tests hold other documents to it.
import { readFileSync } from 'node:fs';

/** The text of docs/contract.md. */
export const CONTRACT_MARKDOWN = readFileSync(new URL('../../docs/contract.md', import.meta.url), 'utf8');

/** One row of the contract's rules table: the rule, the codes it answers and their status. */
export interface ContractRule {
  rule: string;
  codes: string[];
  status: number;
}

/** One row of the contract's endpoints table: method and path, `{param}` style, without the query. */
export interface ContractEndpoint {
  method: string;
  path: string;
}

/** The cells of a markdown table row; `\|` inside a cell is a literal bar, not a border. */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.replaceAll('\\|', '|').trim());
}

/** The body rows of the first table under the `## heading` that starts with `headingStart`. */
export function tableRows(markdown: string, headingStart: string): string[][] {
  const lines = markdown.split('\n');
  const at = lines.findIndex((line) => line.startsWith(`## ${headingStart}`));
  if (at < 0) throw new Error(`contract.md has no "## ${headingStart}" section`);
  const section = lines.slice(at + 1);
  const end = section.findIndex((line) => line.startsWith('## '));
  const table = (end < 0 ? section : section.slice(0, end)).filter((line) => line.trimStart().startsWith('|'));
  // The first two lines are the header and the |---| separator.
  return table.slice(2).map(cells);
}

/** Every backticked word in a cell. */
function backticked(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
}

/** The rows of "Rules the backend enforces (and the error it answers)". */
export function contractRules(markdown = CONTRACT_MARKDOWN): ContractRule[] {
  return tableRows(markdown, 'Rules the backend enforces').map(([rule = '', code = '', status = '']) => {
    if (!/^\d{3}$/.test(status)) throw new Error(`rules table: "${rule}" has no HTTP status`);
    return { rule, codes: backticked(code), status: Number(status) };
  });
}

/** The rows of "Endpoints", e.g. `POST /sessions/{id}/restart`. */
export function contractEndpoints(markdown = CONTRACT_MARKDOWN): ContractEndpoint[] {
  return tableRows(markdown, 'Endpoints').map(([first = '']) => {
    const match = /^(GET|POST|PUT|PATCH|DELETE)\s+`([^`?]+)/.exec(first);
    if (!match?.[1] || !match[2]) throw new Error(`endpoints table: cannot read "${first}"`);
    return { method: match[1], path: match[2] };
  });
}

/** Codes the Conventions give a status in prose, such as "Internal errors answer 500 `internal_error`". */
export function conventionCodes(markdown = CONTRACT_MARKDOWN): Map<string, number> {
  return new Map([...markdown.matchAll(/answer (\d{3}) `([a-z_]+)`/g)].map((match) => [match[2] ?? '', Number(match[1])]));
}
