import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { getImpersonation, withMockApi } from '../mockStory';
import { AcmeConsole } from './AcmeConsole';

// The whole journey on one page, once per preset: pick a user from their actions menu, give a
// reason, watch the banner, end the session, then restart or go back to your own account. The play
// functions only use roles and accessible names, as a keyboard or screen-reader user would.

/** Eligibility and session requests go through MSW: allow them more than the default second. */
const SLOW = { timeout: 5000 };

type Canvas = ReturnType<typeof within>;

/** Opens `name`'s actions menu and returns its Impersonate user item once eligibility is known. */
async function openImpersonateItem(canvas: Canvas, name: string): Promise<HTMLElement> {
  await userEvent.click(await canvas.findByRole('button', { name: `Actions for ${name}` }, SLOW));
  const item = await canvas.findByRole('menuitem', { name: 'Impersonate user' }, SLOW);
  await waitFor(() => expect(item).not.toHaveAttribute('aria-busy'), SLOW);
  return item;
}

/** Opens the banner's Details disclosure (the reason, category and what ends it) and returns it. */
async function openDetails(banner: HTMLElement): Promise<HTMLElement> {
  const toggle = within(banner).getByRole('button', { name: 'Details' });
  if (toggle.getAttribute('aria-expanded') !== 'true') await userEvent.click(toggle);
  const details = within(banner).getByRole('group', { name: 'Details' });
  await expect(details).toBeVisible();
  return details;
}

/** The polite status after the admin's own End session: no modal, just who you are again. */
async function findBackAs(page: Canvas): Promise<HTMLElement> {
  const status = await page.findByText("You're back as Olivia Owner.", {}, SLOW);
  await expect(status).toHaveAttribute('role', 'status');
  await expect(status).toHaveAttribute('aria-live', 'polite');
  await expect(page.queryByRole('alertdialog')).not.toBeInTheDocument();
  return status;
}

/** The page: the backend's own users around the kit's components. */
const meta = {
  title: 'Flows/Full flow',
  parameters: { layout: 'fullscreen' },
  render: (_args, context) => <AcmeConsole users={getImpersonation(context).api.getState().users} />,
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

/** Account admin: a reason required and a category chosen (optional), 30 minutes exactly; end, restart, end, dismiss. */
export const AccountAdmin: Story = {
  name: 'Account admin',
  ...withMockApi({ preset: 'account-admin', viewer: 'u_owner' }),
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const page = within(canvasElement.ownerDocument.body);

    await step('Choose Impersonate user in Alice’s actions menu', async () => {
      const item = await openImpersonateItem(canvas, 'Alice Analyst');
      await expect(item).not.toHaveAttribute('aria-disabled');
      await userEvent.click(item);
    });

    await step('Give a reason and a category, then start', async () => {
      const dialog = await page.findByRole('dialog', { name: 'Impersonate Alice Analyst' }, SLOW);
      const start = within(dialog).getByRole('button', { name: 'Start impersonation' });
      await userEvent.type(within(dialog).getByRole('textbox', { name: /Reason/ }), 'Customer reports that the CSV export is empty');
      await userEvent.selectOptions(within(dialog).getByRole('combobox', { name: /Category/ }), 'Troubleshooting');
      await userEvent.click(start);
      await waitFor(() => expect(page.queryByRole('dialog', { name: 'Impersonate Alice Analyst' })).not.toBeInTheDocument(), SLOW);
    });

    await step('The banner says who and how long; its Details say why', async () => {
      const banner = await canvas.findByRole('region', { name: 'Impersonation' }, SLOW);
      await expect(within(banner).getByText('You are impersonating Alice Analyst (alice@acme.test)', { selector: '.ik-banner__title' })).toBeVisible();
      await expect(within(banner).getByRole('timer', { name: 'Time left' })).toHaveTextContent(/^(30:00|29:[0-5]\d)$/);
      await expect(within(banner).getByText('Reason: Customer reports that the CSV export is empty')).not.toBeVisible();
      const details = await openDetails(banner);
      await expect(within(details).getByText('Reason: Customer reports that the CSV export is empty')).toBeVisible();
      await expect(within(details).getByText('Category: Troubleshooting')).toBeVisible();
    });

    await step('End session: the banner goes and a polite status says who you are again, no modal', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'End session' }));
      await findBackAs(page);
      await expect(canvas.queryByRole('region', { name: 'Impersonation' })).not.toBeInTheDocument();
    });

    await step('The status’s quiet Restart session brings the banner back with the same reason', async () => {
      await userEvent.click(await page.findByRole('button', { name: 'Restart session' }, SLOW));
      const banner = await canvas.findByRole('region', { name: 'Impersonation' }, SLOW);
      const details = await openDetails(banner);
      await expect(within(details).getByText('Reason: Customer reports that the CSV export is empty')).toBeVisible();
      await waitFor(() => expect(page.queryByText("You're back as Olivia Owner.")).not.toBeInTheDocument(), SLOW);
      await expect(page.queryByRole('button', { name: 'Dismiss' })).not.toBeInTheDocument();
    });

    await step('End again, then Dismiss leaves no banner and no status', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'End session' }));
      await findBackAs(page);
      await userEvent.click(page.getByRole('button', { name: 'Dismiss' }));
      await waitFor(() => expect(page.queryByText("You're back as Olivia Owner.")).not.toBeInTheDocument(), SLOW);
      await expect(page.queryByRole('button', { name: 'Restart session' })).not.toBeInTheDocument();
      await expect(canvas.queryByRole('region', { name: 'Impersonation' })).not.toBeInTheDocument();
    });
  },
};

