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

/** Olivia impersonates Alice, looks around, tries to change Alice's password (blocked, recorded redacted), copies a project, ends. */
async function oliviaHelpsAlice({ as }: SetupTools) {
  const olivia = as('u_owner');
  await olivia.session.start({ targetUserId: 'u_alice', reason: 'Alice cannot see the Q3 dashboard (ticket #4521)', reasonCategory: 'Troubleshooting' });
  for (const path of ['/me', '/projects', '/projects?page=2', '/team']) await appCall('u_owner', 'GET', path);
  await appCall('u_owner', 'PUT', '/account/password', { currentPassword: 'hunter2-old', newPassword: 'correct horse battery' });
  await appCall('u_owner', 'POST', '/projects', { name: 'Q3 dashboard copy' });
  await olivia.session.end();
}

/** Olivia restarts that session (a new session, same target and reason) to check the copy, then ends it. */
async function oliviaRestarts({ as }: SetupTools) {
  const olivia = as('u_owner');
  await olivia.session.restart();
  await appCall('u_owner', 'GET', '/projects');
  await appCall('u_owner', 'PATCH', '/projects/p_1', { name: 'Q3 dashboard' });
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

/** Fails when the table, its viewport or any row is wider than its box (a horizontal scrollbar). */
async function expectNoHorizontalOverflow(canvasElement: HTMLElement) {
  const root = canvasElement.querySelector('.ik-audit') as HTMLElement;
  // Row 1, the column headers, is visually hidden in cards: clipped to 1 px on purpose.
  const boxes = [root, root.querySelector('.ik-audit__viewport'), ...root.querySelectorAll('[role="row"]:not([aria-rowindex="1"]), .ik-audit__filters')] as HTMLElement[];
  for (const box of boxes) await expect(box.scrollWidth, box.className).toBeLessThanOrEqual(box.clientWidth);
  await expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(document.documentElement.clientWidth);
}

/** Olivia's account as the setup leaves it: the waits every story of it shares. */
async function threeSessionsLoaded(canvas: { findAllByRole: (role: string) => Promise<HTMLElement[]> }) {
  await waitFor(async () => expect((await canvas.findAllByRole('rowheader')).length).toBe(3), { timeout: 5_000 });
}

const meta = {
  title: 'Components/AuditTable',
  component: AuditTable,
  parameters: { layout: 'padded', impersonation: { preset: 'account-admin', viewer: 'u_owner' } },
} satisfies Meta<typeof AuditTable>;

export default meta;
type Story = StoryObj<typeof meta>;

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

/** The server failed (500): an alert says what happened and offers Retry, which can help. */
export const ErrorState: Story = {
  name: 'Server error — Retry',
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

/** Alice has no impersonate:users permission: the refusal names it, and offers no Retry (it could not help). */
export const Forbidden: Story = {
  name: 'Forbidden — missing permission',
  parameters: { impersonation: { preset: 'account-admin', viewer: 'u_alice' } },
  play: async ({ canvas }) => {
    const alert = await canvas.findByRole('alert', {}, { timeout: 5_000 });
    await expect(alert).toHaveTextContent('You need the Impersonate users permission (impersonate:users) to see this audit log.');
    await expect(within(alert).queryByRole('button')).not.toBeInTheDocument();
  },
};

const oliviasAccount = {
  impersonation: {
    preset: 'account-admin',
    viewer: 'u_owner',
    setup: async (tools: SetupTools) => {
      await oliviaHelpsAlice(tools);
      await oliviaRestarts(tools);
      await adamTrainsWithBob(tools);
    },
  },
};

/**
 * The account's trail, grouped: Olivia's session as Alice (a blocked password change, page views
 * hidden and counted), its restart (marked Restarted, next to it), Bob's consent on its own row,
 * Adam's training session as Bob. The password in a body shows as [REDACTED].
 */
export const OliviasAccount: Story = {
  name: "Olivia's account — three sessions",
  parameters: oliviasAccount,
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('table', { name: table })).toBeInTheDocument();
    await threeSessionsLoaded(canvas);
    const [adam, restarted, original] = canvas.getAllByRole('rowheader');
    await expect(adam).toHaveTextContent('Adam Admin → Bob Viewer');
    await waitFor(() => expect(within(restarted as HTMLElement).getByText('Restarted')).toBeVisible());
    await expect(within(original as HTMLElement).queryByText('Restarted')).not.toBeInTheDocument();
    await expect(original).toHaveTextContent('4 page views hidden');
    await expect(canvas.getAllByText('Reason: Alice cannot see the Q3 dashboard (ticket #4521)')).toHaveLength(2);
    await expect(canvas.getByText('Consent granted by Bob Viewer (bob@acme.test)')).toBeVisible();

    const passwordRow = canvas.getByText('/api/app/account/password').closest('[role="row"]') as HTMLElement;
    await expect(within(passwordRow).getByText('Blocked')).toBeVisible();
    const toggle = within(passwordRow).getByRole('button', { name: 'Show request body' });
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(await canvas.findByText(/"currentPassword": "\[REDACTED\]"/)).toBeVisible();

  },
};

