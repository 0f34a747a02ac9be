// The one subscribe/emit behind every store, the ticker and the cross-tab channel (the zustand
// vanilla pattern), so each of them only says what its snapshot is and when it changes.

/** A set of listeners: `subscribe` returns `unsubscribe`, `emit` calls every listener subscribed right now. */
export interface Listeners<A extends unknown[]> {
  subscribe(listener: (...args: A) => void): () => void;
  emit(...args: A): void;
  clear(): void;
}

/** Listeners with hooks: `onSubscribe` runs after each subscribe (the first can start a load), `onIdle` when the last one leaves. */
export function createListeners<A extends unknown[] = []>(onSubscribe?: () => void, onIdle?: () => void): Listeners<A> {
  const listeners = new Set<(...args: A) => void>();
  return {
    subscribe(listener) {
      // A wrapper per subscription, so the same function subscribed twice counts twice.
      const entry = (...args: A) => listener(...args);
      listeners.add(entry);
      onSubscribe?.();
      return () => {
        if (listeners.delete(entry) && !listeners.size) onIdle?.();
      };
    },
    emit(...args) {
      // A copy: a listener may unsubscribe itself or others while we go round.
      for (const listener of [...listeners]) listener(...args);
    },
    clear: () => listeners.clear(),
  };
}
