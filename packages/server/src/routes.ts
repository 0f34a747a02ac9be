// The contract's endpoint table and a small matcher: `/sessions/:id/restart` style patterns,
// matched segment by segment, literal segments winning over params.
import { auditRoutes } from './auditRoutes';
import { consentRoutes } from './consentRoutes';
import type { RequestContext } from './context';
import { sessionRoutes } from './sessionRoutes';
import type { Reply } from './start';
import { viewerRoutes } from './viewerRoutes';

/** One endpoint: method, path pattern relative to the base path, and what it does. */
export interface Route {
  method: string;
  path: string;
  /** True when the request must carry a JSON body (POST /sessions). */
  jsonRequired?: boolean;
  run: (ctx: RequestContext) => Promise<Reply>;
}

/** Every endpoint of contract.md. */
export const ROUTES: readonly Route[] = [...viewerRoutes, ...sessionRoutes, ...auditRoutes, ...consentRoutes];

/** Every endpoint of contract.md as `{ method, path }`, paths relative to the base path (e.g. `/sessions/:id/restart`). */
export const CONTRACT_ROUTES: readonly { method: string; path: string }[] = ROUTES.map(({ method, path }) => ({ method, path }));

/** The route for `method` and `path`, with the values of its `:params`; null when none matches. */
export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | null {
  const segments = path.split('/').filter(Boolean);
  let best: { route: Route; params: Record<string, string>; literals: number } | null = null;
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const ok = pattern.every((part, i) => {
      const segment = segments[i] ?? '';
      if (!part.startsWith(':')) {
        literals++;
        return part === segment;
      }
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
        return true;
      } catch {
        return false;
      }
    });
    if (ok && (!best || literals > best.literals)) best = { route, params, literals };
  }
  return best && { route: best.route, params: best.params };
}
