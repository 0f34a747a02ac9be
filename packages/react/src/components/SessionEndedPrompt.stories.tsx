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

/** The open prompt, once its Restart decision is made (focus is on its first control then: the code, or the first action). */
async function openPrompt(canvasElement: HTMLElement) {
  const page = within(canvasElement.ownerDocument.body);
  const prompt = await page.findByRole('alertdialog', { name: TITLE }, SLOW);
  // Where the policy asks for a second factor, Restart's code field comes first and takes the focus.
  await waitFor(() => expect(within(prompt).queryByRole('textbox') ?? within(prompt).getAllByRole('button')[0]).toHaveFocus(), SLOW);
  return { prompt, scope: within(prompt), page };
}

/** Ends the session through the banner's End session. */
async function endFromBanner(canvasElement: HTMLElement) {
  const banner = await waitForBanner(canvasElement);
  await userEvent.click(within(banner).getByRole('button', { name: 'End session' }));
}

/** The impersonator pressed End session: Restart session has the focus, Quit is beside it. */
export const Ended: Story = {
  play: async ({ canvasElement }) => {
    await endFromBanner(canvasElement);
    const { prompt, scope } = await openPrompt(canvasElement);
    await expect(prompt).toHaveAccessibleDescription('You ended the session.');
    await expect(scope.getByRole('button', { name: 'Restart session' })).toHaveFocus();
    await expect(scope.getByRole('button', { name: 'Quit' })).toBeVisible();
  },
};

/** The 30 minutes ran out (the server's clock moved on). */
export const Expired: Story = {
  play: async (context) => {
    const { api, client } = loadedOf(context);
    await waitForBanner(context.canvasElement);
    api.clock.advance(30 * MINUTE);
    await client.session.refresh();
    const { prompt, scope } = await openPrompt(context.canvasElement);
    await expect(prompt).toHaveAccessibleDescription('The session reached its time limit.');
    await expect(scope.getByRole('button', { name: 'Restart session' })).toBeVisible();
  },
};

