import type { ComponentType } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { delay, http, HttpResponse } from 'msw';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { ImpersonationClient, UserRef, UserSummary } from '@impersonate-kit/sdk';
import { ReasonDialog } from './ReasonDialog';

// Every story runs on the real mock backend through the global story helpers (.storybook/mockStory.tsx):
// `parameters.impersonation` picks the preset, the signed-in user and the setup steps over HTTP.
// Failures the backend cannot be talked into (no network, a request that hangs) are MSW overrides.

/** The part of the helpers' setup tools these stories use. */
interface SetupTools {
  as(userId: string): ImpersonationClient;
}

/** The part of `context.loaded.impersonation` these stories use. */
interface Loaded {
  api: { getState(): { users: UserSummary[]; sessions: unknown[] } };
}

/** What each story picks: whom to impersonate, and whether the dialog starts open. */
interface Args {
  targetId: string;
  open: boolean;
}

const SLOW = { timeout: 5000 };
const REASON = 'Customer reports that the CSV export is empty';

function loadedOf(context: { loaded: Record<string, unknown> }): Loaded {
  return context.loaded.impersonation as Loaded;
}

function userFrom(context: { loaded: Record<string, unknown> }, id: string): UserRef {
  const user = loadedOf(context).api.getState().users.find((member) => member.id === id);
  if (!user) throw new Error(`The mock backend has no user ${id}`);
  return { id: user.id, name: user.name, email: user.email };
}

