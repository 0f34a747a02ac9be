'use client';
import { useCallback, useSyncExternalStore } from 'react';
import type { Ticker } from '@impersonate-kit/sdk';
import { CRITICAL_MS, WARNING_MS } from '../hooks/useCountdown';

/** How close the session is to its end: nothing yet, under 5 minutes, under 1 minute. */
export type WarningLevel = 'none' | 'warning' | 'critical';

/** The warning level for `remainingMs` of time left (the same thresholds as `useCountdown`). */
export function warningLevelOf(remainingMs: number): WarningLevel {
  if (remainingMs <= CRITICAL_MS) return 'critical';
  return remainingMs <= WARNING_MS ? 'warning' : 'none';
}

/**
 * The warning level of a session ending at `expiresAtMs`, read from the shared ticker. The
 * snapshot is the level itself, so its caller re-renders only when a threshold is crossed,
 * never once a second.
 */
export function useWarningLevel(ticker: Ticker, expiresAtMs: number): WarningLevel {
  const subscribe = useCallback((listener: () => void) => ticker.subscribe(listener), [ticker]);
  // The tick time (not the wall clock) keeps the snapshot stable between ticks, as React requires.
  const getSnapshot = useCallback(() => warningLevelOf(expiresAtMs - ticker.getSnapshot()), [ticker, expiresAtMs]);
  const getServerSnapshot = useCallback((): WarningLevel => 'none', []);
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
