import { useId, useRef, useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { ImpersonationClient, UserRef, UserSummary } from '@impersonate-kit/sdk';
import { ImpersonateMenuItem } from './ImpersonateMenuItem';

// Every story runs on the real mock backend through the global story helpers (.storybook/mockStory.tsx):
// `parameters.impersonation` picks the preset, the signed-in user and the setup steps over HTTP.
// The users shown are the backend's own cast, read from it at render time.

/** The part of the helpers' setup tools these stories use. */
interface SetupTools {
  api: { clock: { advance(ms: number): void } };
  as(userId: string): ImpersonationClient;
}

/** The part of `context.loaded.impersonation` these stories use. */
interface Loaded {
  api: { getState(): { users: UserSummary[] } };
  client: ImpersonationClient;
}

/** What each story picks: the users whose items the menu holds. */
interface Args {
  userIds: string[];
}

const SLOW = { timeout: 5000 };
const HOUR = 3_600_000;

function loadedOf(context: { loaded: Record<string, unknown> }): Loaded {
  return context.loaded.impersonation as Loaded;
}

/** The backend's user as a host's user list holds it; an unknown id stands for a user deleted since the list loaded. */
function userFrom(context: { loaded: Record<string, unknown> }, id: string): UserRef {
  const user = loadedOf(context).api.getState().users.find((member) => member.id === id);
  return user ? { id: user.id, name: user.name, email: user.email } : { id, name: 'Deleted user', email: 'deleted@acme.test' };
}

/** The items in a plain ARIA menu, one per user, each under the user's name. */
function MenuOf({ users }: { users: UserRef[] }) {
  return (
    <div role="menu" aria-label="User actions">
      {users.map((user) => (
        <div role="group" aria-label={user.name} key={user.id}>
          <ImpersonateMenuItem user={user} />
        </div>
      ))}
    </div>
  );
}

const meta = {
  title: 'Components/ImpersonateMenuItem',
  parameters: { layout: 'padded', impersonation: { preset: 'account-admin', viewer: 'u_owner' } },
  args: { userIds: ['u_alice'] },
  render: (args, context) => <MenuOf users={args.userIds.map((id) => userFrom(context, id))} />,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<typeof meta>;

async function settledItem(canvasElement: HTMLElement, group?: string): Promise<HTMLElement> {
  const canvas = within(canvasElement);
  const scope = group ? within(await canvas.findByRole('group', { name: group }, SLOW)) : canvas;
  const item = await scope.findByRole('menuitem', { name: 'Impersonate user' }, SLOW);
  await waitFor(() => expect(item).not.toHaveAttribute('data-state', 'loading'), SLOW);
  return item;
}

function disabledWith(message: string): Story['play'] {
  return async ({ canvasElement }) => {
    const item = await settledItem(canvasElement);
    await expect(item).toHaveAttribute('aria-disabled', 'true');
    await expect(item).toHaveAccessibleDescription(message);
  };
}

/** Account admin: Alice can be impersonated. */
export const Enabled: Story = {
  play: async ({ canvasElement }) => {
    const item = await settledItem(canvasElement);
    await expect(item).not.toHaveAttribute('aria-disabled');
  },
};

/** Account admin: Nora never signed in, and this policy asks for a prior sign-in. */
export const NeverLoggedIn: Story = {
  args: { userIds: ['u_nora'] },
  play: disabledWith('This user has never signed in, so they cannot be impersonated yet.'),
};

/** Account admin: Sam is suspended. */
export const Suspended: Story = {
  args: { userIds: ['u_sam'] },
  play: disabledWith('This user is suspended or deleted.'),
};

/** Olivia's own row: nobody impersonates themself. */
export const Self: Story = {
  args: { userIds: ['u_owner'] },
  play: disabledWith("You can't impersonate yourself."),
};

/** A row for a user the backend no longer knows. */
export const NotFound: Story = {
  args: { userIds: ['u_removed'] },
  play: disabledWith('This user no longer exists.'),
};

/** Olivia already impersonates Alice (started in setup): no chaining, so Bob's item says why. */
export const AlreadyImpersonating: Story = {
  args: { userIds: ['u_bob'] },
  parameters: {
    impersonation: {
      preset: 'account-admin',
      viewer: 'u_owner',
      setup: async ({ as }: SetupTools) => {
        await as('u_owner').session.start({ targetUserId: 'u_alice', reason: 'Reproducing ticket 4521', reasonCategory: 'Support' });
      },
    },
  },
  play: disabledWith('End your current impersonation session first.'),
};

/** Enterprise: admins cannot be impersonated. */
export const TargetIsAdmin: Story = {
  args: { userIds: ['u_ada'] },
  parameters: { impersonation: { preset: 'enterprise', viewer: 'u_owner' } },
  play: disabledWith("Admins can't be impersonated."),
};

/** Enterprise: Bill holds the protected billing role. */
export const ProtectedRole: Story = {
  args: { userIds: ['u_bill'] },
  parameters: { impersonation: { preset: 'enterprise', viewer: 'u_owner' } },
  play: disabledWith("Users with a protected role, such as billing, can't be impersonated."),
};

/** Consent: Alice consented for 24 hours; the item says until when. */
export const ConsentUntil: Story = {
  parameters: { impersonation: { preset: 'consent', viewer: 'u_owner' } },
  play: async ({ canvasElement }) => {
    const item = await settledItem(canvasElement);
    await expect(item).not.toHaveAttribute('aria-disabled');
    await expect(item).toHaveAccessibleDescription(/^Consent until /);
  },
};

/** Consent: Bob never allowed impersonation. */
export const NoConsent: Story = {
  args: { userIds: ['u_bob'] },
  parameters: { impersonation: { preset: 'consent', viewer: 'u_owner' } },
  play: disabledWith("This user hasn't allowed impersonation."),
};

/** Consent: Alice's 24 hours ran out (server time moved 25 hours in setup). */
export const ConsentExpired: Story = {
  parameters: {
    impersonation: {
      preset: 'consent',
      viewer: 'u_owner',
      setup: ({ api }: SetupTools) => api.clock.advance(25 * HOUR),
    },
  },
  play: disabledWith("This user's consent to impersonation has expired."),
};

/** Signed in as Alice, who lacks impersonate:users: the item is not there at all. */
export const HiddenWithoutPermission: Story = {
  args: { userIds: ['u_bob'] },
  parameters: { impersonation: { preset: 'account-admin', viewer: 'u_alice' } },
  render: (args, context) => (
    <div>
      <p>Signed in as Alice Analyst, who may not impersonate. There is no item below.</p>
      {args.userIds.map((id) => (
        <ImpersonateMenuItem key={id} user={userFrom(context, id)} />
      ))}
    </div>
  ),
  play: async ({ canvasElement, loaded }) => {
    const { client } = loadedOf({ loaded });
    await waitFor(() => expect(client.viewer.getSnapshot().status).toBe('ready'), SLOW);
    await expect(within(canvasElement).queryByRole('menuitem')).not.toBeInTheDocument();
  },
};

const everyone = ['u_owner', 'u_admin', 'u_ada', 'u_alice', 'u_bob', 'u_bill', 'u_nora', 'u_sam'];

/** Every cast member under the account-admin policy, one item each. */
export const AllUsersAccountAdmin: Story = {
  args: { userIds: everyone },
  play: async ({ canvasElement }) => {
    await expect(await settledItem(canvasElement, 'Alice Analyst')).not.toHaveAttribute('aria-disabled');
    await expect(await settledItem(canvasElement, 'Nora New')).toHaveAttribute('aria-disabled', 'true');
  },
};

/** Every cast member under the enterprise policy. */
export const AllUsersEnterprise: Story = {
  args: { userIds: everyone },
  parameters: { impersonation: { preset: 'enterprise', viewer: 'u_owner' } },
  play: async ({ canvasElement }) => {
    await expect(await settledItem(canvasElement, 'Bill Payer')).toHaveAttribute('aria-disabled', 'true');
    await expect(await settledItem(canvasElement, 'Nora New')).not.toHaveAttribute('aria-disabled');
  },
};

/** Every cast member under the consent policy. */
export const AllUsersConsent: Story = {
  args: { userIds: everyone },
  parameters: { impersonation: { preset: 'consent', viewer: 'u_owner' } },
  play: async ({ canvasElement }) => {
    await expect(await settledItem(canvasElement, 'Alice Analyst')).toHaveAccessibleDescription(/^Consent until /);
    await expect(await settledItem(canvasElement, 'Ada Admin')).toHaveAttribute('aria-disabled', 'true');
  },
};

/** Choosing the item opens the reason dialog for that user. */
export const OpensReasonDialog: Story = {
  play: async ({ canvasElement }) => {
    const item = await settledItem(canvasElement);
    await userEvent.click(item);
    const page = within(canvasElement.ownerDocument.body);
    const dialog = await page.findByRole('dialog', { name: 'Impersonate Alice Analyst' }, SLOW);
    // The opening animation starts from opacity 0: let it finish before asking what is visible.
    await Promise.all(dialog.getAnimations({ subtree: true }).map((animation) => animation.finished));
    await expect(within(dialog).getByRole('textbox', { name: 'Reason' })).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(item).toHaveFocus(), SLOW);
  },
};

/** A host menu button whose menu unmounts on select; the item renders as the host's own element (`asChild`). */
function HostMenu({ user }: { user: UserRef }) {
  const [open, setOpen] = useState(false);
  const buttonId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  return (
    <div>
      <button ref={buttonRef} id={buttonId} type="button" className="ik-button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        Actions for {user.name}
      </button>
      {open && (
        <div role="menu" aria-labelledby={buttonId}>
          <ImpersonateMenuItem user={user} asChild>
            <div
              tabIndex={-1}
              // Like Radix: Enter and Space become a click, and a click closes the menu (unless the item is disabled).
              onKeyDown={(event) => {
                if (event.key !== 'Enter' && event.key !== ' ') return;
                event.preventDefault();
                event.currentTarget.click();
              }}
              onClick={(event) => {
                if (event.currentTarget.getAttribute('aria-disabled') !== 'true') setOpen(false);
              }}
            />
          </ImpersonateMenuItem>
        </div>
      )}
    </div>
  );
}

/** Keyboard only, inside a menu that goes away on select: the dialog stays, and Escape puts focus back on the menu button. */
export const InsideAMenu: Story = {
  render: (_args, context) => <HostMenu user={userFrom(context, 'u_alice')} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const page = within(canvasElement.ownerDocument.body);
    const button = canvas.getByRole('button', { name: 'Actions for Alice Analyst' });
    await userEvent.click(button);
    const item = await settledItem(canvasElement);
    item.focus();
    await userEvent.keyboard('{Enter}');
    const dialog = await page.findByRole('dialog', { name: 'Impersonate Alice Analyst' }, SLOW);
    await expect(canvas.queryByRole('menu', { hidden: true })).not.toBeInTheDocument();
    await userEvent.keyboard('Checking the export');
    await expect(within(dialog).getByRole('textbox', { name: 'Reason' })).toHaveValue('Checking the export');
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(page.queryByRole('dialog')).not.toBeInTheDocument(), SLOW);
    await waitFor(() => expect(button).toHaveFocus(), SLOW);
  },
};
