// Runs the effects around the session machine: requests, the expiry and poll timers, wake-up
// checks, the idle heartbeat and cross-tab news. Every decision about time compares server time
// (the skew-corrected clock) with `expiresAt`, so late timers and sleeping tabs cannot fool it.
import type { ApiClient, Clock, SessionChange, SessionState, SessionStore } from './clientTypes';
import type { CrossTab, SessionBroadcastChange } from './crossTab';
import type { SessionEvent } from './sessionMachine';
import type { SkewMeter } from './skew';
import type { RestartSessionInput, Session, SessionResponse, StartSessionInput } from './types';
import type { ViewerService } from './viewerStore';
import { restartBody } from './apiClient';
import { createDeadline } from './deadline';
import { ImpersonationError, isLostAnswer } from './errors';
import { inFlight } from './inFlight';
import { jsonEqual } from './jsonEqual';
import { createListeners } from './listeners';
import { randomId } from './randomId';
import { initialSessionState, isUnloaded, transitionSession } from './sessionMachine';
import { armTimer } from './timer';
import { DEFAULT_RESTART_WINDOW_SECONDS } from './validate';

/** How often an active session is re-checked unless told otherwise. */
export const DEFAULT_POLL_INTERVAL_MS = 30_000;

/** The idle heartbeat is sent at most this often. */
export const HEARTBEAT_INTERVAL_MS = 60_000;

/** How many times a start or restart whose answer was lost is sent again, with the same key and body. */
export const MAX_START_RETRIES = 2;

/** How long the contract's server remembers an Idempotency-Key: a key is reused only within it. */
export const IDEMPOTENCY_WINDOW_MS = 10 * 60_000;

/** Error codes from any call that mean the active session may be gone: they trigger a re-check. */
export const SESSION_RECHECK_CODES: readonly string[] = ['consent_revoked', 'consent_required', 'consent_expired', 'no_active_session', 'target_unavailable'];

/** Options of `createSessionService`. */
export interface SessionServiceOptions {
  /** The client's api: every answer measures the skew and every failure is an ImpersonationError. */
  api: ApiClient;
  clock: Clock;
  skew: SkewMeter;
  viewer: ViewerService;
  crossTab: CrossTab;
  /** Default 30 000. */
  pollIntervalMs?: number;
  onSessionChange?: (change: SessionChange) => void;
}

/** The session store plus what the client wires to it. */
export interface SessionService extends SessionStore {
  /** The user did something: sends the idle heartbeat when the policy has an idle time-out (at most once a minute). */
  reportActivity(): void;
  /** Looks at a failure of any call; one that says the session may be gone triggers a re-check. */
  noticeError(error: ImpersonationError): void;
  /** Stops every timer and listener. */
  destroy(): void;
}

/** What the change from `prev` to `next` is news of, for other tabs and the host; null when nobody needs to hear. */
function describeChange(prev: SessionState, next: SessionState): SessionBroadcastChange | null {
  // The machine answers a new object only when something changed, so an active or ended state
  // that follows the same status is an update (a moved deadline, a refined end reason).
  if (isUnloaded(prev)) return null;
  if (next.status === 'active') {
    if (prev.session?.id !== next.session?.id) return next.session?.restartOf == null ? 'started' : 'restarted';
    return prev.status === 'active' ? 'updated' : null;
  }
  if (next.status === 'ended') return prev.status === 'ended' ? 'updated' : 'ended';
  return next.status === 'idle' && prev.status === 'ended' ? 'dismissed' : null;
}

const ACTIVITY_OPTIONS = { capture: true, passive: true };

