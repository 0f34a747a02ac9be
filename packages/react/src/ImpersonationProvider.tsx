'use client';
import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { QueryClient } from '@tanstack/react-query';
import type { ImpersonationClient } from '@impersonate-kit/sdk';
import { ImpersonationContext, QUERY_KEY_ROOT } from './context';
import type { ImpersonationContextValue } from './context';
import { OverlayHost } from './components/OverlayHost';
import { defaultMessages, formatMessage } from './messages';
import type { MessageKey, Messages } from './messages';

/** Props of `ImpersonationProvider`. */
export interface ImpersonationProviderProps {
  /** The client from `createImpersonationClient`; create it once, outside render. */
  client: ImpersonationClient;
  /** The QueryClient for the kit's queries (the host's, to share a cache); the kit makes its own when absent. Never provided to the host's tree. */
  queryClient?: QueryClient;
  /** Overrides for any user-visible string. */
  messages?: Partial<Messages>;
  /** BCP 47 locale for dates and numbers; the browser's when absent. */
  locale?: string;
  children?: ReactNode;
}

/** Gives every impersonate-kit hook and component its client, messages and locale. */
export function ImpersonationProvider({ client, queryClient, messages, locale, children }: ImpersonationProviderProps) {
  const [ownQueryClient] = useState(() => queryClient ?? new QueryClient({ defaultOptions: { queries: { retry: 1 } } }));
  const activeQueryClient = queryClient ?? ownQueryClient;

  // Compared by content: a host that writes `messages={{ … }}` inline must not re-render every kit part.
  const overrides = JSON.stringify(readOverrides(messages));
  const value = useMemo<ImpersonationContextValue>(() => {
    const table: Messages = { ...defaultMessages, ...(JSON.parse(overrides) as Partial<Messages>) };
    return { client, queryClient: activeQueryClient, messages: table, locale, t: (key, values) => formatMessage(table[key], values, locale) };
  }, [client, activeQueryClient, overrides, locale]);

  // The provider wraps the host's whole page, so a client that throws must not throw here: each
  // kit part meets (and React reports) the same failure behind its own boundary, and the page stays.
  useEffect(() => {
    try {
      client.viewer.load().catch(() => {});
    } catch {
      // Shown by the parts.
    }
  }, [client]);

  // When a session starts or ends the viewer's world changes: every list the kit shows is stale.
  // The first read (from unknown or a failed load) is no change: refetching then would double every request.
  useEffect(() => {
    try {
      let last = client.session.getSnapshot();
      return client.session.subscribe(() => {
        const next = client.session.getSnapshot();
        const settled = last.status !== 'unknown' && last.status !== 'error';
        const changed = settled && next.status !== last.status && (next.status === 'active' || next.status === 'ended' || next.status === 'idle');
        last = next;
        if (changed) {
          client.viewer.refresh().catch(() => {});
          void activeQueryClient.invalidateQueries({ queryKey: [QUERY_KEY_ROOT] });
        }
      });
    } catch {
      // Shown by the parts.
      return undefined;
    }
  }, [client, activeQueryClient]);

  return (
    // No QueryClientProvider: the host's useQuery calls keep the host's client; kit hooks pass theirs explicitly.
    <ImpersonationContext.Provider value={value}>
      {/* Dialogs opened from menu items render here, so they outlive a menu that closes on select. */}
      <OverlayHost>{children}</OverlayHost>
    </ImpersonationContext.Provider>
  );
}

/**
 * The host's overrides that can be used: strings for keys the kit has (one left undefined keeps the
 * default rather than printing "undefined"). An entry that throws when read keeps its default.
 */
function readOverrides(messages: Partial<Messages> | undefined): Partial<Messages> {
  const usable: Partial<Messages> = {};
  try {
    for (const key of Object.keys(messages ?? {}) as MessageKey[]) {
      try {
        const text: unknown = messages?.[key];
        if (typeof text === 'string' && Object.hasOwn(defaultMessages, key)) usable[key] = text;
      } catch {
        // This entry keeps its default.
      }
    }
  } catch {
    // A table whose keys cannot be listed: every default stays.
  }
  return usable;
}
