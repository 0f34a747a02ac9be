// MSW 2 handlers: everything under the contract's base goes to the server's handle(), everything
// under the app's base to the sample app. A relative base becomes `*/base/...`, so the same
// handlers match `http://localhost/api/...` in Node and any origin in the browser.
import type { HttpHandler } from 'msw';
import { http } from 'msw';

/** The MSW pattern of a base URL: relative bases match on any origin. */
export function patternOf(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.startsWith('/') ? `*${trimmed}` : trimmed;
}

/** The MSW handlers for two Web handlers mounted at two bases. */
export function createHandlers(mounts: readonly { baseUrl: string; handle: (request: Request) => Promise<Response> }[]): HttpHandler[] {
  return mounts.flatMap(({ baseUrl, handle }) => {
    const pattern = patternOf(baseUrl);
    const resolve = ({ request }: { request: Request }) => handle(request);
    return [http.all(pattern, resolve), http.all(`${pattern}/*`, resolve)];
  });
}
