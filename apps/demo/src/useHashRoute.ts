import { useSyncExternalStore } from 'react';

/** The demo's pages, addressed by the URL hash so a reload keeps the page. */
export const ROUTES = ['users', 'projects', 'settings', 'audit'] as const;

/** One of the demo's pages. */
export type Route = (typeof ROUTES)[number];

function readHash(): string {
  return window.location.hash;
}

function subscribe(listener: () => void) {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The page and its parameters of a hash such as `#/audit?session=imp_1`. */
export function parseHash(hash: string): { route: Route; params: URLSearchParams } {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const route = (ROUTES as readonly string[]).includes(path) ? (path as Route) : 'users';
  return { route, params: new URLSearchParams(query) };
}

/** The current hash, re-read on every change. */
function useHash(): string {
  return useSyncExternalStore(subscribe, readHash, () => '');
}

/** The current page. */
export function useHashRoute(): Route {
  return parseHash(useHash()).route;
}

/** One parameter of the current page's hash, or null. */
export function useHashParam(name: string): string | null {
  return parseHash(useHash()).params.get(name);
}