/** The same trail with "Show page views" on: every GET back in its session, the hidden counts gone. */
export const OliviasAccountPageViews: Story = {
  name: "Olivia's account — page views shown",
  parameters: oliviasAccount,
  play: async ({ canvas }) => {
    await threeSessionsLoaded(canvas);
    const original = canvas.getAllByRole('rowheader')[2] as HTMLElement;
    await userEvent.click(canvas.getByRole('checkbox', { name: 'Show page views' }));
    await expect(await canvas.findByText('/api/app/team')).toBeInTheDocument();
    await expect(original).not.toHaveTextContent('page views hidden');
  },
};

/** The same trail at 375 px: stacked cards, nothing wider than the screen. */
export const OliviasAccountMobile: Story = {
  name: "Olivia's account — 375 px",
  // Opening a body scrolls the virtual list by a distance that varies between runs: the play function
  // measures this story's layout; the cards at 375 px are photographed in the RTL and sidebar stories.
  parameters: { ...oliviasAccount, visual: { disable: true } },
  globals: { viewport: { value: 'mobile' } },
  play: async ({ canvas, canvasElement }) => {
    await threeSessionsLoaded(canvas);
    // The first body in view (the restart's PATCH) opened: a <pre> wraps, it never widens the card.
    await userEvent.click((await canvas.findAllByRole('button', { name: 'Show request body' }))[0] as HTMLElement);
    await canvas.findByText((_, element) => element?.tagName === 'PRE');
    await expectNoHorizontalOverflow(canvasElement);
  },
};

/** In a 480 px sidebar at desktop width: the container query gives it the same cards as a phone. */
export const InSidebar: Story = {
  name: "Olivia's account — 480 px sidebar on a desktop",
  parameters: oliviasAccount,
  globals: { viewport: { value: 'desktop' } },
  decorators: [
    (Story) => (
      <aside style={{ width: 480, borderInlineStart: '1px solid' }}>
        <Story />
      </aside>
    ),
  ],
  play: async ({ canvas, canvasElement }) => {
    await threeSessionsLoaded(canvas);
    await expectNoHorizontalOverflow(canvasElement);
    // Stacked: the status sits beside the time, above the request, not in a column of its own.
    const row = canvas.getByText('/api/app/projects/p_1').closest('[role="row"]') as HTMLElement;
    const [time, what] = within(row).getAllByRole('cell') as [HTMLElement, HTMLElement];
    await expect(what.getBoundingClientRect().top).toBeGreaterThanOrEqual(time.getBoundingClientRect().bottom - 1);
  },
};

/** Dark theme. */
export const Dark: Story = {
  name: "Olivia's account — dark",
  parameters: oliviasAccount,
  globals: { theme: 'dark' },
  play: async ({ canvas }) => {
    await threeSessionsLoaded(canvas);
  },
};

/** Right to left: times, badges and cards mirror; nothing overflows. */
export const RightToLeft: Story = {
  name: "Olivia's account — right to left",
  parameters: oliviasAccount,
  globals: { dir: 'rtl', viewport: { value: 'mobile' } },
  play: async ({ canvas, canvasElement }) => {
    await threeSessionsLoaded(canvas);
    await expectNoHorizontalOverflow(canvasElement);
  },
};

