// The public shape of the client (shared/design/api.md). Implementations live in their own files.
import type { ImpersonationError } from './errors';
import type {
  AuditEvent,
  Consent,
  ConsentResponse,
  EndReason,
  Eligibility,
  ListEventsQuery,
  ListSessionsQuery,
  Page,
  Policy,
  RestartSessionInput,
  Session,
  SessionResponse,
  StartSessionInput,
  Viewer,
} from './types';

/** Time, injected: `now()` in epoch ms and timers. The default wraps the globals lazily so fake timers work. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** A clock that only moves when told to; timers fire in order as it advances. */
export interface TestClock extends Clock {
  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  advance(ms: number): void;
  /** Jumps the wall clock without firing timers, as a machine waking from sleep does before its timers run. */
  set(ms: number): void;
  /** How many timers are waiting. */
  pendingTimers(): number;
  /** How many timers have been set since the clock was made (a timer storm shows here). */
  timersSet(): number;
}

/** A value that can be watched: `subscribe` returns `unsubscribe`; snapshots are new objects only on change. */
export interface Store<S> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): S;
}

/** Where the session machine stands. */
export type SessionStatus = 'unknown' | 'idle' | 'starting' | 'active' | 'ending' | 'ended' | 'error';

/** The session store's snapshot. Time left is never in it: ask `remainingMs()` or the ticker. */
export interface SessionState {
  status: SessionStatus;
  /** The active session, or the one that just ended (until dismissed). */
  session: Session | null;
  /** Why the last session ended, while `status` is `ended`. */
  endReason: EndReason | null;
  /** The last failure (a refused start, a failed end), cleared by the next success. */
  error: ImpersonationError | null;
}

/** Where the consent machine stands. */
export type ConsentStatus = 'unknown' | 'loading' | 'inactive' | 'active' | 'saving' | 'error';

/** The consent store's snapshot. */
export interface ConsentState {
  status: ConsentStatus;
  consent: Consent | null;
  error: ImpersonationError | null;
}

/** Where the viewer/policy load stands. */
export type ViewerStatus = 'unknown' | 'loading' | 'ready' | 'error';

/** Who is calling and the policy in force, loaded once and refreshed on session changes. */
export interface ViewerState {
  status: ViewerStatus;
  viewer: Viewer | null;
  policy: Policy | null;
  error: ImpersonationError | null;
}

/** The session store with its commands. */
export interface SessionStore extends Store<SessionState> {
  /**
   * Starts a session with an Idempotency-Key; a second call while one is pending joins it. A lost
   * answer (network, time-out, 5xx, garbled) is retried twice with the same key and body, and a
   * call with the same input right after such a failure reuses the key, so it never makes two sessions.
   */
  start(input: StartSessionInput): Promise<Session>;
  /** Ends the active session (the impersonator's End session). */
  end(): Promise<Session>;
  /**
   * Starts a new session with the same target and reason after one ended, within the policy's
   * restart window; `stepUpCode` where the policy asks for a second factor. Retried like `start`.
   */
  restart(input?: RestartSessionInput): Promise<Session>;
  /** Leaves the ended state ("Quit"). */
  dismiss(): void;
  /** Re-reads the session from the server now. */
  refresh(): Promise<SessionState>;
  /** Skew-corrected time left of the active session, computed when called; 0 when none. */
  remainingMs(): number;
  /**
   * Skew-corrected ms left in which Restart may be offered for the ended session in the store;
   * 0 when none ended, the policy forbids restarts, or the restart window has passed.
   */
  restartRemainingMs(): number;
}

/** The consent store with its commands. */
export interface ConsentStore extends Store<ConsentState> {
  /** Grants or replaces consent for whole hours within the policy's range. */
  grant(input: { durationHours: number }): Promise<Consent>;
  /** Revokes consent; the server ends every session that targets the viewer. */
  revoke(): Promise<Consent>;
  /** Re-reads consent from the server. */
  refresh(): Promise<Consent>;
}

