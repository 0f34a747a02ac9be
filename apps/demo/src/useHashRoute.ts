import { useSyncExternalStore } from 'react';

/** The demo's pages, addressed by the URL hash so a reload keeps the page. */
export const ROUTES = ['users', 'projects', 'settings', 'audit'] as const;

/** One of the demo's pages. */
export type Route = (typeof ROUTES)[number];

function read(): Route {
  const hash = window.location.hash.replace(/^#\/?/, '');
  return (ROUTES as readonly string[]).includes(hash) ? (hash as Route) : 'users';
}

function subscribe(listener: () => void) {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The current page. */
export function useHashRoute(): Route {
  return useSyncExternalStore(subscribe, read, () => 'users' as Route);
}