/** Enterprise, by keyboard only: admins refused, reason optional, verification code 123456; end, dismiss. */
export const Enterprise: Story = {
  name: 'Enterprise (keyboard)',
  ...withMockApi({ preset: 'enterprise', viewer: 'u_owner' }),
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const page = within(canvasElement.ownerDocument.body);

    await step('Ada is an admin: her item is disabled and says why', async () => {
      await canvas.findByText('Signed in as Olivia Owner', {}, SLOW);
      const actions = await canvas.findByRole('button', { name: 'Actions for Ada Admin' }, SLOW);
      actions.focus();
      await userEvent.keyboard('{Enter}');
      const item = await canvas.findByRole('menuitem', { name: 'Impersonate user' }, SLOW);
      await waitFor(() => expect(item).toHaveAttribute('aria-disabled', 'true'), SLOW);
      await waitFor(() => expect(item).toHaveFocus(), SLOW);
      // The item is also disabled while eligibility loads: wait for the answer, not just the state.
      await waitFor(() => expect(item).toHaveAccessibleDescription("Admins can't be impersonated."), SLOW);
      await userEvent.keyboard('{Enter}');
      await expect(page.queryByRole('dialog')).not.toBeInTheDocument();
      await userEvent.keyboard('{Escape}');
      await expect(actions).toHaveFocus();
    });

    await step('Alice can be impersonated: Enter on her item opens the dialog', async () => {
      const actions = canvas.getByRole('button', { name: 'Actions for Alice Analyst' });
      actions.focus();
      await userEvent.keyboard('{Enter}');
      const item = await canvas.findByRole('menuitem', { name: 'Impersonate user' }, SLOW);
      await waitFor(() => expect(item).not.toHaveAttribute('aria-busy'), SLOW);
      await expect(item).not.toHaveAttribute('aria-disabled');
      await userEvent.keyboard('{Enter}');
      const dialog = await page.findByRole('dialog', { name: 'Impersonate Alice Analyst' }, SLOW);
      await waitFor(() => expect(within(dialog).getByRole('textbox', { name: /Reason/ })).toHaveFocus(), SLOW);
    });

    await step('A wrong verification code is refused in the dialog, keeping what was typed', async () => {
      const dialog = page.getByRole('dialog', { name: 'Impersonate Alice Analyst' });
      await userEvent.keyboard('Reproducing a permissions issue');
      await userEvent.tab();
      await expect(within(dialog).getByRole('textbox', { name: /Verification code/ })).toHaveFocus();
      await userEvent.keyboard('000000{Enter}');
      await expect(await within(dialog).findByText('That verification code is not valid.', {}, SLOW)).toBeVisible();
      await expect(within(dialog).getByRole('textbox', { name: /Reason/ })).toHaveValue('Reproducing a permissions issue');
    });

    await step('Code 123456 starts the session; focus goes back to Alice’s actions', async () => {
      const dialog = page.getByRole('dialog', { name: 'Impersonate Alice Analyst' });
      const code = within(dialog).getByRole('textbox', { name: /Verification code/ });
      await userEvent.clear(code);
      await userEvent.type(code, '123456{Enter}');
      const banner = await canvas.findByRole('region', { name: 'Impersonation' }, SLOW);
      await expect(within(banner).getByText('You are impersonating Alice Analyst (alice@acme.test)', { selector: '.ik-banner__title' })).toBeVisible();
      await waitFor(() => expect(canvas.getByRole('button', { name: 'Actions for Alice Analyst' })).toHaveFocus(), SLOW);
    });

    await step('Details opens with Enter and shows the reason and what ends the session; Escape closes it', async () => {
      const banner = canvas.getByRole('region', { name: 'Impersonation' });
      const toggle = within(banner).getByRole('button', { name: 'Details' });
      toggle.focus();
      await userEvent.keyboard('{Enter}');
      await expect(toggle).toHaveAttribute('aria-expanded', 'true');
      const details = within(banner).getByRole('group', { name: 'Details' });
      await expect(within(details).getByText('Reason: Reproducing a permissions issue')).toBeVisible();
      await expect(within(details).getByText('Ends after inactivity')).toBeVisible();
      await userEvent.keyboard('{Escape}');
      await expect(details).not.toBeVisible();
      await expect(toggle).toHaveFocus();
    });

    await step('End session with Enter: a status, no modal; focus stays on the page; Dismiss with Enter', async () => {
      canvas.getByRole('button', { name: 'End session' }).focus();
      await userEvent.keyboard('{Enter}');
      await findBackAs(page);
      await expect(canvas.queryByRole('region', { name: 'Impersonation' })).not.toBeInTheDocument();
      await waitFor(() => expect(canvasElement.ownerDocument.activeElement).not.toBe(canvasElement.ownerDocument.body), SLOW);
      page.getByRole('button', { name: 'Dismiss' }).focus();
      await userEvent.keyboard('{Enter}');
      await waitFor(() => expect(page.queryByText("You're back as Olivia Owner.")).not.toBeInTheDocument(), SLOW);
    });
  },
};

