import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';
import type { ImpersonationClient } from '@impersonate-kit/sdk';
import { ImpersonatedNotice } from './ImpersonatedNotice';

// Every story runs on the real mock backend through the global story helpers (.storybook/mockStory.tsx).

/** The part of the helpers' setup tools these stories use. */
interface SetupTools {
  api: { clock: { advance(ms: number): void } };
  as(userId: string): ImpersonationClient;
}

const NOTICE = 'Adam Admin is acting as you right now';

const meta = {
  title: 'Components/ImpersonatedNotice',
  component: ImpersonatedNotice,
  args: { auditHref: '#impersonation-audit' },
  parameters: {
    layout: 'padded',
    impersonation: {
      preset: 'consent',
      viewer: 'u_bob',
      setup: async ({ api, as }: SetupTools) => {
        await as('u_bob').consent.grant({ durationHours: 24 });
        await as('u_admin').session.start({ targetUserId: 'u_bob', reason: 'Ticket 4521: export fails' });
        api.clock.advance(12 * 60_000);
      },
    },
  },
} satisfies Meta<typeof ImpersonatedNotice>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Adam is acting as Bob right now: who, since when, why; Revoke consent and a link to the audit. */
export const ActingAsBob: Story = {
  name: 'Adam is acting as Bob right now',
  play: async ({ canvas }) => {
    const notice = await canvas.findByRole('region', { name: NOTICE });
    await expect(notice).toHaveTextContent(/Since .+ · Reason: Ticket 4521: export fails/);
    await expect(within(notice).getByRole('link', { name: 'See what they do' })).toHaveAttribute('href', '#impersonation-audit');
    await expect(within(notice).getByRole('button', { name: 'Revoke consent' })).toBeVisible();
  },
};

/** Revoke asks first; revoking ends Adam's session and the notice goes. */
export const RevokeEndsIt: Story = {
  name: 'Bob revokes consent from the notice',
  play: async ({ canvas }) => {
    const notice = await canvas.findByRole('region', { name: NOTICE });
    await userEvent.click(within(notice).getByRole('button', { name: 'Revoke consent' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Revoke consent?' });
    await expect(within(dialog).getByRole('button', { name: 'Keep consent' })).toHaveFocus();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(canvas.queryByRole('region', { name: NOTICE })).not.toBeInTheDocument());
  },
};

/** The host handles "See what they do" itself. */
export const WithOnShowAudit: Story = {
  name: '"See what they do" handled by the host',
  args: { auditHref: undefined, onShowAudit: fn() },
  play: async ({ args, canvas }) => {
    const notice = await canvas.findByRole('region', { name: NOTICE });
    await userEvent.click(within(notice).getByRole('button', { name: 'See what they do' }));
    await expect(args.onShowAudit).toHaveBeenCalledTimes(1);
  },
};

/** The notice on a phone. */
export const Mobile: Story = {
  ...ActingAsBob,
  name: 'Adam is acting as Bob right now — 375 px',
  globals: { viewport: { value: 'mobile' } },
};

/** The notice, dark. */
export const Dark: Story = {
  ...ActingAsBob,
  name: 'Adam is acting as Bob right now — dark',
  globals: { theme: 'dark' },
};

/** The notice, right to left. */
export const Rtl: Story = {
  ...ActingAsBob,
  name: 'Adam is acting as Bob right now — RTL',
  globals: { dir: 'rtl' },
};

/** Where the organisation does not ask for consent, there is no consent to revoke: no Revoke button. */
export const ConsentNotRequired: Story = {
  name: 'Olivia is acting as Bob, consent not required by the organisation',
  parameters: {
    impersonation: {
      preset: 'account-admin',
      viewer: 'u_bob',
      setup: async ({ as }: SetupTools) => {
        await as('u_owner').session.start({ targetUserId: 'u_bob', reason: 'Reproducing the export bug' });
      },
    },
  },
  play: async ({ canvas }) => {
    const notice = await canvas.findByRole('region', { name: 'Olivia Owner is acting as you right now' });
    await expect(within(notice).queryByRole('button', { name: 'Revoke consent' })).not.toBeInTheDocument();
  },
};
