import type { Meta, StoryObj } from '@storybook/react-vite';
import { delay, http, HttpResponse } from 'msw';
import { expect, screen, userEvent, waitFor, within } from 'storybook/test';
import type { ImpersonationClient, UserStatus } from '@impersonate-kit/sdk';
import { ConsentSettings } from './ConsentSettings';

// Every story runs on the real mock backend through the global story helpers (.storybook/mockStory.tsx):
// `parameters.impersonation` picks the preset, the signed-in user and the setup steps over HTTP.

/** The part of the helpers' setup tools these stories use. */
interface SetupTools {
  api: { clock: { advance(ms: number): void } };
  as(userId: string): ImpersonationClient;
}

/** The part of `context.loaded.impersonation` these stories use. */
interface Loaded {
  api: { setUserStatus(userId: string, status: UserStatus): Promise<void> | void };
}

/** A sample-app call as `userId`: while they impersonate, it acts as the target and lands in the audit. */
async function appCall(userId: string, method: string, path: string, body?: unknown) {
  await fetch(`/api/app${path}`, {
    method,
    headers: { Authorization: `Bearer demo:${userId}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const HOUR = 3_600_000;

const meta = {
  title: 'Components/ConsentSettings',
  component: ConsentSettings,
  parameters: { layout: 'padded', impersonation: { preset: 'consent', viewer: 'u_bob' } },
} satisfies Meta<typeof ConsentSettings>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Bob has not allowed impersonation: the policy's durations, custom hours, Enable. */
export const Inactive: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Not enabled')).toBeInTheDocument();
    await expect(canvas.getByRole('button', { name: 'Enable impersonation' })).toBeInTheDocument();
    await expect(await canvas.findByText('Nobody has impersonated you yet.')).toBeInTheDocument();
  },
};

/** Bob allowed impersonation for 24 hours: status, expiry absolute and relative, Update and Revoke side by side. */
export const Active: Story = {
  name: "Bob's settings — consent active",
  parameters: {
    impersonation: {
      preset: 'consent',
      viewer: 'u_bob',
      setup: async ({ as }: SetupTools) => {
        await as('u_bob').consent.grant({ durationHours: 24 });
      },
    },
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Active')).toBeInTheDocument();
    await expect(canvas.getByText(/^Expires .+ \(tomorrow\)$/)).toBeInTheDocument();
    await expect(canvas.getByRole('radio', { name: '24 hours' })).toBeChecked();
    await expect(canvas.getByRole('button', { name: 'Revoke consent' })).toBeInTheDocument();
  },
};

/** Bob enables it with the keyboard and hears the confirmation. */
export const Enable: Story = {
  play: async ({ canvas }) => {
    await canvas.findByText('Not enabled');
    await userEvent.click(canvas.getByRole('radio', { name: '72 hours' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Enable impersonation' }));
    await expect(await canvas.findByText(/^Impersonation consent enabled until/)).toBeInTheDocument();
    await expect(canvas.getByText('Active')).toBeInTheDocument();
  },
};

/** Custom hours outside 1..168 are refused beside the field; nothing is sent. */
export const CustomInvalid: Story = {
  play: async ({ canvas }) => {
    // The form is there from the start, disabled until Bob's consent is known.
    await canvas.findByText('Not enabled');
    await userEvent.click(canvas.getByRole('radio', { name: 'Custom' }));
    const hours = canvas.getByRole('spinbutton', { name: 'Hours (1–168)' });
    await userEvent.type(hours, '169');
    await userEvent.click(canvas.getByRole('button', { name: 'Enable impersonation' }));
    await expect(hours).toHaveAttribute('aria-invalid', 'true');
    await expect(hours).toHaveAccessibleDescription('Enter whole hours from 1 to 168.');
    await expect(hours).toHaveFocus();
  },
};

/** The form's height, to the pixel. */
function formHeight(canvasElement: HTMLElement): number {
  const form = canvasElement.querySelector('.ik-consent__form');
  if (!form) throw new Error('No consent form');
  return Math.round(form.getBoundingClientRect().height);
}

/** The server has not answered yet: the button says Saving… and refuses a second click; nothing moves. */
export const Saving: Story = {
  parameters: {
    // Holds the grant so the pending state stays on screen (the story's overrides go in front of the mock).
    msw: { handlers: [http.put('*/api/impersonation/consent', () => delay('infinite'))] },
  },
  play: async ({ canvas, canvasElement }) => {
    await canvas.findByText('Not enabled');
    const inactive = formHeight(canvasElement);
    // Custom shows its hours field where its space already was.
    await userEvent.click(canvas.getByRole('radio', { name: 'Custom' }));
    await expect(canvas.getByRole('spinbutton', { name: 'Hours (1–168)' })).toBeVisible();
    await expect(formHeight(canvasElement)).toBe(inactive);
    await userEvent.click(canvas.getByRole('radio', { name: '24 hours' }));
    // Hidden, label and all, yet still holding its place.
    await expect(canvasElement.querySelector('.ik-consent__custom-input')).not.toBeVisible();
    await expect(formHeight(canvasElement)).toBe(inactive);
    await userEvent.click(canvas.getByRole('button', { name: 'Enable impersonation' }));
    const saving = await canvas.findByRole('button', { name: 'Saving…' });
    await expect(saving).toHaveAttribute('aria-disabled', 'true');
    await expect(formHeight(canvasElement)).toBe(inactive);
  },
};

/** Custom hours on a phone: the segments and the hours field fit 375 px, and choosing Custom moves nothing. */
export const CustomOnMobile: Story = {
  globals: { viewport: { value: 'mobile' } },
  play: async ({ canvas, canvasElement }) => {
    await canvas.findByText('Not enabled');
    const before = formHeight(canvasElement);
    await userEvent.click(canvas.getByRole('radio', { name: 'Custom' }));
    await userEvent.type(canvas.getByRole('spinbutton', { name: 'Hours (1–168)' }), '36');
    await expect(formHeight(canvasElement)).toBe(before);
    await expect(canvasElement.scrollWidth).toBeLessThanOrEqual(canvasElement.clientWidth);
  },
};

/** Adam is acting as Bob right now: the notice on top says who, since when and why, with Revoke and "See what they do". */
export const ImpersonatedNow: Story = {
  name: 'Bob is being impersonated by Adam right now',
  parameters: {
    impersonation: {
      preset: 'consent',
      viewer: 'u_bob',
      setup: async ({ as }: SetupTools) => {
        await as('u_bob').consent.grant({ durationHours: 24 });
        await as('u_admin').session.start({ targetUserId: 'u_bob', reason: 'Ticket 4521: export fails' });
        await appCall('u_admin', 'GET', '/projects');
      },
    },
  },
  play: async ({ canvas }) => {
    const notice = await canvas.findByRole('region', { name: 'Adam Admin is acting as you right now' });
    await expect(notice).toHaveTextContent('Reason: Ticket 4521: export fails');
    await userEvent.click(within(notice).getByRole('button', { name: 'See what they do' }));
    await expect(await canvas.findByRole('button', { name: 'Hide audit log' }, { timeout: 5000 })).toHaveFocus();
    await expect(await canvas.findByRole('table', { name: 'Impersonation audit log' })).toBeInTheDocument();
  },
};

/** The same, dark. */
export const ImpersonatedNowDark: Story = {
  ...ImpersonatedNow,
  name: 'Bob is being impersonated by Adam right now — dark',
  globals: { theme: 'dark' },
};

/** The same, right to left. */
export const ImpersonatedNowRtl: Story = {
  ...ImpersonatedNow,
  name: 'Bob is being impersonated by Adam right now — RTL',
  globals: { dir: 'rtl' },
};

/** Bob's settings on a phone, consent active. */
export const ActiveMobile: Story = {
  ...Active,
  name: "Bob's settings — consent active, 375 px",
  globals: { viewport: { value: 'mobile' } },
};

/** Bob's settings, dark. */
export const ActiveDark: Story = {
  ...Active,
  name: "Bob's settings — consent active, dark",
  globals: { theme: 'dark' },
};

/** Revoke asks first; Keep consent has focus. */
export const RevokeConfirmation: Story = {
  parameters: Active.parameters,
  play: async ({ canvas }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Revoke consent' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Revoke consent?' });
    await expect(within(dialog).getByRole('button', { name: 'Keep consent' })).toHaveFocus();
    await expect(within(dialog).getByRole('button', { name: 'Revoke' })).toBeInTheDocument();
  },
};

/** Revoking ends Adam's session as Bob; the history says why. */
export const Revoked: Story = {
  parameters: {
    impersonation: {
      preset: 'consent',
      viewer: 'u_bob',
      setup: async ({ as }: SetupTools) => {
        await as('u_bob').consent.grant({ durationHours: 24 });
        await as('u_admin').session.start({ targetUserId: 'u_bob', reason: 'Checking report access' });
      },
    },
  },
  play: async ({ canvas }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Revoke consent' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke' }));
    await expect(await canvas.findByText('Impersonation consent revoked.')).toBeInTheDocument();
    await expect(await canvas.findByText('You revoked your consent.')).toBeInTheDocument();
  },
};

/** Alice was impersonated twice: one session ended, one still running; each has its audit log. */
export const WithSessionHistory: Story = {
  parameters: {
    impersonation: {
      preset: 'consent',
      viewer: 'u_alice',
      setup: async ({ api, as }: SetupTools) => {
        const admin = as('u_admin');
        await admin.session.start({ targetUserId: 'u_alice', reason: 'Ticket 4521: dashboard is empty' });
        await appCall('u_admin', 'GET', '/projects');
        await appCall('u_admin', 'POST', '/projects', { name: 'Churn Q4', apiToken: 'not-for-the-log' });
        api.clock.advance(20 * 60_000);
        await admin.session.end();
        api.clock.advance(2 * HOUR);
        await as('u_owner').session.start({ targetUserId: 'u_alice', reason: 'Training on exports' });
        await appCall('u_owner', 'GET', '/me');
        api.clock.advance(5 * 60_000);
      },
    },
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Olivia Owner (olivia@acme.test)')).toBeInTheDocument();
    await expect(canvas.getByText('Adam Admin (adam@acme.test)')).toBeInTheDocument();
    const [, ended] = canvas.getAllByRole('button', { name: 'Show audit log' });
    if (!ended) throw new Error('Expected two sessions');
    await userEvent.click(ended);
    await expect(ended).toHaveAttribute('aria-expanded', 'true');
    const table = await canvas.findByRole('table', { name: 'Impersonation audit log' });
    await waitFor(() => expect(within(table).getAllByText('/api/app/projects').length).toBeGreaterThan(0));
  },
};

/** Sam's consent and history cannot be read (his account is suspended): both say what to do, and no Retry that cannot help. */
export const LoadError: Story = {
  parameters: { impersonation: { preset: 'consent', viewer: 'u_sam' } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText("Couldn't load your consent. Your sign-in has expired. Sign in again.")).toBeInTheDocument();
    // The provider's QueryClient retries a failed list once, a second later.
    await expect(
      await canvas.findByText("Couldn't load the sessions. Your sign-in has expired. Sign in again.", {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    await expect(canvas.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
    // The form keeps its place, disabled.
    await expect(canvas.getByRole('button', { name: 'Enable impersonation' })).toBeDisabled();
  },
};

/** The server cannot be reached: the error says so, and Retry (which can help) loads it. */
export const LoadErrorNetwork: Story = {
  parameters: { msw: { handlers: [http.get('*/api/impersonation/consent', () => HttpResponse.error(), { once: true })] } },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByText("Couldn't load your consent. Couldn't reach the server. Check your connection and try again."),
    ).toBeInTheDocument();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(await canvas.findByText('Not enabled')).toBeInTheDocument();
  },
};

/** The server refuses the save: the reason in words, and the chosen hours kept. */
export const SaveError: Story = {
  play: async (context) => {
    const { canvas } = context;
    // The form is there from the start, disabled until Bob's consent is known.
    await canvas.findByText('Not enabled');
    await userEvent.click(canvas.getByRole('radio', { name: 'Custom' }));
    const hours = canvas.getByRole('spinbutton', { name: 'Hours (1–168)' });
    await userEvent.type(hours, '12');
    // Bob's account is suspended meanwhile, so the backend refuses him.
    await (context.loaded.impersonation as Loaded).api.setUserStatus('u_bob', 'suspended');
    await userEvent.click(canvas.getByRole('button', { name: 'Enable impersonation' }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent('Your sign-in has expired. Sign in again.');
    await expect(hours).toHaveValue(12);
  },
};

/** Olivia acts as Alice: consent is shown disabled, with why, and nothing of Olivia's own consent shows as Alice's. */
export const WhileImpersonating: Story = {
  name: 'While Olivia impersonates Alice',
  parameters: {
    impersonation: {
      preset: 'consent',
      viewer: 'u_owner',
      setup: async ({ as }: SetupTools) => {
        await as('u_owner').consent.grant({ durationHours: 72 });
        await as('u_alice').consent.grant({ durationHours: 24 });
        await as('u_owner').session.start({ targetUserId: 'u_alice' });
      },
    },
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText("You are acting as Alice Analyst: consent can't be changed now.")).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Enable impersonation' })).toBeDisabled();
    await expect(canvas.getByRole('radio', { name: '24 hours' })).toBeDisabled();
    await expect(canvas.queryByText('Active')).not.toBeInTheDocument();
    await expect(canvas.queryByRole('button', { name: 'Revoke consent' })).not.toBeInTheDocument();
  },
};

/** Under a policy that does not require consent, the user can still record it; a note says so. */
export const NotRequiredByPolicy: Story = {
  name: 'Consent not required by the organisation',
  parameters: { impersonation: { preset: 'account-admin', viewer: 'u_bob' } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText(/doesn't require your consent/)).toBeInTheDocument();
  },
};
