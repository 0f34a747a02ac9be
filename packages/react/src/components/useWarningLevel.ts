'use client';
import { useSyncExternalStore } from 'react';
import type { Ticker } from '@impersonate-kit/sdk';
import { warningLevelOf } from '../hooks/useCountdown';
import type { WarningLevel } from '../hooks/useCountdown';

export type { WarningLevel } from '../hooks/useCountdown';

/**
 * The warning level of a session ending at `expiresAtMs`, read from the shared ticker. The
 * snapshot is the level itself, so its caller re-renders only when a threshold is crossed,
 * never once a second.
 */
export function useWarningLevel(ticker: Ticker, expiresAtMs: number): WarningLevel {
  // The tick time (not the wall clock) keeps the snapshot stable between ticks, as React requires.
  return useSyncExternalStore(ticker.subscribe, () => warningLevelOf(expiresAtMs - ticker.getSnapshot()), () => 'none');
}
