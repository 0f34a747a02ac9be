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

/** A 60-character name, a long address and a 500-character reason: what must not make the bar grow. */
const LONG_NAME = 'Maximiliana Alexandra Featherstonehaugh-Wolfeschlegelsteinha';
const LONG_EMAIL = 'maximiliana.featherstonehaugh-wolfeschlegelsteinhausen@subsidiary.acme.test';
const LONG_REASON = `Customer escalation 48213: ${'the quarterly revenue export drops rows for archived projects, '.repeat(8)}`.slice(0, 500);
const LONG_CAST = {
  mock: {
    users: [
      { id: 'u_owner', name: 'Olivia Owner-Montgomery of Acme Holdings', email: 'olivia@acme.test', roles: ['owner', 'admin'], status: 'active', lastLoginAt: '2026-01-12T08:30:00.000Z' },
      { id: 'u_alice', name: LONG_NAME, email: LONG_EMAIL, roles: ['member'], status: 'active', lastLoginAt: '2026-01-11T16:45:00.000Z' },
    ] as const,
  },
  setup: startedSession({ ...ACCOUNT_ADMIN_START, reason: LONG_REASON }),
};

/** The banner above a host page, as a product would place it. */
function BannerOnPage({ variant }: { variant?: 'bar' | 'badge' }) {
  return (
    <>
      <CountdownBanner variant={variant} />
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
  render: (args) => <BannerOnPage variant={args.variant} />,
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

/** The bar's rendered height, measured in the browser. */
const heightOf = (element: Element) => element.getBoundingClientRect().height;

/** The End button's box, to compare between states. */
function boxOf(element: Element) {
  const { width, height, top, left } = element.getBoundingClientRect();
  return { width, height, top, left };
}

/** Opens the details and checks they overlay the page: the bar's box does not grow. */
async function openDetails(banner: HTMLElement) {
  const before = heightOf(banner);
  const toggle = within(banner).getByRole('button', { name: 'Details' });
  await userEvent.click(toggle);
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(heightOf(banner)).toBe(before);
  return toggle;
}

/** Account admin, just started: whom, who, 30 minutes on the clock, End session; the reason behind Details. */
export const ActingAsAlice: Story = {
  name: 'Acting as Alice Analyst',
  globals: { viewport: { value: 'desktop' } },
  play: async ({ canvasElement }) => {
    const { banner, scope } = await bannerOf(canvasElement);
    await expect(scope.getByText('You are impersonating Alice Analyst (alice@acme.test)', { selector: '.ik-banner__title' })).toBeVisible();
    await expect(scope.getByText('Signed in as Olivia Owner', { selector: '.ik-banner__actor' })).toBeVisible();
    await expect(scope.getByRole('timer', { name: 'Time left' })).toHaveTextContent(/^(30:00|29:5\d)$/);
    await expect(banner).not.toHaveAttribute('data-warning');
    await expect(getComputedStyle(banner).position).toBe('sticky');
    await expect(heightOf(banner)).toBeLessThanOrEqual(48);
  },
};

/** 60-character name, long address, 500-character reason at 1280 px: still one slim row, names cut with an ellipsis. */
export const LongNameAndReason: Story = {
  name: 'Long name and 500-character reason',
  globals: { viewport: { value: 'desktop' } },
  parameters: { impersonation: LONG_CAST },
  play: async ({ canvasElement }) => {
    const { banner, scope } = await bannerOf(canvasElement);
    await expect(heightOf(banner)).toBeLessThanOrEqual(48);
    const title = canvasElement.querySelector('.ik-banner__title') as HTMLElement;
    await expect(title.scrollWidth).toBeGreaterThan(title.clientWidth);
    await expect(title).toHaveAttribute('title', `You are impersonating ${LONG_NAME} (${LONG_EMAIL})`);
    await openDetails(banner);
    await expect(scope.getByText(`Reason: ${LONG_REASON}`)).toBeVisible();
    await expect(scope.getByText('Session time limit')).toBeVisible();
    await expect(heightOf(banner)).toBeLessThanOrEqual(48);
    await userEvent.keyboard('{Escape}');
    await expect(scope.getByRole('button', { name: 'Details' })).toHaveAttribute('aria-expanded', 'false');
    await expect(scope.getByRole('button', { name: 'Details' })).toHaveFocus();
  },
};

/** The same at 375 px, measured in a 375 px frame (the bar follows its own width): two rows, at most 96 px. */
export const LongNameMobile: Story = {
  name: 'Long name and 500-character reason — 375 px',
  globals: { viewport: { value: 'mobile' } },
  parameters: { impersonation: LONG_CAST },
  render: () => (
    <div style={{ inlineSize: 375 }}>
      <BannerOnPage />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const { banner, scope } = await bannerOf(canvasElement);
    await expect(banner.getBoundingClientRect().width).toBeLessThanOrEqual(375);
    await expect(heightOf(banner)).toBeLessThanOrEqual(96);
    await expect(scope.getByRole('button', { name: 'End session' })).toBeVisible();
    await openDetails(banner);
    await expect(heightOf(banner)).toBeLessThanOrEqual(96);
  },
};

/** Under 5 minutes left: only the time turns amber, announced once; the bar keeps its colour and height. */
export const Warning: Story = {
  name: 'Warning — 5 minutes left',
  parameters: { impersonation: { setup: startedSession(ACCOUNT_ADMIN_START, 26 * MINUTE) } },
  play: async ({ canvasElement }) => {
    const { banner, scope } = await bannerOf(canvasElement);
    await waitFor(() => expect(banner).toHaveAttribute('data-warning', 'warning'), SLOW);
    await expect(scope.getByRole('timer')).toHaveTextContent(/^[34]:\d\d$/);
    await expect(heightOf(banner)).toBeLessThanOrEqual(48);
  },
};

/** Under 1 minute left: the time turns red. The session really ends a minute later, and the banner goes. */
export const Critical: Story = {
  name: 'Warning — 1 minute left',
  parameters: { impersonation: { setup: startedSession(ACCOUNT_ADMIN_START, 29 * MINUTE + 5_000) } },
  play: async ({ canvasElement }) => {
    const { banner } = await bannerOf(canvasElement);
    const end = boxOf(within(banner).getByRole('button', { name: 'End session' }));
    await waitFor(() => expect(banner).toHaveAttribute('data-warning', 'critical'), SLOW);
    await expect(boxOf(within(banner).getByRole('button', { name: 'End session' }))).toEqual(end);
  },
};

/** Dark theme: the same strong bar, white on deep magenta. */
export const Dark: Story = {
  name: 'Acting as Alice Analyst — dark',
  globals: { theme: 'dark' },
  play: async ({ canvasElement }) => {
    const { banner } = await bannerOf(canvasElement);
    await expect(getComputedStyle(banner).backgroundColor).toBe('rgb(134, 25, 143)');
    await expect(heightOf(banner)).toBeLessThanOrEqual(48);
  },
};

/** Right to left: End sits at the inline end, on the left. */
export const RightToLeft: Story = {
  name: 'Acting as Alice Analyst — RTL',
  globals: { dir: 'rtl' },
  play: async ({ canvasElement }) => {
    const { banner, scope } = await bannerOf(canvasElement);
    const end = scope.getByRole('button', { name: 'End session' }).getBoundingClientRect();
    const title = canvasElement.querySelector('.ik-banner__title') as HTMLElement;
    await expect(end.right).toBeLessThan(title.getBoundingClientRect().left);
    await expect(heightOf(banner)).toBeLessThanOrEqual(48);
  },
};

/** The compact badge for dense apps: a pill in the end corner, expandable to the details. */
export const Badge: Story = {
  args: { variant: 'badge' },
  play: async ({ canvasElement }) => {
    const { banner, scope } = await bannerOf(canvasElement);
    await expect(scope.getByText('Acting as Alice Analyst')).toBeVisible();
    await expect(getComputedStyle(banner).position).toBe('fixed');
    const box = banner.getBoundingClientRect();
    await expect(window.innerHeight - box.bottom).toBeLessThan(40);
    await expect(window.innerWidth - box.right).toBeLessThan(40);
    await openDetails(banner);
    await expect(scope.getByText('Reason: Customer reports that the CSV export is empty')).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await expect(scope.getByRole('button', { name: 'Details' })).toHaveFocus();
  },
};

/** Enterprise: no fixed limit, an hour of inactivity ends it. */
export const IdleTimeout: Story = {
  name: 'Idle time-out (enterprise)',
  parameters: {
    impersonation: { preset: 'enterprise', viewer: 'u_owner', setup: startedSession({ targetUserId: 'u_alice', stepUpCode: '123456' }) },
  },
  play: async ({ canvasElement }) => {
    const { banner, scope } = await bannerOf(canvasElement);
    await openDetails(banner);
    await expect(scope.getByText('Ends after inactivity')).toBeVisible();
  },
};

/** Consent: the target's consent caps the session, and the details say when it ends. */
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
    const { banner, scope } = await bannerOf(canvasElement);
    await openDetails(banner);
    await expect(scope.getByText(/^Consent ends at /)).toBeVisible();
  },
};

