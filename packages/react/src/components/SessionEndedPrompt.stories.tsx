import type { Meta, StoryObj } from '@storybook/react-vite';
import { delay, http } from 'msw';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { ImpersonationClient, StartSessionInput, UserStatus } from '@impersonate-kit/sdk';
import { CountdownBanner } from './CountdownBanner';
import { SessionEndedPrompt } from './SessionEndedPrompt';

// Every story runs on the real mock backend through the global story helpers (.storybook/mockStory.tsx):
// a session starts over HTTP in setup, then the play function ends it the way each reason really
// happens (End session, time travel on the server, the target revoking consent, a suspension, a
// sign-out) and the prompt opens with the words for it.

/** The part of the helpers' setup tools these stories use. */
interface SetupTools {
  as(userId: string): ImpersonationClient;
}

/** The part of `context.loaded.impersonation` these stories use. */
interface Loaded {
  api: {
    clock: { advance(ms: number): void };
    // Either may apply asynchronously, depending on the backend: awaited where used.
    setUserStatus(userId: string, status: UserStatus): Promise<void> | void;
    signOut(userId?: string): Promise<void> | void;
  };
  as(userId: string): ImpersonationClient;
  client: ImpersonationClient;
}

const SLOW = { timeout: 5000 };
const MINUTE = 60_000;
const TITLE = 'Impersonation session ended';

const ACCOUNT_ADMIN_START: StartSessionInput = {
  targetUserId: 'u_alice',
  reason: 'Customer reports that the CSV export is empty',
  reasonCategory: 'Troubleshooting',
};

/** Olivia starts a session as Alice over HTTP before the story renders. */
function startedSession(input: StartSessionInput = ACCOUNT_ADMIN_START) {
  return async ({ as }: SetupTools) => {
    await as('u_owner').session.start(input);
  };
}

function loadedOf(context: { loaded: Record<string, unknown> }): Loaded {
  return context.loaded.impersonation as Loaded;
}

/** The banner and the prompt over a host page, as a product would place them. */
function KitOnPage() {
  return (
    <>
      <CountdownBanner />
      <main className="ik-story-page">
        <h1>Projects</h1>
        <p>When the session ends, for whatever reason, the prompt says why.</p>
      </main>
      <SessionEndedPrompt />
    </>
  );
}

const meta = {
  title: 'Components/SessionEndedPrompt',
  component: SessionEndedPrompt,
  render: () => <KitOnPage />,
  parameters: {
    layout: 'fullscreen',
    impersonation: { preset: 'account-admin', viewer: 'u_owner', setup: startedSession() },
  },
} satisfies Meta<typeof SessionEndedPrompt>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Waits for the banner, so the story's client holds the active session before anything ends it. */
async function waitForBanner(canvasElement: HTMLElement) {
  return within(canvasElement).findByRole('region', { name: 'Impersonation' }, SLOW);
}

/** The open prompt: focus is on "Back to my account" at once, whatever Restart turns out to be. */
async function openPrompt(canvasElement: HTMLElement) {
  const page = within(canvasElement.ownerDocument.body);
  const prompt = await page.findByRole('alertdialog', { name: TITLE }, SLOW);
  await waitFor(() => expect(within(prompt).getByRole('button', { name: 'Back to my account' })).toHaveFocus(), SLOW);
  return { prompt, scope: within(prompt), page };
}

/** Ends the session through the banner's End session and returns the polite notice that follows. */
async function endFromBanner(canvasElement: HTMLElement) {
  const banner = await waitForBanner(canvasElement);
  await userEvent.click(within(banner).getByRole('button', { name: 'End session' }));
  const page = within(canvasElement.ownerDocument.body);
  const status = await page.findByRole('status', {}, SLOW);
  await waitFor(() => expect(status).toHaveTextContent("You're back as Olivia Owner."), SLOW);
  const notice = status.parentElement as HTMLElement;
  return { notice, scope: within(notice), page };
}

/** Lets the session run out on the server's clock: an end the admin did not choose. */
async function expire(context: { loaded: Record<string, unknown>; canvasElement: HTMLElement }, ms = 30 * MINUTE) {
  const { api, client } = loadedOf(context);
  await waitForBanner(context.canvasElement);
  api.clock.advance(ms);
  await client.session.refresh();
  return openPrompt(context.canvasElement);
}

