// A tiny path router: `/sessions/:id/restart` style patterns, matched segment by segment.
import type { RequestContext } from './context';
import type { BackendResponse } from './types';

/** One endpoint: method, path pattern relative to its base, and what it does. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  run: (ctx: RequestContext) => BackendResponse;
}

/** The route `path` and `method` name, with the values of its `:params`; literal segments win over params. */
export function matchRoute(routes: readonly Route[], method: string, path: string): { route: Route; params: Record<string, string> } | null {
  const segments = path.split('/').filter(Boolean);
  let best: { route: Route; params: Record<string, string>; literals: number } | null = null;
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const ok = pattern.every((part, i) => {
      const segment = segments[i] ?? '';
      if (part.startsWith(':')) {
        try {
          params[part.slice(1)] = decodeURIComponent(segment);
        } catch {
          return false;
        }
        return true;
      }
      literals++;
      return part === segment;
    });
    if (ok && (!best || literals > best.literals)) best = { route, params, literals };
  }
  return best && { route: best.route, params: best.params };
}

/** A JSON answer. */
export function json(body: unknown, status = 200): BackendResponse {
  return { status, body };
}
