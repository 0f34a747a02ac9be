'use client';
import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
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
  /** The host's QueryClient; one is made when absent. */
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
  const overrides = JSON.stringify(messages ?? {});
  const value = useMemo<ImpersonationContextValue>(() => {
    const table: Messages = { ...defaultMessages };
    // An override left undefined keeps the default rather than printing "undefined".
    for (const [key, text] of Object.entries(JSON.parse(overrides) as Partial<Messages>)) if (typeof text === 'string') table[key as MessageKey] = text;
    return { client, messages: table, locale, t: (key, values) => formatMessage(table[key], values) };
  }, [client, overrides, locale]);

  useEffect(() => {
    void client.viewer.load();
  }, [client]);

  // When a session starts or ends the viewer's world changes: every list the kit shows is stale.
  // The first read (from unknown or a failed load) is no change: refetching then would double every request.
  useEffect(() => {
    let last = client.session.getSnapshot();
    return client.session.subscribe(() => {
      const next = client.session.getSnapshot();
      const settled = last.status !== 'unknown' && last.status !== 'error';
      const changed = settled && next.status !== last.status && (next.status === 'active' || next.status === 'ended' || next.status === 'idle');
      last = next;
      if (changed) {
        void client.viewer.refresh();
        void activeQueryClient.invalidateQueries({ queryKey: [QUERY_KEY_ROOT] });
      }
    });
  }, [client, activeQueryClient]);

  return (
    <QueryClientProvider client={activeQueryClient}>
      <ImpersonationContext.Provider value={value}>
        {/* Dialogs opened from menu items render here, so they outlive a menu that closes on select. */}
        <OverlayHost>{children}</OverlayHost>
      </ImpersonationContext.Provider>
    </QueryClientProvider>
  );
}
