import type { ReactNode } from 'react';
import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QUERY_KEY_ROOT, useImpersonationContext } from '../context';
import { ImpersonationProvider } from '../ImpersonationProvider';
import { useBlockedAction } from '../hooks/useBlockedAction';
import { useConsent } from '../hooks/useConsent';
import { useCountdown } from '../hooks/useCountdown';
import { useEligibility } from '../hooks/useEligibility';
import { useImpersonation } from '../hooks/useImpersonation';
import { useViewer } from '../hooks/useViewer';
import { GOOD_START, setupKitServer } from './kitHarness';

const { kit, requestsTo } = setupKitServer();

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ImpersonationProvider', () => {
  describe('when a hook is used outside it', () => {
    const hooks: Array<[string, () => unknown]> = [
      ['useImpersonationContext', () => useImpersonationContext()],
      ['useImpersonation', () => useImpersonation()],
      ['useCountdown', () => useCountdown()],
      ['useConsent', () => useConsent()],
      ['useEligibility', () => useEligibility('u_alice')],
      ['useBlockedAction', () => useBlockedAction('auth.password_reset')],
      ['useViewer', () => useViewer()],
    ];

    it.each(hooks)('%s throws an error that names the provider', (_name, hook) => {
      // React reports the render error on the console as well; the assertion is on the throw.
      vi.spyOn(console, 'error').mockImplementation(() => {});
      expect(() => renderHook(hook)).toThrow('impersonate-kit: hooks and components must be used inside <ImpersonationProvider>.');
    });
  });

  describe('given a client', () => {
    it('reads the viewer, the policy and the session once on mount', async () => {
      const { wrapper } = kit();
      const { result } = renderHook(() => useImpersonation(), { wrapper });

      await waitFor(() => expect(result.current.state.status).toBe('idle'));
      expect(requestsTo('/viewer')).toHaveLength(1);
      expect(requestsTo('/policy')).toHaveLength(1);
    });
  });

  describe('messages', () => {
    it('speaks English by default', () => {
      const { wrapper } = kit();
      const { result } = renderHook(() => useImpersonationContext(), { wrapper });

      expect(result.current.t('banner.end')).toBe('End session');
      expect(result.current.t('reasonDialog.title', { name: 'Alice Analyst' })).toBe('Impersonate Alice Analyst');
    });

    it('takes any string from the host, placeholders included, and keeps the rest', () => {
      const { wrapper } = kit({
        provider: { messages: { 'banner.end': 'Stop impersonating', 'reasonDialog.title': 'Act as {name}' }, locale: 'de-DE' },
      });
      const { result } = renderHook(() => useImpersonationContext(), { wrapper });

      expect(result.current.t('banner.end')).toBe('Stop impersonating');
      expect(result.current.t('reasonDialog.title', { name: 'Alice Analyst' })).toBe('Act as Alice Analyst');
      expect(result.current.t('banner.label')).toBe('Impersonation');
      expect(result.current.locale).toBe('de-DE');
    });

    it('keeps one context value when the host passes equal messages inline on every render', () => {
      const { client } = kit();
      const seen = new Set<unknown>();
      const { rerender } = renderHook(() => seen.add(useImpersonationContext()), {
        wrapper: ({ children }) => (
          <ImpersonationProvider client={client} messages={{ 'banner.end': 'Stop impersonating' }}>
            {children}
          </ImpersonationProvider>
        ),
      });
      rerender();
      rerender();
      expect(seen.size).toBe(1);
    });

    it('falls back to the default when an override is left undefined', () => {
      const { wrapper } = kit({ provider: { messages: { 'banner.end': undefined } } });
      const { result } = renderHook(() => useImpersonationContext(), { wrapper });

      expect(result.current.t('banner.end')).toBe('End session');
    });
  });

  describe('the QueryClient', () => {
    it("runs the kit's queries on the host's when given one", async () => {
      const host = new QueryClient();
      const { wrapper } = kit({ provider: { queryClient: host } });
      const { result } = renderHook(() => ({ context: useImpersonationContext(), eligibility: useEligibility('u_alice') }), { wrapper });

      expect(result.current.context.queryClient).toBe(host);
      await waitFor(() => expect(result.current.eligibility.allowed).toBe(true));
      expect(host.getQueryCache().findAll({ queryKey: [QUERY_KEY_ROOT, 'eligibility'], predicate: (query) => query.state.status === 'success' })).toHaveLength(1);
    });

    it('makes one of its own otherwise, and keeps it across renders', () => {
      const { wrapper } = kit();
      const { result, rerender } = renderHook(() => useImpersonationContext().queryClient, { wrapper });
      const first = result.current;

      rerender();
      expect(first).toBeInstanceOf(QueryClient);
      expect(result.current).toBe(first);
    });

    it("never takes the host's own queries over: inside the provider they stay on the host's QueryClientProvider", async () => {
      const host = new QueryClient();
      const { client } = kit();
      const { result } = renderHook(
        () => ({
          hostClient: useQueryClient(),
          hostQuery: useQuery({ queryKey: ['host', 'projects'], queryFn: () => 'projects' }),
          kitClient: useImpersonationContext().queryClient,
          eligibility: useEligibility('u_alice'),
        }),
        {
          wrapper: ({ children }) => (
            <QueryClientProvider client={host}>
              <ImpersonationProvider client={client}>{children}</ImpersonationProvider>
            </QueryClientProvider>
          ),
        },
      );

      await waitFor(() => expect(result.current.hostQuery.data).toBe('projects'));
      await waitFor(() => expect(result.current.eligibility.allowed).toBe(true));
      expect(result.current.hostClient).toBe(host);
      expect(result.current.kitClient).not.toBe(host);
      expect(host.getQueryData(['host', 'projects'])).toBe('projects');
      expect(result.current.kitClient.getQueryData(['host', 'projects'])).toBeUndefined();
      expect(host.getQueryCache().findAll({ queryKey: [QUERY_KEY_ROOT] })).toHaveLength(0);
      expect(result.current.kitClient.getQueryData([QUERY_KEY_ROOT, 'eligibility', 'u_owner', 'u_alice'])).toMatchObject({ allowed: true });
    });
  });

  describe('when a session starts and then ends', () => {
    it("refetches the kit's queries each time, and leaves the host's alone", async () => {
      const host = new QueryClient();
      const { client, wrapper: kitWrapper } = kit({ provider: { queryClient: host } });
      const wrapper = ({ children }: { children?: ReactNode }) => <QueryClientProvider client={host}>{kitWrapper({ children })}</QueryClientProvider>;
      let hostFetches = 0;
      const { result } = renderHook(
        () => ({
          eligibility: useEligibility('u_bob'),
          hostQuery: useQuery({ queryKey: ['host', 'projects'], queryFn: () => ++hostFetches }),
        }),
        { wrapper },
      );
      await waitFor(() => expect(result.current.eligibility.allowed).toBe(true));
      await waitFor(() => expect(result.current.hostQuery.data).toBe(1));
      expect(requestsTo('/eligibility')).toHaveLength(1);

      await act(() => client.session.start(GOOD_START));
      await waitFor(() => expect(result.current.eligibility.denials).toEqual(['already_impersonating']));
      expect(result.current.eligibility.message).toBe('End your current impersonation session first.');

      await act(() => client.session.end());
      await waitFor(() => expect(result.current.eligibility.allowed).toBe(true));
      expect(requestsTo('/eligibility')).toHaveLength(3);
      expect(hostFetches).toBe(1);
    });
  });
});
