import { Profiler } from 'react';
import type { ProfilerOnRenderCallback } from 'react';
import { act, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ImpersonationClient } from '@impersonate-kit/sdk';
import { ImpersonationProvider } from '../ImpersonationProvider';
import { CountdownBanner } from '../components/CountdownBanner';
import { SessionEndedPrompt } from '../components/SessionEndedPrompt';
import { useBlockedAction } from '../hooks/useBlockedAction';
import { useImpersonation } from '../hooks/useImpersonation';
import type * as TimerModule from '../components/CountdownTimer';
import type * as WarningModule from '../components/useWarningLevel';
import { GOOD_START, setupKitServer } from './kitHarness';

// Counts renders of the banner's ticking part and of the rest of the banner (its only caller of useWarningLevel).
const renders = vi.hoisted(() => ({ timer: 0, banner: 0 }));

vi.mock('../components/CountdownTimer', async (importOriginal) => {
  const actual = await importOriginal<typeof TimerModule>();
  return {
    ...actual,
    CountdownTimer: (props: Parameters<typeof actual.CountdownTimer>[0]) => {
      renders.timer += 1;
      return actual.CountdownTimer(props);
    },
  };
});

vi.mock('../components/useWarningLevel', async (importOriginal) => {
  const actual = await importOriginal<typeof WarningModule>();
  return {
    ...actual,
    useWarningLevel: (...args: Parameters<typeof actual.useWarningLevel>) => {
      renders.banner += 1;
      return actual.useWarningLevel(...args);
    },
  };
});

const { kit } = setupKitServer();

/** A host page that reads the session like a product would: it re-renders when the session changes, not when time passes. */
function HostPage({ count }: { count: () => void }) {
  count();
  const { state } = useImpersonation();
  const billing = useBlockedAction('billing.manage');
  return (
    <main>
      <h1>Projects</h1>
      <p>{state.status === 'active' ? `Acting as ${state.session?.target.name}` : 'Signed in as yourself'}</p>
      <p>{billing.blocked ? billing.message : 'Billing available'}</p>
    </main>
  );
}

function App({ client, counters }: { client: ImpersonationClient; counters: Counters }) {
  counters.app += 1;
  return (
    <Profiler id="everything" onRender={counters.onRender}>
      <ImpersonationProvider client={client}>
        <Profiler id="host" onRender={counters.onRender}>
          <HostPage count={() => (counters.page += 1)} />
          <SessionEndedPrompt />
        </Profiler>
        <Profiler id="banner" onRender={counters.onRender}>
          <CountdownBanner />
        </Profiler>
      </ImpersonationProvider>
    </Profiler>
  );
}

interface Counters {
  app: number;
  page: number;
  commits: Record<string, number>;
  onRender: ProfilerOnRenderCallback;
}

function createCounters(): Counters {
  const counters: Counters = {
    app: 0,
    page: 0,
    commits: {},
    onRender: (id) => {
      counters.commits[id] = (counters.commits[id] ?? 0) + 1;
    },
  };
  return counters;
}

/** Lets answered requests and React settle, in real time. */
const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 50)));

describe('render counts', () => {
  describe('while a session counts down for 60 seconds', () => {
    it('commits only the countdown, once a second; the host tree renders 0 extra times', async () => {
      const k = kit();
      const counters = createCounters();
      render(<App client={k.client} counters={counters} />);
      await waitFor(() => expect(k.client.session.getSnapshot().status).toBe('idle'));
      await act(() => k.client.session.start(GOOD_START));
      expect(await screen.findByRole('timer')).toHaveTextContent('30:00');
      expect(screen.getByText('Acting as Alice Analyst')).toBeVisible();
      await settle();

      const before = { app: counters.app, page: counters.page };
      counters.commits = {};
      renders.timer = 0;
      renders.banner = 0;

      for (let second = 1; second <= 60; second += 1) {
        await act(async () => {
          k.clock.advance(1000);
        });
      }
      await settle();

      expect(screen.getByRole('timer')).toHaveTextContent('29:00');
      // The host: its Profiler never commits, and neither the app root nor the page render again.
      expect(counters.commits.host).toBeUndefined();
      expect({ app: counters.app, page: counters.page }).toEqual(before);
      // The countdown: one commit a second, and within it only the timer renders.
      expect(counters.commits.banner).toBe(60);
      expect(counters.commits.everything).toBe(60);
      expect(renders.timer).toBe(60);
      expect(renders.banner).toBe(0);
    });
  });
});
