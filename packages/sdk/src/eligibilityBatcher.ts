// A page of user rows each asking "may I impersonate this one?" becomes one request, not fifty.
import { ImpersonationError, toImpersonationError } from './errors';
import type { Eligibility } from './types';

/** The most ids `GET /eligibility` accepts in one request. */
export const MAX_ELIGIBILITY_IDS = 100;

/** Loads eligibility for some ids; calls made in the same tick share requests. Callable directly or as `.load`. */
export interface EligibilityBatcher {
  /** Resolves with one Eligibility per id, in the order asked (duplicates included). */
  (ids: string[]): Promise<Eligibility[]>;
  /** The same function, for callers that prefer `batcher.load(ids)`. */
  load(ids: string[]): Promise<Eligibility[]>;
}

interface Waiter {
  ids: string[];
  resolve: (items: Eligibility[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Merges every `load` made in one tick (flushed in a microtask), de-duplicates the ids and asks
 * `fetchBatch` in chunks of at most `maxBatchSize`. A failed chunk rejects only the callers that
 * needed one of its ids; an id the server left out rejects its callers with `invalid_response`.
 */
export function createEligibilityBatcher(
  fetchBatch: (ids: string[]) => Promise<Eligibility[]>,
  { maxBatchSize = MAX_ELIGIBILITY_IDS }: { maxBatchSize?: number } = {},
): EligibilityBatcher {
  const size = Math.max(1, maxBatchSize);
  let waiting: Waiter[] = [];

  function flush(): void {
    const waiters = waiting;
    waiting = [];
    const unique = [...new Set(waiters.flatMap((waiter) => waiter.ids))];
    const chunkOf = new Map<string, Promise<Eligibility[]>>();
    for (let start = 0; start < unique.length; start += size) {
      const ids = unique.slice(start, start + size);
      // `new Promise` turns a synchronous throw in fetchBatch into a rejection of this chunk only.
      const chunk = new Promise<Eligibility[]>((resolve) => resolve(fetchBatch(ids)));
      for (const id of ids) chunkOf.set(id, chunk);
    }
    // Only the chunks holding a waiter's ids decide its fate.
    for (const { ids, resolve, reject } of waiters) {
      Promise.all(
        ids.map(async (id) => {
          const item = (await chunkOf.get(id))?.find((entry) => entry.userId === id);
          if (!item) throw new ImpersonationError('invalid_response', `No eligibility: ${id}`, 0, { userId: id });
          return item;
        }),
      ).then(resolve, (error: unknown) => reject(toImpersonationError(error)));
    }
  }

  // No ids: the flush finds nothing to ask and answers [] without a request.
  const load = (ids: string[]): Promise<Eligibility[]> =>
    new Promise((resolve, reject) => {
      if (!waiting.length) queueMicrotask(flush);
      waiting.push({ ids: [...ids], resolve, reject });
    });
  return Object.assign(load, { load });
}