/** Consent, in the dark theme: Bob consents in setup; mid-session he revokes it and the prompt says so; no restart. */
export const Consent: Story = {
  name: 'Consent (dark)',
  // One flow runs dark, so axe checks that theme's contrast too.
  globals: { theme: 'dark' },
  ...withMockApi({
    preset: 'consent',
    viewer: 'u_owner',
    setup: async ({ as }) => {
      await as('u_bob').consent.grant({ durationHours: 1 });
    },
    // The client re-checks the session every second, so Bob's revocation shows up at once.
    client: { pollIntervalMs: 1000 },
  }),
  render: (_args, context) => {
    const { api, as } = getImpersonation(context);
    return (
      <AcmeConsole
        users={api.getState().users}
        backstage={
          <button type="button" onClick={() => void as('u_bob').consent.revoke()}>
            Revoke consent as Bob Viewer
          </button>
        }
      />
    );
  },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const page = within(canvasElement.ownerDocument.body);

    await step('Nora has not consented: her item is disabled and says why', async () => {
      await expect(canvasElement.ownerDocument.documentElement).toHaveAttribute('data-ik-theme', 'dark');
      const item = await openImpersonateItem(canvas, 'Nora New');
      await expect(item).toHaveAttribute('aria-disabled', 'true');
      await expect(item).toHaveAccessibleDescription("This user hasn't allowed impersonation.");
      await userEvent.keyboard('{Escape}');
    });

    await step('Bob has consented: his item shows until when, and opens the dialog', async () => {
      const item = await openImpersonateItem(canvas, 'Bob Viewer');
      await expect(item).not.toHaveAttribute('aria-disabled');
      await expect(item).toHaveAccessibleDescription(/^Consent until /);
      await userEvent.click(item);
    });

    await step('Start without a reason (optional here)', async () => {
      const dialog = await page.findByRole('dialog', { name: 'Impersonate Bob Viewer' }, SLOW);
      await userEvent.click(within(dialog).getByRole('button', { name: 'Start impersonation' }));
      const banner = await canvas.findByRole('region', { name: 'Impersonation' }, SLOW);
      await expect(within(banner).getByText('You are impersonating Bob Viewer (bob@acme.test)', { selector: '.ik-banner__title' })).toBeVisible();
      // Why it will end sits behind Details, with the reason.
      const details = await openDetails(banner);
      await expect(within(details).getByText(/^Consent ends at /)).toBeVisible();
      await userEvent.keyboard('{Escape}');
      await waitFor(() => expect(within(banner).getByRole('button', { name: 'Details' })).toHaveAttribute('aria-expanded', 'false'), SLOW);
    });

    await step('Bob revokes his consent: the prompt says so and offers no restart', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Revoke consent as Bob Viewer' }));
      const prompt = await page.findByRole('alertdialog', { name: 'Impersonation session ended' }, SLOW);
      await expect(prompt).toHaveAccessibleDescription(/Bob Viewer revoked their consent to impersonation\./);
      // The safe action takes focus: Enter never puts the admin back into Bob's account.
      await waitFor(() => expect(within(prompt).getByRole('button', { name: 'Back to my account' })).toHaveFocus(), SLOW);
      await expect(within(prompt).queryByRole('button', { name: 'Restart session' })).not.toBeInTheDocument();
    });

    await step('Back to my account leaves no banner and no prompt', async () => {
      await userEvent.click(page.getByRole('button', { name: 'Back to my account' }));
      await waitFor(() => expect(page.queryByRole('alertdialog')).not.toBeInTheDocument(), SLOW);
      await expect(canvas.queryByRole('region', { name: 'Impersonation' })).not.toBeInTheDocument();
    });
  },
};
