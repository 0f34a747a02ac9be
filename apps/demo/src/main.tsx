import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setupWorker } from 'msw/browser';
import { QueryClient } from '@tanstack/react-query';
import { createImpersonationClient } from '@impersonate-kit/sdk';
import '@impersonate-kit/react/styles.css';
import './app.css';
import { App } from './App';
import { authHeaders, backend, currentViewerId } from './backend';

async function boot() {
  // The mock backend answers in the browser through MSW's service worker.
  const worker = setupWorker(...backend.handlers);
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true });

  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 5_000 } } });
  const client = createImpersonationClient({
    headers: authHeaders(),
    // Tabs signed in as different people must not share one session: one channel per user.
    channelName: `acme-demo:${currentViewerId()}`,
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