/** Enterprise: an hour without activity ended it. */
export const IdleTimeout: Story = {
  name: 'Idle time-out (enterprise)',
  parameters: {
    impersonation: { preset: 'enterprise', viewer: 'u_owner', setup: startedSession({ targetUserId: 'u_alice', stepUpCode: '123456' }) },
  },
  play: async (context) => {
    const { api, client } = loadedOf(context);
    await waitForBanner(context.canvasElement);
    api.clock.advance(60 * MINUTE);
    await client.session.refresh();
    const { prompt } = await openPrompt(context.canvasElement);
    await expect(prompt).toHaveAccessibleDescription('The session ended after a period of inactivity.');
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
    await expect(scope.queryByRole('button', { name: 'Restart session' })).toBeNull();
    await expect(scope.getByRole('button', { name: 'Quit' })).toHaveFocus();
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
    await expect(scope.queryByRole('button', { name: 'Restart session' })).toBeNull();
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

/** A policy that forbids restarting: Quit is the only way on. */
export const WithoutRestart: Story = {
  name: 'Without restart (policy)',
  parameters: { impersonation: { mock: { policy: { session: { restartAllowed: false } } } } },
  play: async ({ canvasElement }) => {
    await endFromBanner(canvasElement);
    const { scope } = await openPrompt(canvasElement);
    await expect(scope.queryByRole('button', { name: 'Restart session' })).toBeNull();
    await expect(scope.getByRole('button', { name: 'Quit' })).toHaveFocus();
  },
};

/** Restart session pressed, the server has not answered: Restarting…, and Quit waits. */
export const Restarting: Story = {
  parameters: { msw: { handlers: [http.post('*/api/impersonation/sessions/:id/restart', () => delay('infinite'))] } },
  play: async ({ canvasElement }) => {
    await endFromBanner(canvasElement);
    const { scope } = await openPrompt(canvasElement);
    await userEvent.click(scope.getByRole('button', { name: 'Restart session' }));
    const pending = await scope.findByRole('button', { name: 'Restarting…' }, SLOW);
    await expect(pending).toHaveAttribute('aria-busy', 'true');
    await expect(scope.getByRole('button', { name: 'Quit' })).toHaveAttribute('aria-disabled', 'true');
  },
};

/** Alice was suspended after the prompt opened: the server refuses the restart, and the prompt says why. */
export const RestartRefused: Story = {
  play: async (context) => {
    const { api } = loadedOf(context);
    await endFromBanner(context.canvasElement);
    const { scope } = await openPrompt(context.canvasElement);
    await api.setUserStatus('u_alice', 'suspended');
    await userEvent.click(scope.getByRole('button', { name: 'Restart session' }));
    await expect(await scope.findByRole('alert', {}, SLOW)).toHaveTextContent("Couldn't restart the session: This user is suspended or deleted.");
    await waitFor(() => expect(scope.getByRole('button', { name: 'Quit' })).toHaveFocus(), SLOW);
  },
};

/** Restart session: a new session with the same target and reason; the banner is back. */
export const Restarted: Story = {
  play: async ({ canvasElement }) => {
    await endFromBanner(canvasElement);
    const { scope, page } = await openPrompt(canvasElement);
    await userEvent.click(scope.getByRole('button', { name: 'Restart session' }));
    await waitFor(() => expect(page.queryByRole('alertdialog')).toBeNull(), SLOW);
    await expect(await waitForBanner(canvasElement)).toBeVisible();
  },
};

const ENTERPRISE = { preset: 'enterprise', viewer: 'u_owner', setup: startedSession({ targetUserId: 'u_alice', stepUpCode: '123456' }) } as const;

/** Enterprise asks for a second factor: Restart comes with the verification code, asked inline and focused first. */
export const RestartWithCode: Story = {
  name: 'Restart with the code (enterprise)',
  parameters: { impersonation: ENTERPRISE },
  play: async ({ canvasElement }) => {
    await endFromBanner(canvasElement);
    const { scope } = await openPrompt(canvasElement);
    const code = scope.getByRole('textbox', { name: 'Verification code' });
    await expect(code).toHaveFocus();
    await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    await expect(scope.getByRole('button', { name: 'Restart session' })).toBeVisible();
  },
};

/** A wrong code: the server's refusal in words, the code kept, selected and focused for the next try. */
export const RestartWrongCode: Story = {
  name: 'Restart with a wrong code (enterprise)',
  parameters: { impersonation: ENTERPRISE },
  play: async ({ canvasElement }) => {
    await endFromBanner(canvasElement);
    const { scope } = await openPrompt(canvasElement);
    const code = scope.getByRole('textbox', { name: 'Verification code' });
    await userEvent.type(code, '000000');
    await userEvent.click(scope.getByRole('button', { name: 'Restart session' }));
    await expect(await scope.findByRole('alert', {}, SLOW)).toHaveTextContent("Couldn't restart the session: That verification code is not valid.");
    await expect(code).toHaveValue('000000');
    await expect(code).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(code).toHaveFocus(), SLOW);
  },
};

/** Ten minutes after the end the restart window closes, with the prompt open: Restart goes, and Quit takes the focus. */
export const RestartWindowPassed: Story = {
  play: async (context) => {
    const { api, client } = loadedOf(context);
    await endFromBanner(context.canvasElement);
    const { scope } = await openPrompt(context.canvasElement);
    await expect(scope.getByRole('button', { name: 'Restart session' })).toBeVisible();
    // The server's clock moves on; the client learns the new time from its next answer (the viewer's serverTime).
    api.clock.advance(10 * MINUTE);
    await client.viewer.refresh();
    await waitFor(() => expect(scope.queryByRole('button', { name: 'Restart session' })).toBeNull(), SLOW);
    await expect(scope.getByRole('button', { name: 'Quit' })).toHaveFocus();
  },
};

/** Quit (or Escape): the prompt closes and the viewer is themselves again. */
export const Quit: Story = {
  play: async ({ canvasElement }) => {
    await endFromBanner(canvasElement);
    const { page } = await openPrompt(canvasElement);
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(page.queryByRole('alertdialog')).toBeNull(), SLOW);
    await expect(within(canvasElement).queryByRole('region', { name: 'Impersonation' })).toBeNull();
  },
};
