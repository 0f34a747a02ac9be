// A timer aimed at an instant of server time (a session's or a consent's `expiresAt`). It fires
// on the client clock corrected by the measured skew and checks server time again when it does,
// so a late timer, a sleeping tab or a skew that moved meanwhile cannot make it end anything early.
import type { Clock } from './clientTypes';
import type { SkewMeter } from './skew';
import { armTimer } from './timer';

/** A deadline timer: `aim(ms)` (re)aims it at a server-time instant, NaN or `stop()` disarms it. */
export interface Deadline {
  aim(serverMs: number): void;
  stop(): void;
}

/** Calls `onDue` once server time reaches the instant the deadline is aimed at. */
export function createDeadline(clock: Clock, skew: SkewMeter, onDue: () => void): Deadline {
  let cancel: (() => void) | undefined;
  // The client-clock instant the timer is set for; it moves when the deadline or the skew does.
  let target: number | undefined;
  let deadline = Number.NaN;

  function stop(): void {
    cancel?.();
    cancel = target = undefined;
  }

  function aim(serverMs: number): void {
    const next = serverMs - skew.offsetMs();
    if (next === target) return;
    stop();
    if (!Number.isFinite(next)) return;
    deadline = serverMs;
    target = next;
    const delay = Math.ceil(next - clock.now());
    // Not due yet but rounding says "now": wait a millisecond rather than spin on zero-delay timers.
    cancel = armTimer(clock, delay > 0 || skew.serverNow() >= serverMs ? delay : 1, fire);
  }

  function fire(): void {
    cancel = target = undefined;
    // Early (the skew moved since it was set): aim again.
    if (skew.serverNow() >= deadline) onDue();
    else aim(deadline);
  }

  return { aim, stop };
}
