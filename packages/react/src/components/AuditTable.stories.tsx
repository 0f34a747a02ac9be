import type { Meta, StoryObj } from '@storybook/react-vite';
import { delay, http, HttpResponse } from 'msw';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { ImpersonationClient, Session } from '@impersonate-kit/sdk';
import { AuditTable } from './AuditTable';

// Every story reads the real mock backend through the global story helpers (.storybook/mockStory.tsx):
// `parameters.impersonation` picks the preset, the signed-in user and the setup steps, run over HTTP.

/** The part of the helpers' setup tools these stories use. */
interface SetupTools {
  as(userId: string): ImpersonationClient;
}

/** The part of `context.loaded.impersonation` these stories use. */
interface Loaded {
  api: { getState(): { sessions: Session[] } };
}

/** A sample-app call as `userId`: while they impersonate, it acts as the target and lands in the audit. */
async function appCall(userId: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`/api/app${path}`, {
    method,
    headers: { Authorization: `Bearer demo:${userId}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await response.text();
}

/** Olivia impersonates Alice, tries to change Alice's password (refused, and recorded redacted), reads projects, ends. */
async function oliviaHelpsAlice({ as }: SetupTools) {
  const olivia = as('u_owner');
  await olivia.session.start({ targetUserId: 'u_alice', reason: 'Alice cannot see the Q3 dashboard (ticket #4521)', reasonCategory: 'Troubleshooting' });
  await appCall('u_owner', 'GET', '/me');
  await appCall('u_owner', 'PUT', '/account/password', { currentPassword: 'hunter2-old', newPassword: 'correct horse battery' });
  await appCall('u_owner', 'POST', '/projects', { name: 'Q3 dashboard copy' });
  await olivia.session.end();
}

/** Then Adam impersonates Bob for training; Bob grants consent on the side. */
async function adamTrainsWithBob({ as }: SetupTools) {
  await as('u_bob').consent.grant({ durationHours: 24 });
  const adam = as('u_admin');
  await adam.session.start({ targetUserId: 'u_bob', reason: 'Training: walking through the viewer role', reasonCategory: 'Training' });
  await appCall('u_admin', 'GET', '/projects');
  await adam.session.end();
}

const table = 'Impersonation audit log';

const meta = {
  title: 'Components/AuditTable',
  component: AuditTable,
  parameters: { layout: 'padded', impersonation: { preset: 'account-admin', viewer: 'u_owner' } },
} satisfies Meta<typeof AuditTable>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The account's trail: two sessions and a consent, newest first, with filters; the password in a body shows as [REDACTED]. */
export const AccountWide: Story = {
  parameters: {
    impersonation: {
      preset: 'account-admin',
      viewer: 'u_owner',
      setup: async (tools: SetupTools) => {
        await oliviaHelpsAlice(tools);
        await adamTrainsWithBob(tools);
      },
    },
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('table', { name: table })).toBeInTheDocument();
    await expect(await canvas.findByText('9 events loaded.')).toBeInTheDocument();
    const passwordRow = canvas.getByText('/api/app/account/password').closest('tr') as HTMLElement;
    const toggle = within(passwordRow).getByRole('button', { name: 'Show request body' });
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(canvas.getByText(/"currentPassword": "\[REDACTED\]"/)).toBeInTheDocument();
    // Laid out for reading: the fixed columns leave the reason a real column, not a sliver.
    const reason = passwordRow.querySelector('.ik-audit__reason') as HTMLElement;
    await expect(reason.getBoundingClientRect().width).toBeGreaterThan(150);
  },
};

/** The same trail filtered to actions by one user: the filters go to the server and reset the pages. */
export const Filtered: Story = {
  parameters: AccountWide.parameters,
  play: async ({ canvas }) => {
    await canvas.findByText('9 events loaded.');
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Event type' }), 'Action');
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'User' }), 'Bob Viewer (bob@acme.test)');
    await expect(await canvas.findByText('1 event loaded.')).toBeInTheDocument();
  },
};

/** One session's events only, as ConsentSettings shows them under "Show audit log"; no filters. */
export const SessionScoped: Story = {
  parameters: AccountWide.parameters,
  render: (args, context) => {
    const { api } = context.loaded.impersonation as Loaded;
    const first = api.getState().sessions.find((session) => session.target.id === 'u_alice');
    return <AuditTable {...args} sessionId={first?.id} />;
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('5 events loaded.')).toBeInTheDocument();
    await expect(canvas.queryByRole('combobox')).not.toBeInTheDocument();
  },
};

/** A body over 8 KiB was cut by the server: its preview and the "Cut at 8 KiB" note. */
export const CutRequestBody: Story = {
  parameters: {
    impersonation: {
      preset: 'enterprise',
      viewer: 'u_admin',
      setup: async ({ as }: SetupTools) => {
        await as('u_admin').session.start({ targetUserId: 'u_alice', stepUpCode: '123456' });
        await appCall('u_admin', 'PUT', '/account/profile', { name: 'Alice Analyst', bio: 'Loves dashboards. '.repeat(600) });
        await as('u_admin').session.end();
      },
    },
  },
  play: async ({ canvas }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Show request body' }));
    await expect(canvas.getByText(/^Cut at 8 KiB of [\d,]+ bytes\.$/)).toBeInTheDocument();
  },
};

/** A hostile body (3,000 nested arrays, under the 8 KiB cut) is text in a <pre>: no elements, no stack overflow, cut where it nests too deeply. */
export const HostileBody: Story = {
  parameters: {
    impersonation: {
      preset: 'account-admin',
      viewer: 'u_owner',
      setup: async ({ as }: SetupTools) => {
        await as('u_owner').session.start({ targetUserId: 'u_alice', reason: 'Checking what a hostile client can record' });
        await appCall('u_owner', 'POST', '/projects', JSON.parse('['.repeat(3000) + ']'.repeat(3000)));
        await as('u_owner').session.end();
      },
    },
  },
  play: async ({ canvas }) => {
    const row = (await canvas.findByText('/api/app/projects')).closest('tr') as HTMLElement;
    await userEvent.click(within(row).getByRole('button', { name: 'Show request body' }));
    const pre = row.querySelector('pre') as HTMLElement;
    await expect(pre.children).toHaveLength(0);
    await expect(pre.textContent?.startsWith('['.repeat(400))).toBe(true);
    await expect(within(row).getByText('Cut where it nests too deeply.')).toBeVisible();
    await expect(canvas.queryByRole('alert')).not.toBeInTheDocument();
  },
};

/** No events yet. */
export const Empty: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No audit events yet.')).toBeInTheDocument();
  },
};

/** The first page has not arrived yet. */
export const Loading: Story = {
  parameters: { msw: { handlers: [http.get('*/api/impersonation/audit', () => delay('infinite'))] } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Loading the audit log…')).toBeInTheDocument();
  },
};

/** The server failed: an alert says so, with Retry. */
export const ErrorState: Story = {
  name: 'Error',
  parameters: {
    msw: {
      handlers: [http.get('*/api/impersonation/audit', () => HttpResponse.json({ error: { code: 'internal_error', message: 'Database unavailable' } }, { status: 500 }))],
    },
  },
  play: async ({ canvas }) => {
    const alert = await canvas.findByRole('alert', {}, { timeout: 5_000 });
    await expect(alert).toHaveTextContent("Couldn't load the audit log.");
    await expect(within(alert).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  },
};

/** Alice has no impersonate:users permission: the refusal in words. */
export const Forbidden: Story = {
  parameters: { impersonation: { preset: 'account-admin', viewer: 'u_alice' } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('alert', {}, { timeout: 5_000 })).toHaveTextContent("You don't have permission to impersonate users.");
  },
};

/** 150 recorded calls in pages of 50: Load more until the end; the DOM keeps only the rows in view, and scrolling reaches the oldest. */
export const ManyPages: Story = {
  args: { pageSize: 50, height: 360 },
  parameters: {
    impersonation: {
      preset: 'account-admin',
      viewer: 'u_owner',
      setup: async ({ as }: SetupTools) => {
        const olivia = as('u_owner');
        await olivia.session.start({ targetUserId: 'u_alice', reason: 'Load test of the project list', reasonCategory: 'Support' });
        for (let i = 1; i <= 150; i++) await appCall('u_owner', 'GET', `/projects?page=${i}`);
        await olivia.session.end();
      },
    },
  },
  play: async ({ canvas, canvasElement }) => {
    const loadMore = await canvas.findByRole('button', { name: 'Load more' });
    for (const loaded of ['100 events loaded. More are available.', '150 events loaded. More are available.', '152 events loaded.']) {
      await userEvent.click(loadMore);
      await expect(await canvas.findByText(loaded)).toBeInTheDocument();
    }
    await expect(canvas.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    await expect(canvasElement.querySelectorAll('tr').length).toBeLessThan(40);

    // Scrolled to the end (again while rows are measured, as a user's drag would), the oldest event shows at the viewport's bottom.
    const log = canvas.getByRole('table', { name: table });
    const viewport = log.parentElement as HTMLElement;
    await waitFor(() => {
      viewport.scrollTop = viewport.scrollHeight;
      const row = within(log).getByText('Impersonation started').closest('tr') as HTMLElement;
      expect(row).toHaveAttribute('aria-rowindex', '153');
      const rowBox = row.getBoundingClientRect();
      const viewportBox = viewport.getBoundingClientRect();
      expect(rowBox.bottom).toBeGreaterThan(viewportBox.top);
      expect(rowBox.bottom).toBeLessThanOrEqual(viewportBox.bottom + 1);
    });
    await expect(canvasElement.querySelectorAll('tr').length).toBeLessThan(40);
  },
};
