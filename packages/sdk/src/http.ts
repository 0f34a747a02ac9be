// The one place that talks HTTP. Every way a request can go wrong ends as an ImpersonationError:
// a contract error body keeps the server's code; anything else is mapped, never thrown raw.
import type { Clock } from './clientTypes';
import { systemClock } from './clock';
import { ImpersonationError, isImpersonationError } from './errors';
import type { ErrorCode } from './types';
import { percentDecode } from './percent';
import { armTimer } from './timer';
import { parseErrorBody } from './validate';

/** Where the contract lives unless the host says otherwise. */
export const DEFAULT_BASE_URL = '/api/impersonation';

/** How long a request may go unanswered before it fails with `timeout`, in ms. */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** A query parameter: arrays are sent comma-separated (`userIds=a,b`); undefined ones are dropped. */
export type QueryValue = string | number | boolean | readonly string[] | undefined;

/** Options of `createRequester`. */
export interface RequesterOptions {
  /** Default "/api/impersonation"; relative or absolute. */
  baseUrl?: string;
  /** The host's fetch; when absent, `globalThis.fetch` is looked up at each call (so MSW installed later is used). */
  fetch?: typeof fetch;
  /** Drives the time-out; default `systemClock`. */
  clock?: Clock;
  /** Fail with `timeout` after this many ms without an answer; default 15 000; 0 or Infinity disables it. */
  timeoutMs?: number;
  /** Headers sent with every request (e.g. a bearer token). */
  headers?: Record<string, string>;
}

/** Options of one request. */
export interface RequestOptions<T> {
  /** Query parameters; undefined ones are left out. */
  query?: Record<string, QueryValue>;
  /** Sent as JSON with `Content-Type: application/json`; no body when undefined. */
  body?: unknown;
  /** Headers for this request only; they win over the requester's. */
  headers?: Record<string, string | undefined>;
  /** Checks the 2xx answer's JSON and returns it typed; throws `invalid_response` when it does not fit. */
  parse: (value: unknown, status: number) => T;
  /** Cancels the request; it then fails with `aborted`. */
  signal?: AbortSignal;
}

/** Sends one request and returns the checked answer, or throws an ImpersonationError. */
export type Requester = <T>(method: string, path: string, options: RequestOptions<T>) => Promise<T>;

/** Joins a base URL and a path with exactly one slash between them. */
export function joinUrl(baseUrl: string, path: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  const tail = path.replace(/^\/+/, '');
  return tail ? `${base}/${tail}` : base || '/';
}

/**
 * One path segment from an id, percent-encoded, so it can never leave its segment. An id that is
 * not a string, is empty, or is `.` or `..` once decoded (`%2e%2E`, even encoded twice, as a chain
 * of proxies may decode it) is refused with `validation_failed` before any request.
 */
export function pathSegment(id: string): string {
  let decoded = typeof id === 'string' ? id : '';
  for (let round = 0; round < 4; round += 1) {
    const next = percentDecode(decoded);
    if (next === decoded) break;
    decoded = next;
  }
  try {
    if (!/^\.{0,2}$/.test(decoded)) return encodeURIComponent(id);
  } catch {
    // A lone surrogate cannot be encoded: refused below like any unusable id.
  }
  throw new ImpersonationError('validation_failed', 'Bad id', 0, { id: String(id) });
}

