// The public entry: a backend, its MSW handlers, and the knobs the demo and tests turn.
import type { Policy, UserStatus, UserSummary } from '@impersonate-kit/sdk';
import type { HttpHandler } from 'msw';
import type { Backend } from './backend';
import { createBackend } from './backend';
import { DEFAULT_VIEWER_ID } from './cast';
import type { Db } from './db';
import type { MockClock } from './clock';
import { createMockClock, isOffsetClock } from './clock';
import { createHandlers } from './handlers';
import type { PolicyOverrides } from './presets';
import { buildPolicy, PERMISSION_ROLES } from './presets';
import { createInitialState, seedConsents } from './seed';
import { endSession, endSessionsOf, sweep } from './sessions';
import type { PersistMode, StorageLike } from './store';
import { Store } from './store';
import type { MockPreset, MockState } from './types';

/** The storage key a persisted mock uses unless told otherwise. */
export const DEFAULT_STORAGE_KEY = 'impersonate-kit:mock-api';

/** How to set up a mock backend. */
export interface MockApiOptions {
  /** The policy preset; default `account-admin`. */
  preset?: MockPreset;
  /** Laid over the preset; any override makes the policy `custom`. */
  policy?: PolicyOverrides;
  /** Roles that hold `impersonate:users`; default per preset. */
  permissionRoles?: readonly string[];
  /** The users; default the cast of api.md. */
  users?: readonly UserSummary[];
  /** Server time; default real time plus an offset that `clock.advance` moves. */
  clock?: MockClock;
  /** `localStorage` shares one backend between tabs and keeps it across reloads; default `memory`. */
  persist?: PersistMode;
  storageKey?: string;
  /** The storage to persist to; default `globalThis.localStorage` (memory when there is none). */
  storage?: StorageLike;
  /** The contract's base; default `/api/impersonation`. Relative bases match on any origin. */
  baseUrl?: string;
  /** The sample app's base; default `/api/app`. */
  appBaseUrl?: string;
  /** Who is signed in at first; default `u_owner`. */
  viewerId?: string | null;
}

/** A running mock backend. */
export interface MockApi extends Backend {
  /** MSW handlers: the contract under the base URL, the sample app under the app base URL. */
  readonly handlers: HttpHandler[];
  /** Server time: `clock.advance(ms)` fast-forwards; sessions see it on their next request. */
  readonly clock: MockClock;
  /** The policy in force. */
  readonly policy: Policy;
  /** The viewer of requests without an `Authorization: Bearer demo:<userId>` header. */
  readonly viewerId: string | null;
  /** Makes `userId` the default viewer; null signs nobody in (requests answer 401). */
  signIn(userId: string | null): void;
  /** Logs a user out (default: the signed-in one): their active session ends as `logged_out`. */
  signOut(userId?: string): void;
  /** Suspends, deletes or restores a user; sessions targeting them end as `target_unavailable`. */
  setUserStatus(userId: string, status: UserStatus): void;
  /** Switches the policy: keeps users, their app data and the clock; clears sessions, consents, audit, idempotency keys and rate limits. */
  setPreset(preset: MockPreset, overrides?: PolicyOverrides): void;
  /** Back to a fresh backend as created (the built-in clock returns to real time). */
  reset(): void;
  /** A deep copy of everything the backend holds. */
  getState(): MockState;
}

/** Creates an in-memory (or localStorage-shared) backend that enforces contract.md, with MSW handlers. */
export function createMockApi(options: MockApiOptions = {}): MockApi {
  const inner = options.clock ?? createMockClock();
  const syncable = isOffsetClock(inner);
  const initialPreset = options.preset ?? 'account-admin';
  const rolesFor = (preset: MockPreset) => options.permissionRoles ?? PERMISSION_ROLES[preset];
  const initialViewer = options.viewerId === undefined ? DEFAULT_VIEWER_ID : options.viewerId;
  const fresh = (): MockState =>
    createInitialState({
      policy: buildPolicy(initialPreset, options.policy),
      permissionRoles: rolesFor(initialPreset),
      users: options.users,
      nowMs: inner.now(),
      clockOffsetMs: syncable ? inner.offset() : 0,
    });
  const store = new Store({ persist: options.persist ?? 'memory', storageKey: options.storageKey ?? DEFAULT_STORAGE_KEY, storage: options.storage, initial: fresh() });
  let signedIn = initialViewer;

  // Tabs sharing a stored backend share its time travel too.
  const syncClock = (state: MockState) => {
    if (syncable && store.persisted) inner.setOffset(state.clockOffsetMs);
  };
  const clock: MockClock = {
    // Reads the stored offset first, so another tab's fast-forward shows here before any request.
    now: () =>
      store.peek((db) => {
        syncClock(db.state);
        return inner.now();
      }),
    advance(ms) {
      store.transact((db) => {
        syncClock(db.state);
        inner.advance(ms);
        if (syncable) db.state.clockOffsetMs = inner.offset();
      });
    },
  };
  const backend = createBackend({
    store,
    clock: inner,
    baseUrl: options.baseUrl,
    appBaseUrl: options.appBaseUrl,
    defaultViewerId: () => signedIn,
    prepare: (db) => syncClock(db.state),
  });
  const mutate = (fn: (db: Db, now: number) => void) =>
    store.transact((db) => {
      syncClock(db.state);
      const now = inner.now();
      sweep(db, now);
      fn(db, now);
    });

  return {
    handle: (request) => backend.handle(request),
    handlers: createHandlers(backend, { baseUrl: options.baseUrl, appBaseUrl: options.appBaseUrl }),
    clock,
    get policy() {
      return store.peek((db) => structuredClone(db.state.policy));
    },
    get viewerId() {
      return signedIn;
    },
    signIn(userId) {
      if (userId !== null && !store.peek((db) => db.user(userId))) throw new Error(`No user "${userId}" in the mock backend.`);
      signedIn = userId;
    },
    signOut(userId = signedIn ?? undefined) {
      if (userId === undefined) return;
      mutate((db, now) => {
        const session = db.activeSessionOf(userId);
        if (session) endSession(db, session, 'logged_out', now, session.impersonator);
      });
      if (signedIn === userId) signedIn = null;
    },
    setUserStatus(userId, status) {
      mutate((db, now) => {
        const user = db.user(userId);
        if (!user) throw new Error(`No user "${userId}" in the mock backend.`);
        user.status = status;
        if (status !== 'active') endSessionsOf(db, userId, now, { asTarget: 'target_unavailable', asImpersonator: 'logged_out' });
      });
    },
    setPreset(preset, overrides) {
      const policy = buildPolicy(preset, overrides);
      const current = store.snapshot();
      syncClock(current);
      const now = inner.now();
      store.replace({
        ...current,
        policy,
        permissionRoles: [...rolesFor(preset)],
        sessions: [],
        consents: seedConsents(policy, current.users, now),
        events: [],
        idempotency: {},
        starts: {},
      });
    },
    reset() {
      // Only a clock the mock made is its to rewind.
      if (!options.clock && syncable) inner.setOffset(0);
      store.replace(fresh());
      signedIn = initialViewer;
    },
    getState: () => store.snapshot(),
  };
}