/** End session pressed, the server has not answered: Ending…, busy, in the same box. */
export const Ending: Story = {
  parameters: { msw: { handlers: [http.delete(END_SESSION_URL, () => delay('infinite'))] } },
  play: async ({ canvasElement }) => {
    const { scope } = await bannerOf(canvasElement);
    const end = scope.getByRole('button', { name: 'End session' });
    const before = boxOf(end);
    await userEvent.click(end);
    const pending = await scope.findByRole('button', { name: 'Ending…' }, SLOW);
    await expect(pending).toHaveAttribute('aria-busy', 'true');
    await expect(pending).toHaveAttribute('aria-disabled', 'true');
    await expect(boxOf(pending)).toEqual(before);
  },
};

/** The network is down: one wording while the kit retries; the End button and the bar keep their boxes. */
export const EndFailed: Story = {
  name: 'End failed',
  globals: { viewport: { value: 'desktop' } },
  parameters: { impersonation: LONG_CAST, msw: { handlers: [http.delete(END_SESSION_URL, () => HttpResponse.error())] } },
  play: async ({ canvasElement }) => {
    const { banner, scope } = await bannerOf(canvasElement);
    const end = scope.getByRole('button', { name: 'End session' });
    const before = boxOf(end);
    const height = heightOf(banner);
    await userEvent.click(end);
    const alert = await scope.findByRole('alert', {}, SLOW);
    await expect(alert).toHaveTextContent("Couldn't end the session yet. Retrying…");
    await expect(alert).not.toHaveTextContent(/try again/i);
    await waitFor(() => expect(scope.getByRole('button', { name: 'End session' })).toBeVisible(), SLOW);
    await expect(boxOf(scope.getByRole('button', { name: 'End session' }))).toEqual(before);
    await expect(heightOf(banner)).toBe(height);
    await expect(heightOf(banner)).toBeLessThanOrEqual(48);
    await expect(scope.getByRole('timer')).toBeVisible();
  },
};