/** Encodes query parameters, dropping undefined ones; "" when there are none. */
export function encodeQuery(query: Record<string, QueryValue> = {}): string {
  return Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${[value].flat().map((item) => encodeURIComponent(String(item))).join(',')}`)
    .join('&');
}

// Case-insensitive merge into a plain object: host fetch wrappers often spread `init.headers`,
// which silently loses everything when it is a Headers instance. Later sources win; undefined removes.
function mergeHeaders(...sources: (Record<string, string | undefined> | undefined)[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of sources.flatMap((source) => Object.entries(source ?? {}))) {
    for (const known in out) if (known.toLowerCase() === name.toLowerCase()) delete out[known];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** The code for a failed status whose body was not a contract error: 5xx is `internal_error`, an unknown 4xx `invalid_response`. */
export function errorCodeForStatus(status: number): ErrorCode {
  const known: Record<number, ErrorCode> = {
    400: 'validation_failed',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    422: 'validation_failed',
    429: 'rate_limited',
  };
  return known[status] ?? (status > 499 ? 'internal_error' : 'invalid_response');
}

/** Creates the function every API call goes through: URL, headers, JSON, time-out, abort and error mapping. */
export function createRequester({
  baseUrl = DEFAULT_BASE_URL,
  clock = systemClock,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  fetch: hostFetch,
  headers: hostHeaders,
}: RequesterOptions = {}): Requester {
  return async (method, path, { query, body: input, headers, parse, signal }) => {
    const search = encodeQuery(query);
    const url = joinUrl(baseUrl, path) + (search && `?${search}`);
    // The status of the answer once there is one: every error made up after it carries it.
    let status = 0;
    // Every message the client makes up names the request it is about.
    const fail = (code: ErrorCode, what: string, details?: Record<string, unknown>, cause?: unknown) =>
      new ImpersonationError(code, `${method} ${url}: ${what}`, status, details, { cause });
    // Anything thrown that is not already typed becomes `code`.
    const typed = (code: ErrorCode, cause: unknown) => (isImpersonationError(cause) ? cause : fail(code, String(cause), undefined, cause));
    const aborted = () => fail('aborted', 'aborted');
    if (signal?.aborted) throw aborted();

    let body: string | undefined;
    try {
      body = JSON.stringify(input);
    } catch (cause) {
      throw fail('validation_failed', 'body not JSON', undefined, cause);
    }

    const controller = new AbortController();
    let giveUp: (error: ImpersonationError) => void = () => {};
    // Settles when the request is given up on, even if the fetch ignores its abort signal.
    // Reject first, abort second: the fetch's own AbortError must not win the race.
    const stopped = new Promise<never>((_, reject) => (giveUp = (error) => (reject(error), controller.abort(error))));
    const onCallerAbort = () => giveUp(aborted());
    signal?.addEventListener('abort', onCallerAbort);
    const stopTimer = timeoutMs > 0 && timeoutMs < Infinity ? armTimer(clock, timeoutMs, () => giveUp(fail('timeout', `no answer in ${timeoutMs} ms`))) : undefined;

    const exchange = async () => {
      let response: Response;
      let text: string;
      try {
        // Looked up now, not at creation: MSW or a test may install its fetch after the client exists.
        // Called bare, never as a method: a browser's fetch throws "Illegal invocation" with a foreign `this`.
        const fetchFn = hostFetch ?? globalThis.fetch;
        if (!fetchFn) throw fail('network_error', 'no fetch');
        response = await fetchFn(url, {
          method,
          headers: mergeHeaders({ Accept: 'application/json' }, body ? { 'Content-Type': 'application/json' } : {}, hostHeaders, headers),
          body,
          signal: controller.signal,
        });
        if (typeof response?.text !== 'function') throw fail('invalid_response', 'no Response');
        text = await response.text();
      } catch (cause) {
        // Given up on (aborted, timed out): `stopped` has already settled the race with the typed error.
        throw typed('network_error', cause);
      }

      ({ status } = response);
      const contentType = response.headers.get('content-type') ?? 'none';
      const summary = `HTTP ${status}${response.statusText && ` ${response.statusText}`}`;
      let json: { error?: { code?: unknown; message?: unknown } } | undefined;
      try {
        json = JSON.parse(text);
      } catch {
        // Not JSON (an HTML error page, an empty body): json stays undefined.
      }

      if (status > 199 && status < 300) {
        if (json === undefined) throw fail('invalid_response', `${summary} with ${contentType} instead of JSON`, { contentType });
        return parse(json, status);
      }
      let error: ImpersonationError;
      try {
        const { code, message, details } = parseErrorBody(json).error;
        error = new ImpersonationError(code, message, status, details);
      } catch {
        // Not the contract's error body: the status decides the code. A body that is almost the
        // contract's (an unknown code, say) still has a message worth showing.
        const { code, message } = json?.error ?? {};
        error = new ImpersonationError(
          errorCodeForStatus(status),
          typeof message === 'string' && message ? `${message} (${summary})` : `${method} ${url}: ${summary}`,
          status,
          { contentType, ...(typeof code === 'string' && { serverCode: code }) },
        );
      }
      throw error;
    };

    try {
      return await Promise.race([exchange(), stopped]);
    } catch (error) {
      // A parser that throws something untyped, or a host fetch that answered something that is not a Response, is typed all the same.
      throw typed('invalid_response', error);
    } finally {
      stopTimer?.();
      signal?.removeEventListener('abort', onCallerAbort);
    }
  };
}
