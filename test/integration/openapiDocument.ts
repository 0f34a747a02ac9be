// Reads docs/openapi.yaml and walks it: operations, their parameters, bodies and error answers,
// following local `$ref`s, so tests can hold the document to the contract and to the server.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Any node of the parsed document. */
export type Node = Record<string, unknown>;

/** The methods an OpenAPI path item can hold. */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The parsed docs/openapi.yaml (a fresh copy on every call, so a test may change its own). */
export function loadOpenApi(): Node {
  return parse(readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8')) as Node;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The node at a JSON pointer such as `#/components/responses/NotFound`. */
export function at(doc: Node, pointer: string): Node {
  if (!pointer.startsWith('#/')) throw new Error(`only local references are used: ${pointer}`);
  let node: unknown = doc;
  for (const raw of pointer.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = isNode(node) ? node[key] : undefined;
  }
  if (!isNode(node)) throw new Error(`no object at ${pointer}`);
  return node;
}

/** `node`, or what its `$ref` chain points at. */
export function resolve(doc: Node, node: unknown): Node {
  let current = node;
  for (let hops = 0; isNode(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`reference loop at ${current.$ref}`);
    current = at(doc, current.$ref);
  }
  if (!isNode(current)) throw new Error('expected an object');
  return current;
}

/** One operation of the document. */
export interface Operation {
  method: string;
  /** As written, `{param}` style. */
  path: string;
  /** In the server's `:param` style. */
  routePath: string;
  node: Node;
}

/** Every operation under `paths`. */
export function operations(doc: Node): Operation[] {
  return Object.entries(at(doc, '#/paths')).flatMap(([path, item]) =>
    METHODS.filter((method) => isNode(resolve(doc, item)[method])).map((method) => ({
      method: method.toUpperCase(),
      path,
      routePath: path.replace(/\{([^}]+)\}/g, ':$1'),
      node: resolve(doc, item)[method] as Node,
    })),
  );
}

/** One documented error answer: where, its status, the codes it says it carries, and the response itself. */
export interface ErrorAnswer {
  where: string;
  status: number;
  codes: string[];
  response: Node;
}

/** The 4xx and 5xx answers of a `responses` map, references followed. */
export function errorAnswers(doc: Node, responses: unknown, where: string): ErrorAnswer[] {
  if (!isNode(responses)) return [];
  return Object.entries(responses)
    .filter(([status]) => /^[45]\d\d$/.test(status))
    .map(([status, raw]) => {
      const response = resolve(doc, raw);
      const codes = response['x-error-codes'];
      return { where, status: Number(status), codes: Array.isArray(codes) ? codes.map(String) : [], response };
    });
}

/** Every documented error answer: each operation's, and the host API's (`x-host-api`). */
export function allErrorAnswers(doc: Node): ErrorAnswer[] {
  const hostApi = doc['x-host-api'];
  return [
    ...operations(doc).flatMap((op) => errorAnswers(doc, op.node.responses, `${op.method} ${op.path}`)),
    ...errorAnswers(doc, isNode(hostApi) ? hostApi.responses : undefined, 'host API'),
  ];
}

/** The parameters of an operation (and of its path item), references followed. */
export function parameters(doc: Node, op: Operation): Node[] {
  const item = resolve(doc, at(doc, '#/paths')[op.path]);
  const all = [...(Array.isArray(item.parameters) ? item.parameters : []), ...(Array.isArray(op.node.parameters) ? op.node.parameters : [])];
  return all.map((parameter) => resolve(doc, parameter));
}

/** An operation's request body, references followed, or null. */
export function requestBody(doc: Node, op: Operation): Node | null {
  return op.node.requestBody === undefined ? null : resolve(doc, op.node.requestBody);
}

/** The codes an operation documents under `status`. */
export function codesAt(doc: Node, op: Operation, status: number): string[] {
  return errorAnswers(doc, op.node.responses, '').find((answer) => answer.status === status)?.codes ?? [];
}
