'use client';
// The kit's client side: one client per browser tab, the provider around every page, and the two
// parts every page needs (the banner while impersonating, the prompt when a session ends).
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { createImpersonationClient } from '@impersonate-kit/sdk';
import { CountdownBanner, ImpersonationProvider, SessionEndedPrompt } from '@impersonate-kit/react';

/** Wraps the app in the kit's provider; a session that starts or ends re-renders the server components as the new actor. */
export function Providers({ signedIn, children }: { signedIn: boolean; children: ReactNode }) {
  return signedIn ? <Kit>{children}</Kit> : children;
}

/** The provider with the banner and the ended prompt; only for a signed-in viewer (the contract answers 401 otherwise). */
function Kit({ children }: { children: ReactNode }) {
  const router = useRouter();
  // Cross-tab sync only in the browser: a server render must not open a BroadcastChannel per request.
  const [client] = useState(() => createImpersonationClient({ crossTab: typeof window !== 'undefined', onSessionChange: () => router.refresh() }));
  return (
    <ImpersonationProvider client={client} locale="en-US">
      <CountdownBanner />
      {children}
      <SessionEndedPrompt />
    </ImpersonationProvider>
  );
}
