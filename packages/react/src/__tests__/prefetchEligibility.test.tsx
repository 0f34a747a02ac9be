import { QueryClient } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useEligibility } from '../hooks/useEligibility';
import { prefetchEligibility, usePrefetchEligibility } from '../hooks/usePrefetchEligibility';
import { setupKitServer } from './kitHarness';

const { kit, requestsTo } = setupKitServer();

const ROWS = ['u_alice', 'u_sam', 'u_bob'];

describe('usePrefetchEligibility', () => {
  it('loads the rows of a list in one request, and their items then answer at once without asking again', async () => {
    // Shared by the two renders below (each mounts its own provider).
    const { wrapper } = kit({ provider: { queryClient: new QueryClient() } });
    const { result: prefetch } = renderHook(() => usePrefetchEligibility(), { wrapper });

    await act(() => prefetch.current([...ROWS, 'u_alice']));
    const asked = requestsTo('/eligibility');
    expect(asked).toHaveLength(1);
    expect(asked[0]?.query.get('userIds')?.split(',').sort()).toEqual([...ROWS].sort());

    // What a menu opened after the list loaded sees on its very first render: never "Checking".
    const { result } = renderHook(() => ({ alice: useEligibility('u_alice'), sam: useEligibility('u_sam') }), { wrapper });
    expect(result.current.alice).toMatchObject({ isLoading: false, allowed: true });
    expect(result.current.sam).toMatchObject({ isLoading: false, allowed: false, message: 'This user is suspended or deleted.' });
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(result.current.alice.isFetching).toBe(false);
    expect(requestsTo('/eligibility')).toHaveLength(1);
  });

  it('asks nothing for a viewer without the permission, whose items stay hidden', async () => {
    const { wrapper } = kit({ viewer: 'u_alice' });
    const { result: prefetch } = renderHook(() => usePrefetchEligibility(), { wrapper });

    await act(() => prefetch.current(ROWS));
    expect(requestsTo('/viewer')).toHaveLength(1);
    expect(requestsTo('/eligibility')).toHaveLength(0);
  });

  it('resolves even when the viewer cannot be read, leaving the failure to the items', async () => {
    const { api, wrapper } = kit();
    api.signIn(null);
    const { result: prefetch } = renderHook(() => usePrefetchEligibility(), { wrapper });

    await expect(act(() => prefetch.current(ROWS))).resolves.toBeUndefined();
    expect(requestsTo('/eligibility')).toHaveLength(0);
  });
});

describe('prefetchEligibility', () => {
  it("fills the cache of the provider's QueryClient from a route loader, before anything renders", async () => {
    const queryClient = new QueryClient();
    const { client, wrapper } = kit({ provider: { queryClient } });

    await prefetchEligibility(queryClient, client, ROWS);
    expect(requestsTo('/eligibility')).toHaveLength(1);

    const { result } = renderHook(() => useEligibility('u_bob'), { wrapper });
    expect(result.current).toMatchObject({ isLoading: false, allowed: true });
  });
});
