// The session lifecycle as a pure function: no timers, no requests, no broadcasts. The session
// service runs those effects around it, so every rule here is testable with plain objects.
import type { SessionState, SessionStatus } from './clientTypes';
import type { ImpersonationError } from './errors';
import type { EndReason, Session } from './types';
import { eventNames } from './eventNames';
import { jsonEqual } from './jsonEqual';

/** Every session event name, in one map (what each carries: `SessionEventPayloads`). */
export const SESSION_EVENTS = eventNames(
  'LOADED',
  'START',
  'STARTED',
  'START_FAILED',
  'END',
  'ENDED',
  'END_FAILED',
  'EXPIRED',
  'SERVER_ENDED',
  'RESTART',
  'DISMISS',
  'REFRESHED',
  'FAILED',
  'RETRY',
);

/** One session event name. */
export type SessionEventType = (typeof SESSION_EVENTS)[keyof typeof SESSION_EVENTS];

/** What each session event carries. */
export interface SessionEventPayloads {
  /** The viewer (or current session) was read for the first time: an active session, or none. */
  LOADED: { session: Session | null };
  /** A start request went out. */
  START: Record<never, never>;
  /** The server started the session (or answered one that has already ended: then the store ends it). */
  STARTED: { session: Session };
  /** The server refused (or never answered) a start or a restart. */
  START_FAILED: { error: ImpersonationError };
  /** An end request went out. */
  END: Record<never, never>;
  /** The server ended the session at the impersonator's request. */
  ENDED: { session: Session };
  /** The end request failed. */
  END_FAILED: { error: ImpersonationError };
  /** The session ran out by the local, skew-corrected clock (the server could not be asked). */
  EXPIRED: { endReason: Extract<EndReason, 'expired' | 'idle_timeout'> };
  /** The server says the session ended, and why. */
  SERVER_ENDED: { session: Session; endReason: EndReason };
  /** A restart request went out for the session that ended. */
  RESTART: Record<never, never>;
  /** The user left the ended state ("Quit"). */
  DISMISS: Record<never, never>;
  /** The server's view of the session replaces the local one. */
  REFRESHED: { session: Session | null };
  /** The first load failed. */
  FAILED: { error: ImpersonationError };
  /** Loading again after a failed load. */
  RETRY: Record<never, never>;
}

/** A session event: its `type` and its payload. */
export type SessionEvent = { [K in SessionEventType]: { type: K } & SessionEventPayloads[K] }[SessionEventType];

function make(
  status: SessionStatus,
  session: Session | null = null,
  endReason: EndReason | null = null,
  error: ImpersonationError | null = null,
): SessionState {
  return { status, session, endReason, error };
}

/** Before anything is known about the viewer's session. */
export const initialSessionState: SessionState = Object.freeze(make('unknown'));

const IDLE: SessionState = Object.freeze(make('idle'));

/** True before the first successful read of the viewer (nothing known, or the read failed). */
export function isUnloaded(state: SessionState): boolean {
  return state.status === 'unknown' || state.status === 'error';
}

function activeWith(state: SessionState, session: Session): SessionState {
  if (state.status === 'active' && jsonEqual(state.session, session)) return state;
  // A newer copy of the same session keeps a pending error (a failed end) on show; anything else starts clean.
  return make('active', session, null, state.status === 'active' ? state.error : null);
}

function endedWith(state: SessionState, session: Session | null, endReason: EndReason): SessionState {
  return state.status === 'ended' && state.endReason === endReason && jsonEqual(state.session, session)
    ? state
    : make('ended', session, endReason);
}

/** The first read: an active session, or none (an ended one counts as none). */
function loaded(state: SessionState, session: Session | null): SessionState {
  return session?.status === 'active' ? activeWith(state, session) : IDLE;
}

/** The server ended a session: it ends ours only if it is ours (an older one's news changes nothing). */
function serverEnded(state: SessionState, session: Session, endReason: EndReason): SessionState {
  const { status, session: ours } = state;
  if (ours !== null && ours.id !== session.id) return state;
  // Already ended here (say, by the local clock): the server's word refines the reason.
  return status === 'active' || status === 'ending' || (status === 'ended' && ours !== null) ? endedWith(state, session, endReason) : state;
}

/** Pure session transition: the next state, or the same object when the event changes nothing. */
export function transitionSession(state: SessionState, event: SessionEvent): SessionState {
  const { status, session } = state;
  switch (event.type) {
    case 'LOADED':
      // Only the first read sets the state; later reads arrive as REFRESHED.
      return isUnloaded(state) ? loaded(state, event.session) : state;

    case 'START':
      return status === 'starting' || status === 'active' || status === 'ending' ? state : make('starting');

    case 'STARTED':
      if (status !== 'starting') return state;
      // A new session that is already over (its consent lapsed in between, say) is never active here.
      return event.session.status === 'active' ? make('active', event.session) : make('ended', event.session, event.session.endReason ?? 'ended');

    case 'START_FAILED':
      if (status !== 'starting') return state;
      // A failed restart goes back to the ended session it wanted to replace; a failed start to idle.
      return session ? make('ended', session, state.endReason, event.error) : make('idle', null, null, event.error);

    case 'END':
      return status === 'active' ? make('ending', session) : state;

    case 'ENDED':
      return status === 'ending' || status === 'active' ? endedWith(state, event.session, event.session.endReason ?? 'ended') : state;

    case 'END_FAILED':
      if (status !== 'ending') return state;
      // The server has no session to end: it is gone already, which is what the user asked for.
      return event.error.code === 'no_active_session' ? endedWith(state, session, 'ended') : make('active', session, null, event.error);

    case 'EXPIRED':
      return status === 'active' || status === 'ending' ? endedWith(state, session, event.endReason) : state;

    case 'SERVER_ENDED':
      return serverEnded(state, event.session, event.endReason);

    case 'RESTART':
      // Keeps the ended session for reference: a failed restart falls back to it.
      return status === 'ended' && session ? make('starting', session, state.endReason) : state;

    case 'DISMISS':
      return status === 'ended' ? IDLE : state;

    case 'REFRESHED': {
      const fresh = event.session;
      // An in-flight start or end owns the outcome; a read answered meanwhile must not undo it.
      if (status === 'starting' || status === 'ending') return state;
      if (isUnloaded(state)) return loaded(state, fresh);
      // No session on the server: an active one here is gone; idle and ended already agree.
      if (!fresh) return status === 'active' ? endedWith(state, session, 'ended') : state;
      return fresh.status === 'active' ? activeWith(state, fresh) : serverEnded(state, fresh, fresh.endReason ?? 'ended');
    }

    case 'FAILED':
      // Only a first load fails into `error`; a failed re-read leaves a known state alone.
      return isUnloaded(state) && state.error !== event.error ? make('error', null, null, event.error) : state;

    case 'RETRY':
      return status === 'error' ? initialSessionState : state;
  }
}
