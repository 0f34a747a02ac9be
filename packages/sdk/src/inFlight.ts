// Concurrent callers of one operation share its request: a double click starts one session,
// two components loading the viewer make one call.

/** A slot for one pending operation: while it runs, every call gets its promise instead of starting another. */
export function inFlight<T>(): (run: () => Promise<T>) => Promise<T> {
  let pending: Promise<T> | undefined;
  return (run) =>
    (pending ??= run().finally(() => {
      pending = undefined;
    }));
}
