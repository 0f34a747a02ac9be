'use client';
import { useSyncExternalStore } from 'react';
import { formatRemaining } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import { useImpersonation } from './useImpersonation';

/** Minutes left at which the countdown turns to a warning, then to critical. */
export const WARNING_MS = 5 * 60_000;
/** Below this the warning is critical. */
export const CRITICAL_MS = 60_000;

/** What `useCountdown` returns. */
export interface UseCountdownResult {
  /** Skew-corrected time left of the active session; 0 when none. */
  remainingMs: number;
  /** The time left as "mm:ss" or "h:mm:ss". */
  text: string;
  /** `false`, then `"warning"` from 5 minutes left, then `"critical"` from 1 minute. */
  warning: false | 'warning' | 'critical';
}

/** How close the session is to its end: nothing yet, under 5 minutes, under 1 minute. */
export type WarningLevel = 'none' | 'warning' | 'critical';

/** The warning level for `remainingMs` of time left. */
export function warningLevelOf(remainingMs: number): WarningLevel {
  return remainingMs <= CRITICAL_MS ? 'critical' : remainingMs <= WARNING_MS ? 'warning' : 'none';
}

const noSubscription = () => () => {};
const noTick = () => 0;

/** Time left of the active session; re-renders its caller once a second while active, and nobody else. */
export function useCountdown(): UseCountdownResult {
  const { client } = useImpersonationContext();
  const { state } = useImpersonation();
  const active = state.status === 'active' || state.status === 'ending';
  const ticker = client.ticker;
  // Only an active session subscribes to the ticker, so an idle page runs no timer at all.
  useSyncExternalStore(active ? ticker.subscribe : noSubscription, active ? ticker.getSnapshot : noTick, noTick);
  const remainingMs = active ? client.session.remainingMs() : 0;
  const level = warningLevelOf(remainingMs);
  return { remainingMs, text: formatRemaining(remainingMs), warning: active && level !== 'none' && level };
}
