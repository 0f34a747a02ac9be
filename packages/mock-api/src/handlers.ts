// MSW 2 handlers over a backend: one per endpoint, plus a catch-all per base that answers 404.
// A relative base becomes `*/base/...`, so the same handlers match `http://localhost/api/...` in
// Node and any origin in the browser.
import type { HttpHandler, JsonBodyType } from 'msw';
import { http, HttpResponse } from 'msw';
import type { Backend } from './backend';
import { APP_ROUTES, CONTRACT_ROUTES, DEFAULT_APP_BASE_URL, DEFAULT_BASE_URL } from './backend';
import type { Route } from './router';

/** Where the handlers listen. */
export interface HandlerOptions {
  baseUrl?: string;
  appBaseUrl?: string;
}

/** The MSW pattern of a base URL: relative bases match on any origin. */
export function patternOf(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.startsWith('/') ? `*${trimmed}` : trimmed;
}

const METHODS = { GET: http.get, POST: http.post, PUT: http.put, DELETE: http.delete } as const;

/** The MSW handlers that serve `backend`: the contract, then the sample app. */
export function createHandlers(backend: Backend, options: HandlerOptions = {}): HttpHandler[] {
  const resolve = async ({ request }: { request: Request }) => {
    const url = new URL(request.url);
    const bodyText = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
    const answer = backend.handle({ method: request.method, path: url.pathname, query: url.searchParams, headers: request.headers, bodyText });
    return HttpResponse.json(answer.body as JsonBodyType, { status: answer.status, ...(answer.headers ? { headers: answer.headers } : {}) });
  };
  const forBase = (routes: readonly Route[], baseUrl: string) => {
    const pattern = patternOf(baseUrl);
    return [...routes.map((route) => METHODS[route.method](`${pattern}${route.path}`, resolve)), http.all(`${pattern}/*`, resolve)];
  };
  return [...forBase(CONTRACT_ROUTES, options.baseUrl ?? DEFAULT_BASE_URL), ...forBase(APP_ROUTES, options.appBaseUrl ?? DEFAULT_APP_BASE_URL)];
}
