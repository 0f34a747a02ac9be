import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient } from '@tanstack/react-query';
import { createImpersonationClient } from '@impersonate-kit/sdk';
import '@impersonate-kit/react/styles.css';
import './app.css';
import { App } from './App';
import { authHeaders, ensureSignedIn } from './auth';

async function boot() {
  // The demo server's stand-in for real auth: this tab's signed token, sent as a bearer.
  const viewerId = await ensureSignedIn();

  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 5_000 } } });
  const client = createImpersonationClient({
    headers: authHeaders(),
    // Tabs signed in as different people must not share one session: one channel per user.
    channelName: `acme-demo:${viewerId}`,
    // The demo polls often so a revoked consent shows within seconds; the default is 30 s.
    pollIntervalMs: 5_000,
    // The host reacts to a session starting or ending by refetching as the new effective user.
    onSessionChange: () => void queryClient.invalidateQueries(),
  });

  const root = document.getElementById('root');
  if (!root) throw new Error('No #root element.');
  createRoot(root).render(
    <StrictMode>
      <App client={client} queryClient={queryClient} />
    </StrictMode>,
  );
}

void boot();