/** End failed on a phone, in a 375 px frame: the failure opens over the page, the bar stays within 96 px. */
export const EndFailedMobile: Story = {
  name: 'End failed — 375 px',
  globals: { viewport: { value: 'mobile' } },
  parameters: { impersonation: LONG_CAST, msw: { handlers: [http.delete(END_SESSION_URL, () => HttpResponse.error())] } },
  render: () => (
    <div style={{ inlineSize: 375 }}>
      <BannerOnPage />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const { banner, scope } = await bannerOf(canvasElement);
    const before = boxOf(scope.getByRole('button', { name: 'End session' }));
    await userEvent.click(scope.getByRole('button', { name: 'End session' }));
    await scope.findByRole('alert', {}, SLOW);
    await waitFor(() => expect(scope.getByRole('button', { name: 'End session' })).toBeVisible(), SLOW);
    await expect(boxOf(scope.getByRole('button', { name: 'End session' }))).toEqual(before);
    await expect(heightOf(banner)).toBeLessThanOrEqual(96);
  },
};

/** A `<script>` in the reason is shown as text. */
export const MarkupInReason: Story = {
  parameters: {
    impersonation: { setup: startedSession({ ...ACCOUNT_ADMIN_START, reason: '<script>alert("owned")</script> ticket 9' }) },
  },
  play: async ({ canvasElement }) => {
    const { banner, scope } = await bannerOf(canvasElement);
    await openDetails(banner);
    await expect(scope.getByText('Reason: <script>alert("owned")</script> ticket 9')).toBeVisible();
    await expect(banner.querySelector('script')).toBeNull();
  },
};