/** The session store: the machine plus its requests, timers, listeners and cross-tab news. */
export function createSessionService({
  api,
  clock,
  skew,
  viewer,
  crossTab,
  pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
  onSessionChange,
}: SessionServiceOptions): SessionService {
  let state = initialSessionState;
  let destroyed = false;
  let stopPoll: (() => void) | undefined;
  let detachPage: (() => void) | undefined;
  let beating = false;
  let lastBeatAt = 0;
  // Server time at which this store saw its session end, for a session ended without `endedAt` (by the local clock).
  let endSeenAt = Number.NaN;
  // The last start or restart whose answer was lost: the same call again sends the same key and body.
  let lost: { what: unknown; key: string; at: number } | undefined;
  const loading = inFlight<unknown>();
  const starting = inFlight<Session>();
  const ending = inFlight<Session>();
  const checking = inFlight<void>();
  // Due by the skew-corrected clock: ask the server why it ended (check ends it locally if it cannot).
  const expiry = createDeadline(clock, skew, () => void check());
  // The first watcher starts the read, so a page that shows the session needs no extra call.
  const { subscribe, emit, clear } = createListeners(() => {
    if (state.status === 'unknown') void load(false);
  });

  /** Feeds the machine; false when the event changed nothing (so a command it ignores can be refused). */
  function dispatch(event: SessionEvent, remote = false): boolean {
    const prev = state;
    const next = transitionSession(prev, event);
    if (next === prev) return false;
    state = next;
    const { status, session, endReason } = next;
    if (status === 'ended' && prev.status !== 'ended') endSeenAt = skew.serverNow();
    syncEffects();
    if (!isUnloaded(next)) viewer.setSession(status === 'active' || status === 'ending' ? session : null);
    emit();
    const change = describeChange(prev, next);
    if (change && !destroyed) {
      // News from another tab is applied here, never echoed back.
      if (!remote) crossTab.post({ type: 'session', change, state: { status, session, endReason } });
      try {
        if (change !== 'updated') onSessionChange?.({ type: change, session, endReason, remote });
      } catch (error) {
        // A failing host callback must not leave the store half-updated.
        console.error('onSessionChange', error);
      }
    }
    return true;
  }

  /** The session while it is active (the machine never has an active status without one). */
  const running = () => (state.status === 'active' ? state.session : null);

  const msLeft = (session: Session) => Date.parse(session.expiresAt) - skew.serverNow();

  /** Ends the session by the local clock when it ran out; the server could not say why. */
  function expireIfDue(): void {
    const session = running();
    if (session && msLeft(session) <= 0) dispatch({ type: 'EXPIRED', endReason: session.expiresBecause === 'idle' ? 'idle_timeout' : 'expired' });
  }

  /** Timers and listeners exist exactly while a session is active. */
  function syncEffects(): void {
    const session = running();
    if (destroyed || !session) {
      expiry.stop();
      stopPoll?.();
      stopPoll = undefined;
      detachPage?.();
      detachPage = undefined;
      return;
    }
    expiry.aim(Date.parse(session.expiresAt));
    stopPoll ??= armTimer(clock, pollIntervalMs, () => {
      stopPoll = undefined;
      syncEffects();
      void check();
    });
    detachPage ??= watchPage();
  }

  function watchPage(): () => void {
    const win: Window | undefined = globalThis.window;
    const doc: Document | undefined = globalThis.document;
    // A tab coming back (from the background or from sleep) checks at once instead of trusting its timers.
    const wake = () => {
      if (doc?.visibilityState !== 'hidden') void check();
    };
    const activity = () => reportActivity();
    const toggle = (method: 'addEventListener' | 'removeEventListener') => {
      win?.[method]('focus', wake);
      doc?.[method]('visibilitychange', wake);
      win?.[method]('pointerdown', activity, ACTIVITY_OPTIONS);
      win?.[method]('keydown', activity, ACTIVITY_OPTIONS);
    };
    toggle('addEventListener');
    return () => toggle('removeEventListener');
  }

  /**
   * Applies the server's copy of our session; a copy of some other session changes nothing, and
   * an active copy (asked for before an end answered) never brings back a session ended here.
   */
  function applyServerSession({ session }: SessionResponse): void {
    if (state.session?.id === session.id && (state.status === 'active' || session.status !== 'active')) dispatch({ type: 'REFRESHED', session });
  }

  /** Re-checks the active session with the server; if it cannot be asked, the local clock decides. */
  const check = () =>
    checking(async () => {
      if (!destroyed) await refresh().catch(() => {});
    });

  const load = (fresh: boolean) =>
    loading(() => {
      if (state.status === 'error') dispatch({ type: 'RETRY' });
      return (fresh ? viewer.refresh() : viewer.load()).then(
        (loaded) => dispatch({ type: 'LOADED', session: loaded.viewer?.session ?? null }),
        (error: ImpersonationError) => dispatch({ type: 'FAILED', error }),
      );
    });

  async function refresh(): Promise<SessionState> {
    const session = running();
    if (isUnloaded(state)) {
      await load(true);
      if (state.status === 'error' && state.error) throw state.error;
    } else if (session) {
      try {
        applyServerSession(await api.getSession(session.id));
      } finally {
        // Whatever the server said (or if it said nothing): a session past its deadline is over.
        expireIfDue();
        syncEffects();
      }
    } else if (state.status === 'idle' || state.status === 'ended') {
      const before = state;
      const current = await api.getCurrentSession().then(
        (answer) => answer.session,
        (error: ImpersonationError) => {
          if (error.code !== 'no_active_session') throw error;
          return null;
        },
      );
      // A start, restart or dismiss answered meanwhile is newer than this read.
      if (state === before) dispatch({ type: 'REFRESHED', session: current });
    }
    return state;
  }

  /** Runs a start, restart or end request, telling the machine how it went. */
  function track(
    request: Promise<SessionResponse>,
    done: 'STARTED' | 'ENDED',
    failed: 'START_FAILED' | 'END_FAILED',
  ): Promise<Session> {
    return request.then(
      ({ session }) => {
        dispatch({ type: done, session });
        return session;
      },
      (error: ImpersonationError) => {
        dispatch({ type: failed, error });
        // The server knows a session this tab missed (started elsewhere), or may have acted on a
        // request whose answer was lost: learn it.
        if (error.code === 'already_impersonating' || isLostAnswer(error)) refresh().catch(() => {});
        throw error;
      },
    );
  }

  /**
   * Sends one logical start or restart: one Idempotency-Key for all its tries, sent again with the
   * same body when an answer is lost, so the server makes one session of them and a lost answer
   * never turns into a 409. The same call made again right after such a loss reuses key and body.
   */
  async function sendOnce<T>(what: T, request: (what: T, key: string) => Promise<SessionResponse>): Promise<SessionResponse> {
    const reuse = lost && jsonEqual(lost.what, what) && clock.now() - lost.at < IDEMPOTENCY_WINDOW_MS ? lost : undefined;
    const attempt = reuse ?? { what, key: randomId(), at: clock.now() };
    lost = undefined;
    for (let retries = 0; ; retries += 1) {
      try {
        return await request(attempt.what as T, attempt.key);
      } catch (error) {
        const answerLost = isLostAnswer(error as ImpersonationError);
        if (!answerLost || retries >= MAX_START_RETRIES || destroyed) {
          if (answerLost) lost = attempt;
          throw error;
        }
      }
    }
  }

  // A double click joins the start in flight: one request, one session.
  const start = (input: StartSessionInput) =>
    starting(async () => {
      if (isUnloaded(state)) await load(false);
      // The machine refuses a start while a session is active or ending.
      if (!dispatch({ type: 'START' })) throw new ImpersonationError('already_impersonating', 'Session active', 409);
      return track(sendOnce(input, (what, key) => api.startSession(what, key)), 'STARTED', 'START_FAILED');
    });

  /** Ms left to offer Restart for the ended session: from its end (as the server dates it) plus the policy's window. */
  function restartRemainingMs(): number {
    const { status, session } = state;
    const rules = viewer.getSnapshot().policy?.session;
    if (status !== 'ended' || !session || rules?.restartAllowed === false) return 0;
    // Ended here by the local clock, the session has no endedAt: it ended at its deadline, or when we saw it end.
    const endedAt = Date.parse(session.endedAt ?? '') || Math.min(Date.parse(session.expiresAt), endSeenAt);
    const windowMs = (rules?.restartWindowSeconds ?? DEFAULT_RESTART_WINDOW_SECONDS) * 1000;
    return Math.max(0, endedAt + windowMs - skew.serverNow()) || 0;
  }

  const restart = (input?: RestartSessionInput) =>
    starting(async () => {
      const previous = state.session;
      // Only an ended session restarts, while the policy's window is open; the machine checks the state again.
      if (!previous || restartRemainingMs() <= 0 || !dispatch({ type: 'RESTART' })) {
        throw new ImpersonationError('restart_not_allowed', 'Restart not allowed', 409);
      }
      return track(sendOnce({ restart: previous.id, body: restartBody(input) }, (what, key) => api.restartSession(what.restart, what.body, key)), 'STARTED', 'START_FAILED');
    });

  const end = () =>
    ending(async () => {
      if (!dispatch({ type: 'END' })) throw new ImpersonationError('no_active_session', 'No session', 404);
      return track(api.endSession(), 'ENDED', 'END_FAILED');
    });

  function reportActivity(): void {
    const session = running();
    if (destroyed || beating || !session) return;
    // Activity on a session that already ran out (a tab waking from sleep): end it, do not extend it.
    if (msLeft(session) <= 0) {
      void check();
      return;
    }
    const policy = viewer.getSnapshot().policy;
    const watchesIdle = policy ? policy.session.idleTimeoutSeconds !== null : session.expiresBecause === 'idle';
    const now = skew.serverNow();
    if (!watchesIdle || now - Math.max(Date.parse(session.lastActivityAt) || 0, lastBeatAt) < HEARTBEAT_INTERVAL_MS) return;
    lastBeatAt = now;
    beating = true;
    api
      .recordActivity()
      // A lost heartbeat costs at most a minute of idle time; the next activity tries again.
      .then(applyServerSession, () => {})
      .finally(() => {
        beating = false;
      });
  }

  const stopCrossTab = crossTab.subscribe((message) => {
    if (message.type !== 'session') return;
    const shared = message.state;
    const session = shared?.session;
    if (message.change === 'dismissed') dispatch({ type: 'DISMISS' }, true);
    else if (session && shared.status === 'active') dispatch({ type: 'REFRESHED', session }, true);
    else if (session && shared.status === 'ended') dispatch({ type: 'SERVER_ENDED', session, endReason: shared.endReason ?? 'ended' }, true);
    // News without the session: ask the server.
    else refresh().catch(() => {});
  });

  return {
    subscribe,
    getSnapshot: () => state,
    start,
    end,
    restart,
    dismiss: () => void dispatch({ type: 'DISMISS' }),
    refresh,
    remainingMs() {
      const { status, session } = state;
      return session && (status === 'active' || status === 'ending') ? Math.max(0, msLeft(session)) : 0;
    },
    restartRemainingMs,
    reportActivity,
    noticeError(error) {
      if (SESSION_RECHECK_CODES.includes(error.code) && running()) void check();
    },
    destroy() {
      destroyed = true;
      stopCrossTab();
      syncEffects();
      clear();
    },
  };
}
