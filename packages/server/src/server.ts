// createImpersonationServer: the whole contract as `handle(Request) => Response`, plus what the
// host's own API needs to act as the target and stay audited (resolve, assertAllowed, protect).
import type { AuditEvent, Policy, UserSummary } from '@impersonate-kit/sdk';
import { redact, redactPath } from '@impersonate-kit/sdk';
import { auditAction } from './audit';
import { parseContractBody, readContractBody } from './body';
import type { HookNote, RequestContext, ServerDeps, Work } from './context';
import { holdsPermission } from './context';
import { ApiError, errorResponse, fail, jsonResponse, responseForThrown } from './errors';
import { runHooks } from './hooks';
import { endSession, endSessionsTargeting, refreshDeadline, sweep, toSession } from './lifecycle';
import type { PolicyInput, PresetName } from './types';
import { resolvePolicy } from './presets';
import { auditBodyOf, auditUnavailable } from './protect';
import { matchRoute } from './routes';
import { currentSession } from './sessionRoutes';
import { AbortWith } from './start';
import type { ImpersonationStore, StoreTx } from './store';
import type { ActionRecord, Actor, Authentication, ServerClock, ServerHooks, ServerLogger, SessionRecord, UsersDirectory } from './types';

/** The default base path of the contract. */
export const DEFAULT_BASE_PATH = '/api/impersonation';

/** How a server is wired to its host. */
export interface ImpersonationServerOptions {
  store: ImpersonationStore;
  /** A preset name, or a full policy (one without `session.restartWindowSeconds` gets 600). */
  policy: PresetName | PolicyInput;
  users: UsersDirectory;
  /** Who holds `impersonate:users`. */
  hasPermission: (user: UserSummary) => boolean | Promise<boolean>;
  /** The REAL user behind a request, from the host's own auth; null for none, malformed, unknown or expired. */
  authenticate: (request: Request) => Promise<Authentication | null>;
  /** The host's second factor; without it a policy that asks for step-up refuses every code. */
  verifyStepUp?: (userId: string, code: string) => Promise<boolean>;
  /** Server time; default `Date.now`. */
  clock?: ServerClock;
  /** Where the contract is mounted; default `/api/impersonation`. */
  basePath?: string;
  hooks?: ServerHooks;
  /** Where internal errors and failed hooks are reported; default `console.error`. */
  logger?: ServerLogger;
}

/** The host's handler behind `protect`: it receives the request and who acts (the target while impersonating). */
export type ProtectedHandler = (request: Request, actor: Actor) => Response | Promise<Response>;

/** How `protect` names the action a request performs, for the policy's blocked actions. */
export interface ProtectOptions {
  action?(request: Request): string | readonly string[] | null;
}

/** A running impersonation server. */
export interface ImpersonationServer {
  /** The policy in force. */
  readonly policy: Policy;
  /** Answers the whole contract under the base path; anything else is 404 `not_found`. */
  handle(request: Request): Promise<Response>;
  /** Who acts in a host API call; throws an ApiError (401) when nobody is signed in. */
  resolve(request: Request): Promise<Actor>;
  /** Throws a 403 `blocked_during_impersonation` ApiError when `actor` impersonates and the policy blocks `action`. */
  assertAllowed(actor: Actor, action: string | readonly string[]): void;
  /** Wraps a host handler: resolve, guard blocked actions, audit first, run it, record its status (500 when it throws). */
  protect(handler: ProtectedHandler, options?: ProtectOptions): (request: Request) => Promise<Response>;
  /** Records `impersonation.action` for an impersonating actor (redacted); nothing otherwise. */
  recordAction(actor: Actor, action: ActionRecord): Promise<void>;
  /** Ends the user's active session as `logged_out` (call it when the host signs them out). */
  signOut(userId: string): Promise<void>;
  /** Re-reads a user from the directory: a suspended or deleted one ends sessions as target (`target_unavailable`) and as impersonator (`logged_out`). */
  userStatusChanged(userId: string): Promise<void>;
}

/** The path and query the audit records, secret query values redacted by the sdk's rule. */
function auditedPath(url: URL): string {
  return redactPath(`${url.pathname}${url.search}`);
}

/** The pathname of a base path or URL, without a trailing slash. */
function basePathOf(basePath: string): string {
  const path = /^[a-z][a-z\d+.-]*:\/\//i.test(basePath) ? new URL(basePath).pathname : basePath;
  return path.replace(/\/+$/, '');
}

