// The command line: `impersonate-kit-conformance --driver ./driver.mjs [--preset p] [--only g] [--json f]`.
// Kept apart from the bin so tests run it in-process with their own output and file access.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatCase, formatSummary, toJsonReport } from './report';
import { assertDriver, listCases, runConformance } from './runConformance';
import type { ConformanceDriver, Preset } from './types';
import { PRESET_NAMES } from './types';

/** Where the CLI prints, reads and writes. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
  writeFile(path: string, text: string): Promise<void>;
  importModule(url: string): Promise<unknown>;
}

/** The usage text. */
export const USAGE = `Usage: impersonate-kit-conformance --driver <file> [options]

Runs the impersonate-kit HTTP contract as a test suite against the backend the driver reaches.

  --driver <file>   module whose default export is a driver (or a function returning one)
  --preset <name>   only the cases of one preset: ${PRESET_NAMES.join(', ')}
  --only <group>    only cases under a name prefix, e.g. rules, audit/redaction (repeat or comma-separate)
  --json <file>     also write the results as JSON
  --timeout <ms>    how long one request may take (default 15000)
  --list            list the cases without running them
  --help            show this text

Exit code: 0 when no case failed, 1 when one did, 2 for a usage or driver error.`;

interface Args {
  driver?: string;
  preset?: Preset;
  only: string[];
  json?: string;
  timeout?: number;
  list: boolean;
  help: boolean;
}

/** Parses the command line; throws an Error with a usage message on anything unknown. */
export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { only: [], list: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string;
    const [flag, inline] = raw.startsWith('--') && raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '--driver': args.driver = value(); break;
      case '--preset': {
        const preset = value();
        if (!(PRESET_NAMES as readonly string[]).includes(preset)) throw new Error(`Unknown preset "${preset}"; one of ${PRESET_NAMES.join(', ')}.`);
        args.preset = preset as Preset;
        break;
      }
      case '--only': args.only.push(...value().split(',').map((s) => s.trim()).filter(Boolean)); break;
      case '--json': args.json = value(); break;
      case '--timeout': {
        const ms = Number(value());
        if (!Number.isInteger(ms) || ms <= 0) throw new Error('--timeout needs a whole number of milliseconds.');
        args.timeout = ms;
        break;
      }
      case '--list': args.list = true; break;
      case '--help': case '-h': args.help = true; break;
      default: throw new Error(`Unknown argument "${raw}".`);
    }
  }
  return args;
}

/** The driver a module exports: its default (or `driver`) export, called first when it is a function. */
export async function driverFrom(mod: unknown): Promise<ConformanceDriver> {
  const exports = mod as { default?: unknown; driver?: unknown } | null;
  let candidate = exports?.default ?? exports?.driver;
  if (typeof candidate === 'function') candidate = await (candidate as () => unknown)();
  assertDriver(candidate);
  return candidate;
}

/** Node's own IO. */
export const nodeIo: CliIo = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
  cwd: process.cwd(),
  writeFile: (path, text) => writeFile(path, text, 'utf8'),
  importModule: (url) => import(url),
};

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = nodeIo): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  const selection = { preset: args.preset, only: args.only.length ? args.only : undefined };
  if (args.list) {
    for (const c of listCases(selection)) io.out(`${c.name}  [${c.preset}]${c.needs.length ? `  needs ${c.needs.join(', ')}` : ''}`);
    return 0;
  }
  if (!args.driver) {
    io.err(`--driver is required.\n\n${USAGE}`);
    return 2;
  }
  if (listCases(selection).length === 0) {
    io.err(`No case matches${args.preset ? ` preset ${args.preset}` : ''}${args.only.length ? ` and --only ${args.only.join(',')}` : ''}.`);
    return 2;
  }
  let driver: ConformanceDriver;
  try {
    driver = await driverFrom(await io.importModule(pathToFileURL(resolve(io.cwd, args.driver)).href));
  } catch (error) {
    io.err(`Cannot load the driver ${args.driver}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  try {
    const result = await runConformance(driver, { ...selection, requestTimeoutMs: args.timeout, onCase: (c) => io.out(formatCase(c)) });
    io.out(formatSummary(result));
    if (args.json) await io.writeFile(resolve(io.cwd, args.json), toJsonReport(result, { baseUrl: driver.baseUrl, preset: args.preset, only: args.only.length ? args.only : undefined }));
    return result.failed > 0 ? 1 : 0;
  } finally {
    await driver.close?.();
  }
}
