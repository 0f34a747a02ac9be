// What one unit of work sees: the store transaction, the server's settings, the time, and the
// hook calls to make once the transaction has committed.
import type { Policy, UserSummary } from '@impersonate-kit/sdk';
import type { ParsedBody } from './body';
import type { StoreTx } from './store';
import type { ServerClock, ServerHooks, ServerLogger, UsersDirectory } from './types';

/** The server's settings, as every rule reads them. */
export interface ServerDeps {
  policy: Policy;
  users: UsersDirectory;
  hasPermission: (user: UserSummary) => boolean | Promise<boolean>;
  verifyStepUp: ((userId: string, code: string) => Promise<boolean>) | undefined;
  clock: ServerClock;
  hooks: ServerHooks;
  logger: ServerLogger;
}

/** A hook call waiting for the commit. */
export type HookNote = { [K in keyof ServerHooks]-?: { hook: K; payload: Parameters<NonNullable<ServerHooks[K]>>[0] } }[keyof ServerHooks];

/** One transaction's work: the store, the settings, the instant it runs at and the hooks it owes. */
export interface Work {
  tx: StoreTx;
  deps: ServerDeps;
  /** Server time of this request, epoch ms; the only clock that decides expiry. */
  now: number;
  notes: HookNote[];
}

/** One contract request as a route sees it. */
export interface RequestContext extends Work {
  viewer: UserSummary;
  params: Record<string, string>;
  query: URLSearchParams;
  body: ParsedBody;
  headers: Headers;
  /** Whether the viewer holds `impersonate:users` (asked of the host once per request). */
  permitted(): Promise<boolean>;
}

/** Whether `user` may impersonate: active and granted the permission by the host. */
export async function holdsPermission(deps: ServerDeps, user: UserSummary): Promise<boolean> {
  return user.status === 'active' && (await deps.hasPermission(user)) === true;
}
