import type { ComponentType } from 'react';
import { useId, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
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
  // The docs page's description and props table come from the component; these stories' args are their own (a cast: the component's props differ).
  component: ImpersonateMenuItem as unknown as ComponentType<Args>,
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
export const InsideAClosingMenu: Story = {
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

// A host's own menu styles, written as hosts write them: class selectors, equal in specificity to
// the kit's old ones and loaded after them, with a block item and no-wrap text. They used to put
// the reason on the label's line and stretch the menu to the reason's length.
const HOST_MENU_CSS = `
.acme-menu { display: inline-block; min-width: 14rem; padding: 0.25rem; border: 1px solid var(--ik-color-border); border-radius: 8px; background: var(--ik-color-bg); color: var(--ik-color-fg); box-shadow: 0 8px 24px rgb(0 0 0 / 0.18); font: 14px/1.4 system-ui, sans-serif; }
.acme-menu__item { display: block; padding: 0.5rem 0.75rem; border-radius: 4px; cursor: default; outline: none; white-space: nowrap; }
.acme-menu__item[data-highlighted], .acme-menu__item:focus { background: var(--ik-color-accent); color: var(--ik-color-accent-fg); }
.acme-menu__item[aria-disabled='true'] { color: var(--ik-color-fg); background: transparent; }
`;

/** An open kebab menu as a host renders it (the ARIA menu pattern, arrow keys move), with the host's CSS. */
function StyledHostMenu({ user }: { user: UserRef }) {
  const buttonId = useId();
  const menuRef = useRef<HTMLDivElement>(null);
  // Arrow keys move between the items, as in any menu.
  const move = (event: ReactKeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(event.target as HTMLElement);
    items[(at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
  };
  return (
    <div>
      <style>{HOST_MENU_CSS}</style>
      <button id={buttonId} type="button" className="ik-button" aria-haspopup="menu" aria-expanded="true">
        Actions for {user.name}
      </button>
      <div>
        <div ref={menuRef} role="menu" aria-labelledby={buttonId} className="acme-menu" onKeyDown={move}>
          <div role="menuitem" tabIndex={-1} className="acme-menu__item">
            Copy email
          </div>
          <ImpersonateMenuItem user={user} asChild>
            <div tabIndex={-1} className="acme-menu__item" />
          </ImpersonateMenuItem>
        </div>
      </div>
    </div>
  );
}

/** The item under the host's CSS: at most 360px wide, the reason on its own line under the label, host styles winning. */
const fitsTheHostMenu: Story['play'] = async ({ canvasElement }) => {
  const item = await settledItem(canvasElement);
  const label = item.querySelector('.ik-menu-item__label');
  const reason = item.querySelector('.ik-menu-item__description');
  await expect(reason).toBeVisible();
  await expect(item.getBoundingClientRect().width).toBeLessThanOrEqual(360);
  await expect(reason?.getBoundingClientRect().top).toBeGreaterThan(label?.getBoundingClientRect().bottom ?? Infinity);
  // The host's rules won where they spoke (zero-specificity kit CSS): its radius, not the kit's.
  await expect(getComputedStyle(item).borderRadius).toBe('4px');
  const menu = item.closest('[role="menu"]');
  await expect(menu?.getBoundingClientRect().width).toBeLessThanOrEqual(360 + 2 * 4 + 2);
};

/** Nora New in an open host menu with the host's CSS: she never signed in, and the reason sits under the label. */
export const InsideAMenu: Story = {
  name: 'Inside a menu: Nora New, never signed in',
  args: { userIds: ['u_nora'] },
  render: (args, context) => <StyledHostMenu user={userFrom(context, args.userIds[0] ?? 'u_nora')} />,
  play: fitsTheHostMenu,
};

/** Consent: a host list that holds a very long display name for Alice Analyst; her consent line wraps under the label, the dialog's title wraps too. */
export const InsideAMenuLongName: Story = {
  name: 'Inside a menu: Alice Analyst with a very long display name, consented',
  args: { userIds: ['u_alice'] },
  parameters: { impersonation: { preset: 'consent', viewer: 'u_owner' } },
  render: (args, context) => (
    <StyledHostMenu user={{ ...userFrom(context, args.userIds[0] ?? 'u_alice'), name: 'Alice Philippa Wilhelmina Featherstonehaugh-Montgomery-Abercrombie' }} />
  ),
  play: async (context) => {
    await fitsTheHostMenu(context);
    const item = await settledItem(context.canvasElement);
    await userEvent.click(item);
    const dialog = await within(context.canvasElement.ownerDocument.body).findByRole('dialog', { name: /^Impersonate Alice Philippa/ }, SLOW);
    await Promise.all(dialog.getAnimations({ subtree: true }).map((animation) => animation.finished));
    await expect(dialog.scrollWidth).toBeLessThanOrEqual(dialog.clientWidth);
    await userEvent.keyboard('{Escape}');
  },
};

/** Nora New's menu on a 375px phone. */
export const InsideAMenuMobile: Story = {
  ...InsideAMenu,
  name: 'Inside a menu: Nora New, on a phone',
  globals: { viewport: { value: 'mobile' } },
  play: async (context) => {
    await fitsTheHostMenu(context);
    const item = await settledItem(context.canvasElement);
    await expect(item.getBoundingClientRect().right).toBeLessThanOrEqual(375);
  },
};

/** Nora New's menu in the dark theme. */
export const InsideAMenuDark: Story = {
  ...InsideAMenu,
  name: 'Inside a menu: Nora New, dark',
  globals: { theme: 'dark' },
};

/** Nora New's menu right to left: the reason starts at the right edge, under the label. */
export const InsideAMenuRtl: Story = {
  ...InsideAMenu,
  name: 'Inside a menu: Nora New, right to left',
  globals: { dir: 'rtl' },
  play: async (context) => {
    await fitsTheHostMenu(context);
    const item = await settledItem(context.canvasElement);
    const reason = item.querySelector('.ik-menu-item__description');
    await expect(getComputedStyle(item).direction).toBe('rtl');
    await expect(Math.round(item.getBoundingClientRect().right - (reason?.getBoundingClientRect().right ?? 0))).toBeLessThanOrEqual(16);
  },
};
