import type { Meta, StoryObj } from '@storybook/react-vite';
import { delay, http, HttpResponse } from 'msw';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { ImpersonationClient, StartSessionInput } from '@impersonate-kit/sdk';
import { CountdownBanner } from './CountdownBanner';

// Every story runs on the real mock backend through the global story helpers (.storybook/mockStory.tsx):
// `parameters.impersonation` picks the preset, the signed-in user and the setup steps over HTTP.
// Failures the backend cannot be talked into (no network, a request that hangs) are MSW overrides.

/** The part of the helpers' setup tools these stories use. */
interface SetupTools {
  api: { clock: { advance(ms: number): void } };
  as(userId: string): ImpersonationClient;
}

const SLOW = { timeout: 5000 };
const MINUTE = 60_000;
const END_SESSION_URL = '*/api/impersonation/sessions/current';

const ACCOUNT_ADMIN_START: StartSessionInput = {
  targetUserId: 'u_alice',
  reason: 'Customer reports that the CSV export is empty',
  reasonCategory: 'Troubleshooting',
};

/** Olivia starts a session as Alice over HTTP, then server time moves on by `elapsedMs`. */
function startedSession(input: StartSessionInput = ACCOUNT_ADMIN_START, elapsedMs = 0) {
  return async ({ api, as }: SetupTools) => {
    await as('u_owner').session.start(input);
    if (elapsedMs > 0) api.clock.advance(elapsedMs);
  };
}

/** The banner above a host page, as a product would place it. */
function BannerOnPage() {
  return (
    <>
      <CountdownBanner />
      <main className="ik-story-page">
        <h1>Projects</h1>
        <p>The banner stays at the top while this page scrolls under it, and never covers it.</p>
      </main>
    </>
  );
}

const meta = {
  title: 'Components/CountdownBanner',
  component: CountdownBanner,
  render: () => <BannerOnPage />,
  parameters: {
    layout: 'fullscreen',
    impersonation: { preset: 'account-admin', viewer: 'u_owner', setup: startedSession() },
  },
} satisfies Meta<typeof CountdownBanner>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The banner region, once the story's client knows the session. */
async function bannerOf(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  const banner = await canvas.findByRole('region', { name: 'Impersonation' }, SLOW);
  return { banner, scope: within(banner) };
}

/** Account admin, just started: who, why, 30 minutes on the clock, End session. */
export const Active: Story = {
  play: async ({ canvasElement }) => {
    const { banner, scope } = await bannerOf(canvasElement);
    await expect(scope.getByText('You are impersonating Alice Analyst (alice@acme.test)')).toBeVisible();
    await expect(scope.getByText('Reason: Customer reports that the CSV export is empty')).toBeVisible();
    await expect(scope.getByRole('timer', { name: 'Time left' })).toHaveTextContent(/^(30:00|29:5\d)$/);
    await expect(scope.getByText('Session time limit')).toBeVisible();
    await expect(banner).not.toHaveAttribute('data-warning');
    await expect(getComputedStyle(banner).position).toBe('sticky');
  },
};

/** Under 5 minutes left: warning colours, announced once. */
export const Warning: Story = {
  parameters: { impersonation: { setup: startedSession(ACCOUNT_ADMIN_START, 26 * MINUTE) } },
  play: async ({ canvasElement }) => {
    const { banner, scope } = await bannerOf(canvasElement);
    await waitFor(() => expect(banner).toHaveAttribute('data-warning', 'warning'), SLOW);
    await expect(scope.getByRole('timer')).toHaveTextContent(/^[34]:\d\d$/);
  },
};

/** Under 1 minute left: critical colours. The session really ends a minute later, and the banner goes. */
export const Critical: Story = {
  parameters: { impersonation: { setup: startedSession(ACCOUNT_ADMIN_START, 29 * MINUTE + 5_000) } },
  play: async ({ canvasElement }) => {
    const { banner } = await bannerOf(canvasElement);
    await waitFor(() => expect(banner).toHaveAttribute('data-warning', 'critical'), SLOW);
  },
};

/** Enterprise: no fixed limit, an hour of inactivity ends it. */
export const IdleTimeout: Story = {
  name: 'Idle time-out (enterprise)',
  parameters: {
    impersonation: { preset: 'enterprise', viewer: 'u_owner', setup: startedSession({ targetUserId: 'u_alice', stepUpCode: '123456' }) },
  },
  play: async ({ canvasElement }) => {
    const { scope } = await bannerOf(canvasElement);
    await expect(scope.getByText('Ends after inactivity')).toBeVisible();
  },
};

/** Consent: the target's consent caps the session, and the banner says when it ends. */
export const ConsentEnds: Story = {
  name: 'Consent ends (consent)',
  parameters: {
    impersonation: {
      preset: 'consent',
      viewer: 'u_owner',
      setup: async (tools: SetupTools) => {
        await tools.as('u_alice').consent.grant({ durationHours: 1 });
        await startedSession({ targetUserId: 'u_alice', reason: 'Walking Alice through the new reports' })(tools);
      },
    },
  },
  play: async ({ canvasElement }) => {
    const { scope } = await bannerOf(canvasElement);
    await expect(scope.getByText(/^Consent ends at /)).toBeVisible();
  },
};

/** End session pressed, the server has not answered: Ending…, busy. */
export const Ending: Story = {
  parameters: { msw: { handlers: [http.delete(END_SESSION_URL, () => delay('infinite'))] } },
  play: async ({ canvasElement }) => {
    const { scope } = await bannerOf(canvasElement);
    await userEvent.click(scope.getByRole('button', { name: 'End session' }));
    const pending = await scope.findByRole('button', { name: 'Ending…' }, SLOW);
    await expect(pending).toHaveAttribute('aria-busy', 'true');
    await expect(pending).toHaveAttribute('aria-disabled', 'true');
  },
};

/** The network is down: the failure in words, retried on its own; the banner stays until the session really ends. */
export const EndFailed: Story = {
  parameters: { msw: { handlers: [http.delete(END_SESSION_URL, () => HttpResponse.error())] } },
  play: async ({ canvasElement }) => {
    const { scope } = await bannerOf(canvasElement);
    await userEvent.click(scope.getByRole('button', { name: 'End session' }));
    await expect(await scope.findByRole('alert', {}, SLOW)).toHaveTextContent("Couldn't end the session: Couldn't reach the server.");
    await expect(scope.getByRole('timer')).toBeVisible();
  },
};

/** A `<script>` in the reason is shown as text. */
export const MarkupInReason: Story = {
  parameters: {
    impersonation: { setup: startedSession({ ...ACCOUNT_ADMIN_START, reason: '<script>alert("owned")</script> ticket 9' }) },
  },
  play: async ({ canvasElement }) => {
    const { banner, scope } = await bannerOf(canvasElement);
    await expect(scope.getByText('Reason: <script>alert("owned")</script> ticket 9')).toBeVisible();
    await expect(banner.querySelector('script')).toBeNull();
  },
};
