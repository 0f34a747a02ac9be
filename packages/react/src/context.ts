import { createContext, useContext } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { ImpersonationClient } from '@impersonate-kit/sdk';
import type { MessageKey, Messages } from './messages';

/** What the provider hands to every hook and component. */
export interface ImpersonationContextValue {
  client: ImpersonationClient;
  /** The QueryClient every kit query runs on, passed to each hook explicitly: the host's own QueryClientProvider stays in charge of the host's queries. */
  queryClient: QueryClient;
  messages: Messages;
  locale: string | undefined;
  /** Looks up a message and fills its placeholders. */
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
}

/** The React context behind `ImpersonationProvider`; null outside it. */
export const ImpersonationContext = createContext<ImpersonationContextValue | null>(null);

/** The provider's value; throws a clear error when used outside `ImpersonationProvider`. */
export function useImpersonationContext(): ImpersonationContextValue {
  const value = useContext(ImpersonationContext);
  if (!value) {
    throw new Error('impersonate-kit: hooks and components must be used inside <ImpersonationProvider>.');
  }
  return value;
}

/** The query key prefix of every query the kit makes, so the host can invalidate or inspect them. */
export const QUERY_KEY_ROOT = 'impersonate-kit';