const meta = {
  title: 'Components/ReasonDialog',
  // The docs page's description and props table come from the component; these stories' args are their own (a cast: the component's props differ).
  component: ReasonDialog as unknown as ComponentType<Args>,
  parameters: { layout: 'padded', impersonation: { preset: 'account-admin', viewer: 'u_owner' } },
  args: { targetId: 'u_alice', open: true },
  render: (args, context) => {
    const target = userFrom(context, args.targetId);
    return (
      <ReasonDialog target={target} defaultOpen={args.open}>
        <button type="button" className="ik-button">
          Impersonate {target.name}
        </button>
      </ReasonDialog>
    );
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The open dialog and its parts, found the way a screen reader user finds them. */
async function dialogParts(canvasElement: HTMLElement, name = 'Alice Analyst') {
  const page = within(canvasElement.ownerDocument.body);
  const dialog = await page.findByRole('dialog', { name: `Impersonate ${name}` }, SLOW);
  // The opening animation starts from opacity 0: let it finish before asking what is visible.
  await Promise.all(dialog.getAnimations({ subtree: true }).map((animation) => animation.finished));
  const scope = within(dialog);
  const reason = await scope.findByRole('textbox', { name: 'Reason' }, SLOW);
  return {
    page,
    dialog,
    scope,
    reason,
    start: scope.getByRole('button', { name: 'Start impersonation' }),
  };
}

/** Account admin: reason required (10 to 500 characters); a category is offered, never demanded. */
export const AccountAdmin: Story = {
  play: async ({ canvasElement }) => {
    const { scope, reason, start } = await dialogParts(canvasElement);
    await expect(reason).toHaveAttribute('aria-required', 'true');
    await expect(scope.getByRole('combobox', { name: 'Category' })).toBeVisible();
    await expect(scope.getByRole('combobox', { name: 'Category' })).toHaveAttribute('aria-required', 'false');
    await expect(start).toHaveAttribute('aria-disabled', 'true');
  },
};

/** Enterprise: the reason is optional, and a verification code confirms the start. */
export const Enterprise: Story = {
  parameters: { impersonation: { preset: 'enterprise', viewer: 'u_owner' } },
  play: async ({ canvasElement }) => {
    const { scope, reason } = await dialogParts(canvasElement);
    await expect(reason).toHaveAttribute('aria-required', 'false');
    const code = scope.getByRole('textbox', { name: 'Verification code' });
    await expect(code).toHaveAttribute('inputmode', 'numeric');
    await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  },
};

/** Consent: the reason is optional and there are no categories; Start is ready at once. */
export const Consent: Story = {
  parameters: { impersonation: { preset: 'consent', viewer: 'u_owner' } },
  play: async ({ canvasElement }) => {
    const { scope, start } = await dialogParts(canvasElement);
    await expect(scope.getByText('Optional')).toBeVisible();
    await expect(start).toHaveAttribute('aria-disabled', 'false');
  },
};

/** Pressing Start on an empty form says what is missing (the reason; never the optional category); nothing is sent. */
export const MissingFields: Story = {
  play: async ({ canvasElement }) => {
    const { scope, reason, start } = await dialogParts(canvasElement);
    await userEvent.click(start);
    await expect(scope.getByText('Enter a reason.')).toBeVisible();
    await expect(scope.getByRole('combobox', { name: 'Category' })).toHaveAttribute('aria-invalid', 'false');
    await expect(reason).toHaveFocus();
  },
};

/** Characters are counted as people see them: an emoji family is one, so "Ticket 12" and a family make ten. */
export const CountedAsSeen: Story = {
  play: async ({ canvasElement }) => {
    const { scope, reason, start } = await dialogParts(canvasElement);
    await userEvent.click(reason);
    await userEvent.paste('Ticket 12\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}');
    await expect(scope.getByText('10 of 500 characters')).toBeVisible();
    await expect(start).toHaveAttribute('aria-disabled', 'false');
  },
};

/** A reason of zero-width characters and bidi controls only is blank, as the server sees it. */
export const InvisibleIsBlank: Story = {
  play: async ({ canvasElement }) => {
    const { scope, reason, start } = await dialogParts(canvasElement);
    await userEvent.click(reason);
    await userEvent.paste('\u200B\u200D\u202E\u2066\uFEFF'.repeat(3));
    await expect(scope.getByText('0 of 500 characters')).toBeVisible();
    await userEvent.click(start);
    await expect(scope.getByText('Enter a reason.')).toBeVisible();
  },
};

/** Nine characters (after trimming, as the server counts) are one too few. */
export const TooShort: Story = {
  play: async ({ canvasElement }) => {
    const { scope, reason } = await dialogParts(canvasElement);
    await userEvent.type(reason, 'Ticket 12');
    await userEvent.tab();
    await expect(scope.getByText('Enter at least 10 characters.')).toBeVisible();
  },
};

/** 10,000 pasted characters are kept, not cut: the count and the message say what to do. */
export const TooLong: Story = {
  play: async ({ canvasElement }) => {
    const { scope, reason, start } = await dialogParts(canvasElement);
    await userEvent.click(reason);
    await userEvent.paste('x'.repeat(10_000));
    await expect(scope.getByText('10,000 of 500 characters')).toBeVisible();
    await expect(scope.getByText('Use at most 500 characters.')).toBeVisible();
    await expect(start).toHaveAttribute('aria-disabled', 'true');
  },
};

/** A `<script>` typed as the reason is text, nothing else. */
export const MarkupAsText: Story = {
  play: async ({ canvasElement }) => {
    const { dialog, reason } = await dialogParts(canvasElement);
    const markup = '<script>alert("owned")</script> ticket 9';
    await userEvent.click(reason);
    await userEvent.paste(markup);
    await expect(reason).toHaveValue(markup);
    await expect(dialog.querySelector('script')).toBeNull();
  },
};

/** A complete form starts the session: the dialog closes and focus is back on the button that opened it. */
export const Started: Story = {
  args: { open: false },
  play: async ({ canvasElement, loaded }) => {
    const trigger = within(canvasElement).getByRole('button', { name: 'Impersonate Alice Analyst' });
    await userEvent.click(trigger);
    const { page, scope, reason, start } = await dialogParts(canvasElement);
    await userEvent.type(reason, REASON);
    await userEvent.selectOptions(scope.getByRole('combobox', { name: 'Category' }), 'Troubleshooting');
    await userEvent.click(start);
    await waitFor(() => expect(page.queryByRole('dialog')).not.toBeInTheDocument(), SLOW);
    await waitFor(() => expect(trigger).toHaveFocus(), SLOW);
    await expect(loadedOf({ loaded }).api.getState().sessions).toHaveLength(1);
  },
};

/** While the server has not answered: Starting…, and the dialog stays until it does. */
export const Pending: Story = {
  parameters: {
    impersonation: { preset: 'consent', viewer: 'u_owner' },
    msw: { handlers: [http.post('*/api/impersonation/sessions', () => delay('infinite'))] },
  },
  play: async ({ canvasElement }) => {
    const { scope, start } = await dialogParts(canvasElement);
    await userEvent.click(start);
    const pending = await scope.findByRole('button', { name: 'Starting…' }, SLOW);
    await expect(pending).toHaveAttribute('aria-disabled', 'true');
    await userEvent.keyboard('{Escape}');
    await expect(scope.getByRole('button', { name: 'Cancel' })).toHaveAttribute('aria-disabled', 'true');
  },
};

/** Enterprise with a wrong code: the refusal shows in the dialog and nothing typed is lost. */
export const WrongCode: Story = {
  parameters: { impersonation: { preset: 'enterprise', viewer: 'u_owner' } },
  play: async ({ canvasElement }) => {
    const { scope, reason } = await dialogParts(canvasElement);
    await userEvent.type(reason, REASON);
    const code = scope.getByRole('textbox', { name: 'Verification code' });
    await userEvent.type(code, '000000{Enter}');
    await expect(await scope.findByRole('alert', {}, SLOW)).toHaveTextContent('That verification code is not valid.');
    await expect(reason).toHaveValue(REASON);
    await expect(code).toHaveAttribute('aria-invalid', 'true');
  },
};

/** Ten refused starts this minute (made in setup): the eleventh is rate limited. */
export const RateLimited: Story = {
  parameters: {
    impersonation: {
      preset: 'enterprise',
      viewer: 'u_owner',
      setup: async ({ as }: SetupTools) => {
        for (let attempt = 0; attempt < 10; attempt += 1) {
          await as('u_owner')
            .session.start({ targetUserId: 'u_alice', stepUpCode: '000000' })
            .catch(() => undefined);
        }
      },
    },
  },
  play: async ({ canvasElement }) => {
    const { scope } = await dialogParts(canvasElement);
    await userEvent.type(scope.getByRole('textbox', { name: 'Verification code' }), '123456{Enter}');
    await expect(await scope.findByRole('alert', {}, SLOW)).toHaveTextContent('Too many sessions started in a minute.');
  },
};

/** Consent: Bob never consented, so the server refuses; the reason stays. */
export const ConsentRequired: Story = {
  args: { targetId: 'u_bob' },
  parameters: { impersonation: { preset: 'consent', viewer: 'u_owner' } },
  play: async ({ canvasElement }) => {
    const { scope, reason, start } = await dialogParts(canvasElement, 'Bob Viewer');
    await userEvent.type(reason, 'Checking the report');
    await userEvent.click(start);
    await expect(await scope.findByRole('alert', {}, SLOW)).toHaveTextContent("This user hasn't allowed impersonation.");
    await expect(reason).toHaveValue('Checking the report');
  },
};

/** No network: the dialog says so and keeps the form for another try. */
export const NetworkError: Story = {
  parameters: {
    impersonation: { preset: 'consent', viewer: 'u_owner' },
    msw: { handlers: [http.post('*/api/impersonation/sessions', () => HttpResponse.error())] },
  },
  play: async ({ canvasElement }) => {
    const { scope, reason, start } = await dialogParts(canvasElement);
    await userEvent.type(reason, REASON);
    await userEvent.click(start);
    await expect(await scope.findByRole('alert', {}, SLOW)).toHaveTextContent("Couldn't reach the server.");
    await expect(reason).toHaveValue(REASON);
  },
};

/** Cancel closes without a request and returns focus to the button that opened the dialog. */
export const Cancelled: Story = {
  args: { open: false },
  play: async ({ canvasElement }) => {
    const trigger = within(canvasElement).getByRole('button', { name: 'Impersonate Alice Analyst' });
    await userEvent.click(trigger);
    const { page, scope } = await dialogParts(canvasElement);
    await userEvent.click(scope.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(page.queryByRole('dialog')).not.toBeInTheDocument(), SLOW);
    await waitFor(() => expect(trigger).toHaveFocus(), SLOW);
  },
};

/** The policy cannot be read: the dialog says why and offers Try again and Cancel, never a dead end. */
export const PolicyUnavailable: Story = {
  parameters: {
    msw: {
      handlers: [
        http.get('*/api/impersonation/policy', () =>
          HttpResponse.json({ error: { code: 'internal_error', message: 'The policy service is down' } }, { status: 503 }),
        ),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    const page = within(canvasElement.ownerDocument.body);
    const dialog = await page.findByRole('dialog', { name: 'Impersonate Alice Analyst' }, SLOW);
    await expect(await within(dialog).findByRole('button', { name: 'Try again' }, SLOW)).toBeInTheDocument();
    await expect(within(dialog).getByRole('button', { name: 'Cancel' })).toBeInTheDocument();
  },
};
