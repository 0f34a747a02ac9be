import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient } from '@tanstack/react-query';
import { createImpersonationClient } from '@impersonate-kit/sdk';
import '@impersonate-kit/react/styles.css';
import './app.css';
import { App } from './App';
import { appApi } from './appApi';
import { authHeaders, ensureSignedIn } from './auth';
import { demoApi } from './demoApi';
import { applyPresetTheme } from './presetTheme';
import { applyTheme, storedTheme } from './theme';

async function boot() {
  applyTheme(storedTheme());
  // The demo server's stand-in for real auth: this tab's signed token, sent as a bearer.
  const viewerId = await ensureSignedIn();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 5_000 } } });
  // The preset decides the product's words and colours, so it is known before the first paint; who is
  // signed in is asked alongside, so the header never waits on a second round trip after that paint.
  const [state] = await Promise.all([demoApi.state(), queryClient.prefetchQuery({ queryKey: ['app', 'me'], queryFn: appApi.me })]);
  applyPresetTheme(state.preset);
  queryClient.setQueryData(['demo', 'state'], state);
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
      <App client={client} queryClient={queryClient} preset={state.preset} />
    </StrictMode>,
  );
}

void boot();