/** Creates the server: the contract's rule engine over `store`. */
export function createImpersonationServer(options: ImpersonationServerOptions): ImpersonationServer {
  const deps: ServerDeps = {
    policy: resolvePolicy(options.policy),
    users: options.users,
    hasPermission: options.hasPermission,
    verifyStepUp: options.verifyStepUp,
    clock: options.clock ?? { now: () => Date.now() },
    hooks: options.hooks ?? {},
    logger: options.logger ?? { error: (message, error) => console.error(message, error) },
  };
  const { store } = options;
  const base = basePathOf(options.basePath ?? DEFAULT_BASE_PATH);
  const log = (message: string, error: unknown) => deps.logger.error(message, error);

  /** Runs `fn` in one transaction with a fresh time and hook list; hooks run once it committed. */
  async function work<T>(fn: (w: Work) => Promise<T>): Promise<T> {
    let notes: HookNote[] = [];
    const result = await store.transact(async (tx: StoreTx) => {
      notes = [];
      const w: Work = { tx, deps, now: deps.clock.now(), notes };
      await sweep(w);
      return fn(w);
    });
    await runHooks(deps, notes);
    return result;
  }

  /** The signed-in user behind `auth`; 401 for none, unknown or inactive. */
  async function userOf(auth: Authentication | null): Promise<UserSummary> {
    if (!auth || typeof auth.userId !== 'string' || auth.userId === '') fail('unauthenticated');
    const user = await deps.users.get(auth.userId);
    if (!user || user.status !== 'active') fail('unauthenticated');
    return user;
  }

  async function authenticate(request: Request): Promise<Authentication | null> {
    try {
      return await options.authenticate(request);
    } catch (error) {
      // A credential the host cannot read is no credential: 401, never another identity.
      log('[impersonate-kit/server] authenticate threw; answering 401', error);
      return null;
    }
  }

  async function handle(request: Request): Promise<Response> {
    try {
      const url = new URL(request.url);
      const path = url.pathname.replace(/\/+$/, '') || '/';
      if (path !== base && !path.startsWith(`${base}/`)) fail('not_found');
      const match = matchRoute(request.method.toUpperCase(), path.slice(base.length) || '/');
      if (!match) fail('not_found');
      const required = match.route.jsonRequired === true;
      const bytes = await readContractBody(request, required);
      const auth = await authenticate(request);
      if (auth?.impersonatedBy !== undefined && auth.impersonatedBy !== null) fail('already_impersonating');
      const viewer = await userOf(auth);
      const body = parseContractBody(bytes, required);
      const reply = await work(async (w) => {
        let permitted: Promise<boolean> | null = null;
        const ctx: RequestContext = {
          ...w,
          viewer,
          params: match.params,
          query: url.searchParams,
          body,
          headers: request.headers,
          permitted: () => (permitted ??= holdsPermission(deps, viewer)),
        };
        try {
          return await match.route.run(ctx);
        } catch (error) {
          // A refusal still commits what led to it (the sweep, a counted start attempt).
          if (error instanceof ApiError) return error;
          throw error;
        }
      });
      if (reply instanceof ApiError) return errorResponse(reply);
      return jsonResponse(reply.body, reply.status, reply.headers);
    } catch (error) {
      if (error instanceof AbortWith) return errorResponse(error.error);
      return responseForThrown(error, log);
    }
  }

  /** The actor of a signed-in user inside a transaction: the target while their session runs. */
  async function actorIn(w: Work, auth: Authentication, realUser: UserSummary): Promise<{ actor: Actor; session: SessionRecord | null }> {
    const none = { actor: { realUser, user: realUser, session: null, via: auth.via }, session: null };
    // API tokens act as their owner, always.
    if (auth.via === 'token') return none;
    const ctx = { ...w, viewer: realUser } as RequestContext;
    const session = await currentSession(ctx);
    if (!session) return none;
    const target = await deps.users.get(session.target.id);
    if (!target) return none;
    return { actor: { realUser, user: target, session: toSession(session), via: auth.via }, session };
  }

  async function resolveAuth(request: Request): Promise<{ auth: Authentication; realUser: UserSummary }> {
    const auth = await authenticate(request);
    if (auth?.impersonatedBy) {
      // An actor token: its real user is the impersonator, acting through their active session.
      const realUser = await userOf({ userId: auth.impersonatedBy, via: auth.via });
      return { auth: { userId: realUser.id, via: auth.via }, realUser };
    }
    return { auth: auth as Authentication, realUser: await userOf(auth) };
  }

  function blockedKey(actor: Actor, action: string | readonly string[] | null | undefined): string | null {
    if (!actor.session || action === null || action === undefined) return null;
    const keys = typeof action === 'string' ? [action] : action;
    return keys.find((key) => deps.policy.blockedActions.includes(key)) ?? null;
  }

  const server: ImpersonationServer = {
    get policy() {
      return structuredClone(deps.policy);
    },
    handle,
    async resolve(request) {
      const { auth, realUser } = await resolveAuth(request);
      return (await work((w) => actorIn(w, auth, realUser))).actor;
    },
    assertAllowed(actor, action) {
      const blocked = blockedKey(actor, action);
      if (blocked) throw new ApiError('blocked_during_impersonation', undefined, { action: blocked });
    },
    protect(handler, protectOptions = {}) {
      return async (request) => {
        let resolved: { auth: Authentication; realUser: UserSummary };
        let blocked: string | null = null;
        try {
          resolved = await resolveAuth(request);
        } catch (error) {
          return responseForThrown(error, log);
        }
        const url = new URL(request.url);
        const auditBody = await auditBodyOf(request);
        let actor: Actor;
        let event: AuditEvent | null = null;
        try {
          // Audit first: the call is recorded (and counts as activity) before it runs, in one transaction.
          ({ actor, event } = await work(async (w) => {
            const { actor: found, session } = await actorIn(w, resolved.auth, resolved.realUser);
            if (!session) return { actor: found, event: null };
            blocked = blockedKey(found, safeAction(protectOptions, request, deps.policy.blockedActions, log));
            await refreshDeadline(w, session, true);
            const written = await auditAction(w, session, { method: request.method.toUpperCase(), path: auditedPath(url), status: blocked ? 403 : 0, body: auditBody });
            return { actor: found, event: written };
          }));
        } catch (error) {
          if (error instanceof ApiError) return errorResponse(error);
          log('[impersonate-kit/server] could not write the audit; the call was refused', error);
          return auditUnavailable();
        }
        let response: Response;
        if (blocked) response = errorResponse(new ApiError('blocked_during_impersonation', undefined, { action: blocked }));
        else {
          try {
            response = await handler(request, actor);
          } catch (error) {
            response = responseForThrown(error, log);
          }
        }
        if (event) await finishAction(event, response.status);
        return response;
      };
    },
    async recordAction(actor, action) {
      if (!actor.session) return;
      const sessionId = actor.session.id;
      let path: string;
      try {
        path = auditedPath(new URL(action.path, 'http://host.invalid'));
      } catch {
        path = '[unreadable path]';
      }
      let body: unknown;
      try {
        body = action.body === undefined ? null : redact(action.body);
      } catch {
        body = '[unreadable body]';
      }
      const event = await work(async (w) => {
        const session = await w.tx.getSession(sessionId);
        if (!session) return null;
        return auditAction(w, session, { method: action.method.toUpperCase(), path, status: action.status, body });
      });
      if (event) await runHooks(deps, [{ hook: 'onAction', payload: { session: actor.session, event } }]);
    },
    async signOut(userId) {
      await work(async (w) => {
        const session = await w.tx.getActiveSession(userId);
        if (session) await endSession(w, session, 'logged_out', w.now, session.impersonator);
      });
    },
    async userStatusChanged(userId) {
      const user = await deps.users.get(userId);
      if (user && user.status === 'active') return;
      await work(async (w) => {
        await endSessionsTargeting(w, userId, 'target_unavailable');
        const own = await w.tx.getActiveSession(userId);
        if (own) await endSession(w, own, 'logged_out', w.now, own.impersonator);
      });
    },
  };

  /** Records the call's status on its action event and notifies `onAction`. */
  async function finishAction(event: AuditEvent, status: number): Promise<void> {
    try {
      await store.transact((tx) => tx.setActionStatus(event.id, status));
    } catch (error) {
      log('[impersonate-kit/server] could not record the status of an audited call', error);
    }
    const session = await store.transact((tx) => tx.getSession(event.sessionId ?? '')).catch(() => null);
    const finished = { ...event, request: event.request ? { ...event.request, status } : null };
    if (session) await runHooks(deps, [{ hook: 'onAction', payload: { session: toSession(session), event: finished } }]);
  }

  return server;
}

/** The action keys of a request; when the host's `action()` throws, every blocked key (fail closed). */
function safeAction(options: ProtectOptions, request: Request, blocked: readonly string[], log: (message: string, error: unknown) => void): string | readonly string[] | null {
  try {
    return options.action?.(request) ?? null;
  } catch (error) {
    log('[impersonate-kit/server] protect: action() threw; treating the call as blocked', error);
    return blocked;
  }
}
