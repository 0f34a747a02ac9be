// The viewer's own consent as a pure function; the consent service runs the requests and the
// expiry timer around it.
import type { ConsentState, ConsentStatus } from './clientTypes';
import type { ImpersonationError } from './errors';
import type { Consent } from './types';
import { eventNames } from './eventNames';
import { jsonEqual } from './jsonEqual';

/** Every consent event name, in one map (what each carries: `ConsentEventPayloads`). */
export const CONSENT_EVENTS = eventNames('LOAD', 'LOADED', 'SAVE', 'SAVED', 'SAVE_FAILED', 'EXPIRED', 'FAILED');

/** One consent event name. */
export type ConsentEventType = (typeof CONSENT_EVENTS)[keyof typeof CONSENT_EVENTS];

/** What each consent event carries. */
export interface ConsentEventPayloads {
  /** A read of the consent went out. */
  LOAD: Record<never, never>;
  /** The server's consent arrived (a read, or another tab's news). */
  LOADED: { consent: Consent };
  /** A grant or a revoke went out. */
  SAVE: Record<never, never>;
  /** The server answered a grant or a revoke. */
  SAVED: { consent: Consent };
  /** A grant or a revoke failed. */
  SAVE_FAILED: { error: ImpersonationError };
  /** The consent reached its `expiresAt` by the skew-corrected clock. */
  EXPIRED: Record<never, never>;
  /** A read failed. */
  FAILED: { error: ImpersonationError };
}

/** A consent event: its `type` and its payload. */
export type ConsentEvent = { [K in ConsentEventType]: { type: K } & ConsentEventPayloads[K] }[ConsentEventType];

function make(status: ConsentStatus, consent: Consent | null, error: ImpersonationError | null = null): ConsentState {
  return { status, consent, error };
}

/** Before the consent was read. */
export const initialConsentState: ConsentState = Object.freeze(make('unknown', null));

function settled(state: ConsentState, consent: Consent): ConsentState {
  return state.status === consent.status && !state.error && jsonEqual(state.consent, consent) ? state : make(consent.status, consent);
}

/** Pure consent transition: the next state, or the same object when the event changes nothing. */
export function transitionConsent(state: ConsentState, event: ConsentEvent): ConsentState {
  const { status, consent, error } = state;
  switch (event.type) {
    case 'LOAD':
      // A re-read of a known consent happens quietly: the page keeps showing what it has.
      return status === 'unknown' || status === 'error' ? make('loading', consent) : state;

    case 'LOADED':
      // A save in flight owns the outcome; a read answered meanwhile may predate it.
      return status === 'saving' ? state : settled(state, event.consent);

    case 'SAVE':
      return status === 'saving' ? state : make('saving', consent);

    case 'SAVED':
      // The server's answer is the truth whatever happened meanwhile (two saves, another tab).
      return settled(state, event.consent);

    case 'SAVE_FAILED':
      return status === 'saving' ? make(consent ? consent.status : 'error', consent, event.error) : state;

    case 'EXPIRED':
      return status === 'active' && consent ? make('inactive', { ...consent, status: 'inactive' }) : state;

    case 'FAILED':
      if (error === event.error) return state;
      // A failed re-read keeps the consent on show and says what went wrong.
      return make(status === 'unknown' || status === 'loading' || status === 'error' ? 'error' : status, consent, event.error);
  }
}