/** Olivia pressed End session herself: no modal, a polite "You're back as Olivia Owner", Restart offered quietly. */
export const BackAsOlivia: Story = {
  name: 'After End — back as Olivia Owner',
  play: async ({ canvasElement }) => {
    const { scope, page } = await endFromBanner(canvasElement);
    await expect(page.queryByRole('alertdialog')).toBeNull();
    await expect(page.getByRole('status')).toHaveAttribute('aria-live', 'polite');
    const restart = await scope.findByRole('button', { name: 'Restart session' }, SLOW);
    await expect(restart).not.toHaveFocus();
    await expect(scope.getByRole('button', { name: 'Dismiss' })).toBeVisible();
  },
};

/** The same in dark, right to left. */
export const BackAsOliviaDarkRtl: Story = {
  name: 'After End — back as Olivia Owner (dark, RTL)',
  globals: { theme: 'dark', dir: 'rtl' },
  play: async ({ canvasElement }) => {
    const { scope } = await endFromBanner(canvasElement);
    await expect(await scope.findByRole('button', { name: 'Restart session' }, SLOW)).toBeVisible();
  },
};

/** Dismiss: the notice goes and Olivia is herself again. */
export const Dismissed: Story = {
  play: async ({ canvasElement }) => {
    const { scope, page } = await endFromBanner(canvasElement);
    await userEvent.click(scope.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(page.getByRole('status')).toBeEmptyDOMElement(), SLOW);
    await expect(within(canvasElement).queryByRole('region', { name: 'Impersonation' })).toBeNull();
  },
};

/** Restart from the notice: a new session with the same target and reason; the banner is back. */
export const RestartedFromNotice: Story = {
  name: 'After End — restarted',
  play: async ({ canvasElement }) => {
    const { scope } = await endFromBanner(canvasElement);
    await userEvent.click(await scope.findByRole('button', { name: 'Restart session' }, SLOW));
    await expect(await waitForBanner(canvasElement)).toBeVisible();
  },
};

/** Ten minutes after the end the restart window closes: Restart goes from the notice, the message stays. */
export const RestartWindowPassed: Story = {
  play: async (context) => {
    const { api, client } = loadedOf(context);
    const { scope } = await endFromBanner(context.canvasElement);
    await expect(await scope.findByRole('button', { name: 'Restart session' }, SLOW)).toBeVisible();
    // The server's clock moves on; the client learns the new time from its next answer (the viewer's serverTime).
    api.clock.advance(10 * MINUTE);
    await client.viewer.refresh();
    await waitFor(() => expect(scope.queryByRole('button', { name: 'Restart session' })).toBeNull(), SLOW);
    await expect(scope.getByRole('button', { name: 'Dismiss' })).toBeVisible();
  },
};

/** The 30 minutes ran out (the server's clock moved on): the cause in words, focus on Back to my account. */
export const Expired: Story = {
  play: async (context) => {
    const { prompt, scope } = await expire(context);
    await expect(prompt).toHaveAccessibleDescription('The session reached its time limit.');
    await expect(await scope.findByRole('button', { name: 'Restart session' }, SLOW)).toBeVisible();
    await expect(scope.getByRole('button', { name: 'Back to my account' })).toHaveFocus();
  },
};

/** Expired, on a phone in dark mode. */
export const ExpiredMobileDark: Story = {
  name: 'Expired — 375 px, dark',
  globals: { viewport: { value: 'mobile' }, theme: 'dark' },
  play: async (context) => {
    const { prompt } = await expire(context);
    await expect(prompt).toHaveAccessibleDescription('The session reached its time limit.');
  },
};

/** Enterprise: an hour without activity ended it. */
export const IdleTimeout: Story = {
  name: 'Idle time-out (enterprise)',
  parameters: {
    impersonation: { preset: 'enterprise', viewer: 'u_owner', setup: startedSession({ targetUserId: 'u_alice', stepUpCode: '123456' }) },
  },
  play: async (context) => {
    const { prompt } = await expire(context, 60 * MINUTE);
    await expect(prompt).toHaveAccessibleDescription('The session ended after a period of inactivity.');
  },
};

