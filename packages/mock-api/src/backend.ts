// The request handler behind the MSW handlers: plain data in, plain data out, synchronous, so
// tests can call it directly and a persisted backend reads and writes storage in one task.
import { REDACTED, redact } from '@impersonate-kit/sdk';
import type { MockClock } from './clock';
import type { RequestContext } from './context';
import { auditRoutes } from './auditRoutes';
import { consentRoutes } from './consentRoutes';
import type { Db } from './db';
import { ApiError, errorResponse } from './httpError';
import type { Route } from './router';
import { matchRoute } from './router';
import { appRoutes, runAppCall } from './sampleApp';
import { sessionRoutes } from './sessionRoutes';
import { sweep } from './sessions';
import type { Store } from './store';
import type { BackendRequest, BackendResponse, HeaderMap } from './types';
import { viewerRoutes } from './viewerRoutes';

/** Every endpoint of contract.md, relative to the contract's base path. */
export const CONTRACT_ROUTES: readonly Route[] = [...viewerRoutes, ...sessionRoutes, ...auditRoutes, ...consentRoutes];

/** The sample app's endpoints, relative to its base path. */
export const APP_ROUTES: readonly Route[] = appRoutes;

/** The default base path of the contract. */
export const DEFAULT_BASE_URL = '/api/impersonation';
/** The default base path of the sample app. */
export const DEFAULT_APP_BASE_URL = '/api/app';

/** How a backend is wired. */
export interface BackendOptions {
  store: Store;
  clock: MockClock;
  baseUrl?: string;
  appBaseUrl?: string;
  /** The viewer when a request names none (the one `signIn` chose). */
  defaultViewerId: () => string | null;
  /** Runs first in every request, on the freshest state. */
  prepare?: (db: Db) => void;
}

/** A backend: one function from request to response. */
export interface Backend {
  handle(request: BackendRequest): BackendResponse;
}

/** The pathname of a base URL, absolute or not, without a trailing slash. */
export function basePathOf(baseUrl: string): string {
  const path = /^[a-z][a-z\d+.-]*:\/\//i.test(baseUrl) ? new URL(baseUrl).pathname : baseUrl;
  return path.replace(/\/+$/, '');
}

function normaliseHeaders(headers: BackendRequest['headers']): HeaderMap {
  const out: HeaderMap = {};
  if (!headers) return out;
  if (typeof Headers !== 'undefined' && headers instanceof Headers) {
    headers.forEach((value, key) => {
      out[key.toLowerCase()] = value;
    });
    return out;
  }
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key.toLowerCase()] = String(value);
  return out;
}

function normaliseQuery(query: BackendRequest['query'], fromPath: string): URLSearchParams {
  const params = new URLSearchParams(fromPath);
  if (query instanceof URLSearchParams) query.forEach((value, key) => params.append(key, value));
  else if (query) for (const [key, value] of Object.entries(query)) if (value !== undefined) params.append(key, value);
  return params;
}

/** The user named by `Authorization: Bearer demo:<userId>`, or undefined when the header is not a demo bearer. */
export function viewerFromAuthorization(headers: HeaderMap): string | undefined {
  // Whatever follows `demo:` is the claimed id: an empty or malformed one is nobody (401), never the signed-in user.
  const match = /^Bearer\s+demo:(.*)$/is.exec(headers.authorization?.trim() ?? '');
  return match?.[1]?.trim();
}

/** The query as the audit records it: values of secret-named parameters redacted, as body keys are. */
function auditedQuery(query: URLSearchParams): string {
  const out = new URLSearchParams();
  query.forEach((value, key) => out.append(key, isSecretKey(key) ? REDACTED : value));
  return out.toString().replaceAll(`=${encodeURIComponent(REDACTED)}`, `=${REDACTED}`);
}

// The sdk's redact decides which keys are secret, so the path and the body follow one rule.
function isSecretKey(key: string): boolean {
  return (redact({ [key]: null }) as Record<string, unknown>)[key] === REDACTED;
}

function parseBody(request: BackendRequest): RequestContext['body'] {
  if (request.bodyText === undefined) return { ok: true, value: request.body };
  if (request.bodyText.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(request.bodyText) as unknown };
  } catch {
    return { ok: false };
  }
}

/** A backend over `store`, answering the contract under `baseUrl` and the sample app under `appBaseUrl`. */
export function createBackend(options: BackendOptions): Backend {
  const base = basePathOf(options.baseUrl ?? DEFAULT_BASE_URL);
  const appBase = basePathOf(options.appBaseUrl ?? DEFAULT_APP_BASE_URL);
  const within = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

  return {
    handle(request) {
      const method = request.method.toUpperCase();
      // Accept a full URL too, as a fetch wrapper would pass it.
      const target = /^[a-z][a-z\d+.-]*:\/\//i.test(request.path) ? new URL(request.path) : null;
      const [rawPath = '', rawQuery = ''] = target ? [target.pathname, target.search.slice(1)] : request.path.split('?', 2);
      const path = rawPath.replace(/\/+$/, '') || '/';
      const isContract = within(path, base);
      if (!isContract && !within(path, appBase)) return errorResponse(new ApiError('not_found', `No mock endpoint at ${path}.`));
      const relative = path.slice((isContract ? base : appBase).length) || '/';
      const match = matchRoute(isContract ? CONTRACT_ROUTES : APP_ROUTES, method, relative);
      const query = normaliseQuery(request.query, rawQuery);
      const headers = normaliseHeaders(request.headers);
      const queryText = auditedQuery(query);
      const body = parseBody(request);
      const viewerId = viewerFromAuthorization(headers) ?? (request.viewerId !== undefined ? request.viewerId : options.defaultViewerId());

      return options.store.transact((db) => {
        options.prepare?.(db);
        const now = options.clock.now();
        sweep(db, now);
        const ctx: RequestContext = { db, now, method, fullPath: queryText ? `${path}?${queryText}` : path, params: match?.params ?? {}, query, headers, viewerId, body };
        try {
          if (match) return match.route.run(ctx);
          // An unknown app path is still a call the app received: audit it during a session.
          if (!isContract) return runAppCall(ctx, null);
          return errorResponse(new ApiError('not_found', `No endpoint ${method} ${path}.`));
        } catch (error) {
          if (error instanceof ApiError) return errorResponse(error);
          console.error('[mock-api] handler failed:', error);
          return errorResponse(new ApiError('internal_error', error instanceof Error ? error.message : String(error)));
        }
      });
    },
  };
}
