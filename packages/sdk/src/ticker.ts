// One timer for every countdown on the page. Each tick is scheduled afresh for the next whole
// second of server time (setTimeout, never setInterval), so a throttled background tab or a
// machine waking from sleep lands back on the second instead of drifting.
import type { Clock, Ticker } from './clientTypes';
import { createListeners } from './listeners';
import { armTimer } from './timer';

/** The ticker plus its teardown. */
export interface TickerService extends Ticker {
  /** Drops every listener and stops the timer. */
  destroy(): void;
}

/** A shared 1 s ticker on `clock`, aligned to whole seconds of `now()` (server time); it runs only while subscribed. */
export function createTicker(clock: Clock, now: () => number): TickerService {
  const second = () => Math.floor(now() / 1000) * 1000;
  // Set exactly while someone listens.
  let cancel: (() => void) | undefined;
  let last = second();
  const { subscribe, emit, clear } = createListeners(() => {
    if (cancel) return;
    last = second();
    schedule();
  }, stop);

  function schedule(): void {
    const into = ((now() % 1000) + 1000) % 1000;
    cancel = armTimer(clock, 1000 - into, tick);
  }

  function tick(): void {
    const current = second();
    // Scheduling first lets a listener that unsubscribes the last one stop the new timer.
    schedule();
    // A timer that fired early (the skew moved) lands on the same second: nothing to tell.
    if (current === last) return;
    last = current;
    emit();
  }

  function stop(): void {
    cancel?.();
    cancel = undefined;
  }

  return {
    subscribe,
    getSnapshot: () => (cancel ? last : second()),
    destroy() {
      clear();
      stop();
    },
  };
}
