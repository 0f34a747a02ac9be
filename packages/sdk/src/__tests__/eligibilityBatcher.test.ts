import { describe, expect, it, vi } from 'vitest';
import { createEligibilityBatcher, MAX_ELIGIBILITY_IDS } from '../eligibilityBatcher';
import { ImpersonationError } from '../errors';
import type { Eligibility } from '../types';
import { eligibility } from './transportFixtures';

// A server that answers every id it is asked about, in reverse order to prove order is restored.
function server(refuse: (ids: string[]) => boolean = () => false) {
  return vi.fn(async (ids: string[]): Promise<Eligibility[]> => {
    if (refuse(ids)) throw new ImpersonationError('internal_error', 'Chunk failed', 500);
    return ids.map((id) => eligibility(id)).reverse();
  });
}

const userIds = (count: number, prefix = 'u') => Array.from({ length: count }, (_, index) => `${prefix}${index}`);

describe('the eligibility batcher', () => {
  describe('given several rows asking in the same tick', () => {
    it('sends one request with every id once', async () => {
      const fetchBatch = server();
      const batcher = createEligibilityBatcher(fetchBatch);
      const rows = [batcher.load(['u_alice']), batcher.load(['u_bob', 'u_alice']), batcher.load(['u_ada'])];
      expect(fetchBatch).not.toHaveBeenCalled();
      await Promise.all(rows);
      expect(fetchBatch).toHaveBeenCalledTimes(1);
      expect(fetchBatch).toHaveBeenCalledWith(['u_alice', 'u_bob', 'u_ada']);
    });

    it('gives each caller exactly its own ids, in its order, duplicates included', async () => {
      const batcher = createEligibilityBatcher(server());
      const [first, second] = await Promise.all([batcher.load(['u_bob', 'u_alice']), batcher(['u_alice', 'u_ada', 'u_alice'])]);
      expect(first.map((item) => item.userId)).toEqual(['u_bob', 'u_alice']);
      expect(second.map((item) => item.userId)).toEqual(['u_alice', 'u_ada', 'u_alice']);
    });

    it('answers an empty ask at once without a request', async () => {
      const fetchBatch = server();
      await expect(createEligibilityBatcher(fetchBatch).load([])).resolves.toEqual([]);
      expect(fetchBatch).not.toHaveBeenCalled();
    });
  });

  describe('given asks in different ticks', () => {
    it('sends one request per tick', async () => {
      const fetchBatch = server();
      const batcher = createEligibilityBatcher(fetchBatch);
      await batcher.load(['u_alice']);
      await batcher.load(['u_alice']);
      expect(fetchBatch).toHaveBeenCalledTimes(2);
    });
  });

  describe(`given more than ${MAX_ELIGIBILITY_IDS} distinct ids`, () => {
    it('splits them into requests of at most 100', async () => {
      const fetchBatch = server();
      const batcher = createEligibilityBatcher(fetchBatch);
      const ids = userIds(150);
      const [all, tail] = await Promise.all([batcher.load(ids), batcher.load(['u149', 'u0'])]);
      expect(fetchBatch).toHaveBeenCalledTimes(2);
      expect(fetchBatch.mock.calls[0]?.[0]).toEqual(ids.slice(0, 100));
      expect(fetchBatch.mock.calls[1]?.[0]).toEqual(ids.slice(100));
      expect(all.map((item) => item.userId)).toEqual(ids);
      expect(tail.map((item) => item.userId)).toEqual(['u149', 'u0']);
    });

    it('counts the limit after removing duplicates', async () => {
      const fetchBatch = server();
      const batcher = createEligibilityBatcher(fetchBatch);
      await Promise.all([batcher.load(userIds(100)), batcher.load(userIds(100))]);
      expect(fetchBatch).toHaveBeenCalledTimes(1);
    });

    it('honours a smaller batch size', async () => {
      const fetchBatch = server();
      await createEligibilityBatcher(fetchBatch, { maxBatchSize: 2 }).load(['a', 'b', 'c']);
      expect(fetchBatch.mock.calls.map(([ids]) => ids)).toEqual([['a', 'b'], ['c']]);
    });
  });

  describe('when one chunk fails', () => {
    it('rejects only the callers that needed an id from it', async () => {
      const fetchBatch = server((ids) => ids.includes('u120'));
      const batcher = createEligibilityBatcher(fetchBatch);
      const first = batcher.load(userIds(100));
      const spanning = batcher.load(['u5', 'u120']);
      const second = batcher.load(userIds(30, 'v'));
      await expect(first).resolves.toHaveLength(100);
      await expect(spanning).rejects.toMatchObject({ code: 'internal_error', status: 500 });
      await expect(second).rejects.toMatchObject({ code: 'internal_error' });
    });

    it('turns a synchronous throw or a plain error into an ImpersonationError', async () => {
      const boom = new Error('boom');
      const batcher = createEligibilityBatcher(() => {
        throw boom;
      });
      const error: unknown = await batcher.load(['u_alice']).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(ImpersonationError);
      expect(error).toMatchObject({ code: 'internal_error', cause: boom });
    });
  });

  describe('when the server leaves an id out', () => {
    it('rejects the callers that asked for it with invalid_response, and only them', async () => {
      const batcher = createEligibilityBatcher(async (ids) => ids.filter((id) => id !== 'u_ghost').map((id) => eligibility(id)));
      const withGhost = batcher.load(['u_alice', 'u_ghost']);
      const without = batcher.load(['u_alice']);
      await expect(withGhost).rejects.toMatchObject({ code: 'invalid_response', details: { userId: 'u_ghost' } });
      await expect(without).resolves.toEqual([eligibility('u_alice')]);
    });
  });
});