/** Consent: Alice's one-hour consent ran out, said in its own words; no Restart without a new consent. */
export const ConsentLapsed: Story = {
  name: 'Consent lapsed (consent)',
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
  play: async (context) => {
    const { prompt, scope } = await expire(context, 60 * MINUTE);
    await expect(prompt).toHaveAccessibleDescription("Alice Analyst's consent to impersonation ran out, which ended the session.");
    await waitFor(() => expect(scope.queryByRole('button', { name: 'Restart session' })).toBeNull(), SLOW);
  },
};

/** Consent: Alice revoked her consent mid-session; she is no longer eligible, so there is no Restart. */
export const ConsentRevoked: Story = {
  name: 'Consent revoked (consent)',
  parameters: {
    impersonation: { preset: 'consent', viewer: 'u_owner', setup: startedSession({ targetUserId: 'u_alice', reason: 'Checking the export bug' }) },
  },
  play: async (context) => {
    const { as, client } = loadedOf(context);
    await waitForBanner(context.canvasElement);
    await as('u_alice').consent.revoke();
    await client.session.refresh();
    const { prompt, scope } = await openPrompt(context.canvasElement);
    await expect(prompt).toHaveAccessibleDescription('Alice Analyst revoked their consent to impersonation.');
    await waitFor(() => expect(scope.queryByRole('button', { name: 'Restart session' })).toBeNull(), SLOW);
  },
};

/** Alice was suspended mid-session: the user is unavailable, and there is no Restart. */
export const TargetUnavailable: Story = {
  play: async (context) => {
    const { api, client } = loadedOf(context);
    await waitForBanner(context.canvasElement);
    await api.setUserStatus('u_alice', 'suspended');
    await client.session.refresh();
    const { prompt, scope } = await openPrompt(context.canvasElement);
    await expect(prompt).toHaveAccessibleDescription('Alice Analyst is no longer available (suspended or deleted).');
    await waitFor(() => expect(scope.queryByRole('button', { name: 'Restart session' })).toBeNull(), SLOW);
  },
};

/** Olivia signed out in another tab, which ended the session. */
export const LoggedOut: Story = {
  play: async (context) => {
    const { api, client } = loadedOf(context);
    await waitForBanner(context.canvasElement);
    await api.signOut('u_owner');
    await client.session.refresh();
    const { prompt } = await openPrompt(context.canvasElement);
    await expect(prompt).toHaveAccessibleDescription('You signed out, which ended the session.');
  },
};

/** Restart session pressed in the prompt, the server has not answered: Restarting…, and Back waits. */
export const Restarting: Story = {
  parameters: { msw: { handlers: [http.post('*/api/impersonation/sessions/:id/restart', () => delay('infinite'))] } },
  play: async (context) => {
    const { scope } = await expire(context);
    await userEvent.click(await scope.findByRole('button', { name: 'Restart session' }, SLOW));
    const pending = await scope.findByRole('button', { name: 'Restarting…' }, SLOW);
    await expect(pending).toHaveAttribute('aria-busy', 'true');
    await expect(scope.getByRole('button', { name: 'Back to my account' })).toHaveAttribute('aria-disabled', 'true');
  },
};

const ENTERPRISE = { preset: 'enterprise', viewer: 'u_owner', setup: startedSession({ targetUserId: 'u_alice', stepUpCode: '123456' }) } as const;

/** A wrong code: the server's refusal in words, the code kept, selected and focused for the next try. */
export const RestartWrongCode: Story = {
  name: 'Restart with a wrong code (enterprise)',
  parameters: { impersonation: ENTERPRISE },
  play: async (context) => {
    const { scope } = await expire(context, 60 * MINUTE);
    const code = await scope.findByRole('textbox', { name: 'Verification code' }, SLOW);
    await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    await userEvent.type(code, '000000');
    await userEvent.click(scope.getByRole('button', { name: 'Restart session' }));
    await expect(await scope.findByRole('alert', {}, SLOW)).toHaveTextContent("Couldn't restart the session: That verification code is not valid.");
    await expect(code).toHaveValue('000000');
    await expect(code).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(code).toHaveFocus(), SLOW);
  },
};

/** Back to my account (or Escape): the prompt closes and the viewer is themselves again. */
export const BackToMyAccount: Story = {
  name: 'Back to my account',
  play: async (context) => {
    const { page } = await expire(context);
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(page.queryByRole('alertdialog')).toBeNull(), SLOW);
    await expect(within(context.canvasElement).queryByRole('region', { name: 'Impersonation' })).toBeNull();
  },
};