/** The viewer/policy store. */
export interface ViewerStore extends Store<ViewerState> {
  /** Loads `/policy` and `/viewer` if not loaded yet (shared by concurrent callers). */
  load(): Promise<ViewerState>;
  /** Re-reads `/policy` and `/viewer`. */
  refresh(): Promise<ViewerState>;
}

/** The shared 1 s ticker: one timer for every countdown, aligned to whole seconds, running only while subscribed. */
export interface Ticker {
  /** Calls `listener` on every tick; the timer stops when the last listener leaves. */
  subscribe(listener: () => void): () => void;
  /** The time of the last tick (skew-corrected server ms, floored to a whole second). */
  getSnapshot(): number;
}

/** What changed in the session, for the host to refetch as the right user. */
export interface SessionChange {
  type: 'started' | 'ended' | 'restarted' | 'dismissed';
  session: Session | null;
  endReason: EndReason | null;
  /** True when the change came from another tab. */
  remote: boolean;
}

/** Options of `createImpersonationClient`. */
export interface ImpersonationClientOptions {
  /** Default "/api/impersonation". */
  baseUrl?: string;
  /** The host app's fetch (auth headers, credentials). */
  fetch?: typeof fetch;
  /** Injected time; default wraps the globals lazily. */
  clock?: Clock;
  /** Sync across tabs over BroadcastChannel; default true where it exists. */
  crossTab?: boolean;
  /** The BroadcastChannel name; tabs of one product share it. Default "impersonate-kit". */
  channelName?: string;
  /** Re-check the active session (revocation, expiry) this often; default 30 000. */
  pollIntervalMs?: number;
  /** Abort a request that has not answered after this long; default 15 000. */
  timeoutMs?: number;
  /** Extra headers on every request (e.g. a bearer token). */
  headers?: Record<string, string>;
  /** Called whenever a session starts, ends, restarts or is dismissed, here or in another tab. */
  onSessionChange?: (change: SessionChange) => void;
}

/** The typed HTTP client for every endpoint of the contract. */
export interface ApiClient {
  getPolicy(): Promise<Policy>;
  getViewer(): Promise<Viewer>;
  getEligibility(userIds: string[]): Promise<Eligibility[]>;
  startSession(input: StartSessionInput, idempotencyKey?: string): Promise<SessionResponse>;
  getCurrentSession(): Promise<SessionResponse>;
  getSession(id: string): Promise<SessionResponse>;
  recordActivity(): Promise<SessionResponse>;
  endSession(): Promise<SessionResponse>;
  /** Sends `{ stepUpCode }` (or `{}`) as the JSON body. */
  restartSession(id: string, input?: RestartSessionInput, idempotencyKey?: string): Promise<SessionResponse>;
  listSessions(query: ListSessionsQuery): Promise<Page<Session>>;
  listEvents(query: ListEventsQuery): Promise<Page<AuditEvent>>;
  getConsent(): Promise<ConsentResponse>;
  putConsent(durationHours: number): Promise<ConsentResponse>;
  deleteConsent(): Promise<ConsentResponse>;
}

/** The headless client: stores, commands, queries. */
export interface ImpersonationClient {
  readonly session: SessionStore;
  readonly consent: ConsentStore;
  readonly viewer: ViewerStore;
  readonly ticker: Ticker;
  /** The raw API client, for calls the stores do not wrap. */
  readonly api: ApiClient;
  /** The clock the client runs on. */
  readonly clock: Clock;
  getPolicy(): Promise<Policy>;
  getViewer(): Promise<Viewer>;
  /** Batched across one tick into requests of at most 100 ids, de-duplicated. */
  getEligibility(userIds: string[]): Promise<Eligibility[]>;
  listSessions(query: ListSessionsQuery): Promise<Page<Session>>;
  listEvents(query: ListEventsQuery): Promise<Page<AuditEvent>>;
  /** True while impersonating and the policy blocks `action`. */
  isBlocked(action: string): boolean;
  /** Skew-corrected server time now, in epoch ms. */
  serverNow(): number;
  /** Reports user activity for the idle time-out (headless hosts; in a browser pointer and key events do it). */
  reportActivity(): void;
  /** Stops every timer, listener and channel. */
  destroy(): void;
}