/** One refused call: 403 with the word Blocked, not red alone. */
export const BlockedAction: Story = {
  name: 'Blocked action',
  parameters: {
    impersonation: {
      preset: 'account-admin',
      viewer: 'u_owner',
      setup: async ({ as }: SetupTools) => {
        await as('u_owner').session.start({ targetUserId: 'u_alice', reason: 'Resetting a locked-out password (ticket #4602)' });
        await appCall('u_owner', 'PUT', '/account/password', { currentPassword: 'hunter2-old', newPassword: 'correct horse battery' });
        await as('u_owner').session.end();
      },
    },
  },
  play: async ({ canvas }) => {
    const row = (await canvas.findByText('/api/app/account/password', {}, { timeout: 5_000 })).closest('[role="row"]') as HTMLElement;
    const status = within(row).getAllByRole('cell')[2] as HTMLElement;
    await expect(status).toHaveTextContent('403 Blocked');
    await expect(within(status).getByText('Blocked')).toBeVisible();
  },
};

/** Alice reads what was done as her: one session, scoped as ConsentSettings shows it; page views shown, no filters. */
export const AlicesOwnAudit: Story = {
  name: "Alice's own audit",
  parameters: { impersonation: { ...oliviasAccount.impersonation, viewer: 'u_alice' } },
  render: (args, context) => {
    const { api } = context.loaded.impersonation as Loaded;
    const first = api.getState().sessions.find((session) => session.target.id === 'u_alice' && session.restartOf === null);
    return <AuditTable {...args} sessionId={first?.id} />;
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('8 events loaded.', {}, { timeout: 5_000 })).toBeInTheDocument();
    await expect(canvas.getAllByRole('rowheader')).toHaveLength(1);
    await expect(canvas.queryByRole('combobox')).not.toBeInTheDocument();
    await expect(canvas.getByRole('checkbox', { name: 'Show page views' })).toBeChecked();
    await expect(canvas.getByText('/api/app/team')).toBeInTheDocument();
  },
};

/** The same trail filtered to one user's actions: the filters go to the server, the rows stay grouped. */
export const Filtered: Story = {
  parameters: oliviasAccount,
  play: async ({ canvas }) => {
    await threeSessionsLoaded(canvas);
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Event type' }), 'Action');
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'User' }), 'Bob Viewer (bob@acme.test)');
    await expect(await canvas.findByText('1 event loaded.')).toBeInTheDocument();
    await expect(canvas.getByRole('rowheader')).toHaveTextContent('1 page view hidden');
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
    const row = (await canvas.findByText('/api/app/projects')).closest('[role="row"]') as HTMLElement;
    await userEvent.click(within(row).getByRole('button', { name: 'Show request body' }));
    const pre = (await canvas.findByText((_, element) => element?.tagName === 'PRE')) as HTMLElement;
    await expect(pre.children).toHaveLength(0);
    await expect(pre.textContent?.startsWith('['.repeat(400))).toBe(true);
    await expect(canvas.getByText('Cut where it nests too deeply.')).toBeVisible();
    await expect(canvas.queryByRole('alert')).not.toBeInTheDocument();
  },
};

/** 150 recorded calls in pages of 50: Load more until the end; the DOM keeps only the rows in view, and scrolling reaches the oldest. */
export const ManyPages: Story = {
  args: { pageSize: 50, height: 360, defaultShowPageViews: true },
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
    await expect(canvasElement.querySelectorAll('[role="row"]').length).toBeLessThan(40);

    // Scrolled to the end (again while rows are measured, as a user's drag would), the oldest event shows at the viewport's bottom.
    const log = canvas.getByRole('table', { name: table });
    const viewport = log.parentElement as HTMLElement;
    await waitFor(() => {
      viewport.scrollTop = viewport.scrollHeight;
      const row = within(log).getByText('Impersonation started').closest('[role="row"]') as HTMLElement;
      // Row 1 holds the column headers, row 2 the session's header.
      expect(row).toHaveAttribute('aria-rowindex', '154');
      const rowBox = row.getBoundingClientRect();
      const viewportBox = viewport.getBoundingClientRect();
      expect(rowBox.bottom).toBeGreaterThan(viewportBox.top);
      expect(rowBox.bottom).toBeLessThanOrEqual(viewportBox.bottom + 1);
    });
    await expect(canvasElement.querySelectorAll('[role="row"]').length).toBeLessThan(40);
  },
};
