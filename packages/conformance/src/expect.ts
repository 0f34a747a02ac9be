// Checks on answers. Each failure names the request, what came back, and what the contract expects.
import type { Reply } from './http';
import { describeReply } from './http';
import { check, fail } from './outcome';

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The contract error of an answer, when its body has the contract's error shape. */
export interface ContractError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

// A frame of a stack trace ("at fn (file.js:1:2)") or a path into the server's dependencies.
const STACK_LIKE = /\n\s*at\s|\(\S+:\d+:\d+\)|node_modules[\\/]/;

/** What is wrong with an error body, or null when it is `{ error: { code, message, details? } }`. */
export function errorBodyProblem(body: unknown): string | null {
  if (!isRecord(body)) return 'the body is not a JSON object';
  const error = body.error;
  if (!isRecord(error)) return 'the body has no "error" object';
  if (typeof error.code !== 'string' || error.code === '') return '"error.code" is not a non-empty string';
  if (typeof error.message !== 'string') return '"error.message" is not a string';
  if (STACK_LIKE.test(error.message)) return '"error.message" carries a stack trace or internal paths';
  if (error.details !== undefined && !isRecord(error.details)) return '"error.details" is present but not an object';
  return null;
}

/** The error code of an answer, if it carries one. */
export function errorCodeOf(reply: Reply): string | undefined {
  const error = isRecord(reply.body) ? reply.body.error : undefined;
  return isRecord(error) && typeof error.code === 'string' ? error.code : undefined;
}

function expected(reply: Reply, what: string): string {
  return `${reply.request}: saw ${describeReply(reply)} vs expected ${what}`;
}

/** Requires the contract error `status` + `code` (or one of `code`s), with the contract's error body. */
export function expectError(reply: Reply, status: number, code: string | readonly string[]): ContractError {
  const codes = typeof code === 'string' ? [code] : code;
  const want = `${status} ${codes.join(' or ')}`;
  check(reply.status === status && codes.includes(errorCodeOf(reply) ?? ''), () => expected(reply, want));
  const problem = errorBodyProblem(reply.body);
  if (problem) fail(expected(reply, `${want} with { error: { code, message, details? } } (${problem})`));
  return (reply.body as { error: ContractError }).error;
}

/** Requires one of several contract errors, each a `[status, code]` pair. */
export function expectOneOfErrors(reply: Reply, options: readonly (readonly [number, string])[]): ContractError {
  const hit = options.find(([status, code]) => reply.status === status && errorCodeOf(reply) === code);
  if (!hit) fail(expected(reply, options.map(([status, code]) => `${status} ${code}`).join(' or ')));
  return expectError(reply, hit[0], hit[1]);
}

/** Requires a success status (default 200) and a JSON object body, and returns it. */
export function expectOk(reply: Reply, status: number | readonly number[] = 200): Record<string, unknown> {
  const statuses = typeof status === 'number' ? [status] : status;
  check(statuses.includes(reply.status), () => expected(reply, statuses.join(' or ')));
  check(isRecord(reply.body), () => expected(reply, 'a JSON object body'));
  return reply.body;
}

/**
 * Requires an answer the contract knows: never 5xx; an error with the contract's body. Used for
 * hostile input, where several answers are right but a crash never is.
 */
export function expectContractAnswer(reply: Reply): void {
  check(reply.status < 500, () => expected(reply, 'a contract answer (2xx or 4xx), never a server error'));
  if (reply.status >= 400) {
    const problem = errorBodyProblem(reply.body);
    if (problem) fail(expected(reply, `a contract error body (${problem})`));
  } else {
    check(reply.body !== undefined, () => expected(reply, 'a JSON body'));
  }
}

/** Requires `actual` to equal `wanted` (compared as JSON), naming what was compared. */
export function expectEqual(what: string, actual: unknown, wanted: unknown): void {
  const a = JSON.stringify(actual);
  const b = JSON.stringify(wanted);
  check(a === b, () => `${what}: saw ${a} vs expected ${b}`);
}
