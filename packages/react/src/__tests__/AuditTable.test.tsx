import { QueryClient } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { http, HttpResponse } from 'msw';
import type { AuditEvent, Page } from '@impersonate-kit/sdk';
import { describe, expect, it } from 'vitest';
import { AuditTable } from '../components/AuditTable';
import type { AuditTableProps } from '../components/AuditTable';
import { GOOD_START, setupKitServer } from './kitHarness';
import type { Kit } from './kitHarness';

const { kit, server, requestsTo } = setupKitServer();

const APP = 'http://localhost/api/app';
const SCRIPT_REASON = '<script>alert("pwned")</script> checking ticket 4521';
const PASSWORD = 'hunter2-correct-horse';

/** A kit whose QueryClient never retries, so a failed request shows at once. */
function auditKit(options: Parameters<typeof kit>[0] = {}): Kit {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return kit({ ...options, provider: { locale: 'en-US', queryClient, ...options.provider } });
}

function renderTable(k: Kit, props: AuditTableProps = {}) {
  const Wrapper = k.wrapper;
  return render(
    <Wrapper>
      <AuditTable {...props} />
    </Wrapper>,
  );
}

/** A sample-app call as the default viewer (u_owner); during a session the mock records it. */
async function appCall(method: string, path: string, body?: unknown): Promise<number> {
  const response = await fetch(`${APP}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await response.text();
  return response.status;
}

/** u_owner impersonates Alice, tries to change a password, lists projects, then ends: four events. */
async function finishedSession(k: Kit, reason = SCRIPT_REASON) {
  const session = await k.client.session.start({ ...GOOD_START, reason });
  await appCall('PUT', '/account/password', { currentPassword: PASSWORD, newPassword: `${PASSWORD}-2` });
  await appCall('GET', '/projects');
  await k.client.session.end();
  return session;
}

const table = () => screen.findByRole('table', { name: 'Impersonation audit log' });

/** Every row under the column headers (session headers, events, open bodies), top to bottom. */
function bodyRows(): HTMLElement[] {
  return screen.getAllByRole('row').filter((row) => row.getAttribute('aria-rowindex') !== '1');
}

/** The one-line event rows (time, what, status, body toggle), top to bottom. */
function eventRows(): HTMLElement[] {
  return bodyRows().filter((row) => within(row).queryAllByRole('cell').length === 4);
}

/** The session header rows, top to bottom. */
function sessionHeaders(): HTMLElement[] {
  return bodyRows().filter((row) => within(row).queryByRole('rowheader'));
}

function cellsOf(row: HTMLElement): string[] {
  return within(row)
    .getAllByRole('cell')
    .map((cell) => cell.textContent ?? '');
}

/** A time of day with seconds, as en-US writes it. */
const withSeconds = (iso: string) => new Intl.DateTimeFormat('en-US', { timeStyle: 'medium' }).format(new Date(iso));

async function expectNoAxeViolations(container: HTMLElement) {
  // Contrast needs layout, which jsdom has not; the Storybook tests in Chromium check it.
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' ')}`)).toEqual([]);
}

/** Makes jsdom's viewport report a scroll position, as a browser does on scroll. */
function scrollViewport(viewport: HTMLElement, top: number) {
  Object.defineProperty(viewport, 'scrollTop', { configurable: true, writable: true, value: top });
  fireEvent.scroll(viewport);
}

describe('AuditTable', () => {
  describe('given an account where Olivia impersonated Alice and tried to change a password', () => {
    it('groups the session under one header: who → whom, the reason once, start–end with seconds, duration, how it ended', async () => {
      const k = auditKit();
      const session = await finishedSession(k, 'Reproducing a dashboard bug');
      renderTable(k);

      expect(await table()).toBeInTheDocument();
      expect(screen.getAllByRole('columnheader').map((header) => header.textContent)).toEqual(['Time', 'Event', 'Status', 'Request body']);
      await waitFor(() => expect(sessionHeaders()).toHaveLength(1));
      const header = sessionHeaders()[0] as HTMLElement;
      await waitFor(() => expect(header).toHaveTextContent('Olivia Owner → Alice Analyst Ended by the impersonator'));
      expect(header).toHaveTextContent('Reason: Reproducing a dashboard bug Category: Troubleshooting');
      const [start, end] = within(header).getAllByText((_, element) => element?.tagName === 'TIME');
      expect(start).toHaveAttribute('datetime', session.startedAt);
      expect(start?.textContent).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2}\s[AP]M$/);
      expect(end?.textContent).toMatch(/^\d{1,2}:\d{2}:\d{2}\s[AP]M$/);
      expect(header).toHaveTextContent(/\d+ sec|\d+ min/);
      // The reason once for the whole session, not on every row.
      expect(screen.getAllByText(/Reproducing a dashboard bug/)).toHaveLength(1);

      // Newest first under the header; the page view (GET /projects) is hidden.
      expect(bodyRows()[0]).toBe(header);
      const [ended, password, started] = eventRows().map(cellsOf);
      expect(eventRows()).toHaveLength(3);
      expect(started).toEqual([withSeconds(session.startedAt), 'Impersonation started', '', '']);
      expect(password?.slice(1)).toEqual(['PUT /api/app/account/password', '403 Blocked', 'Show request body']);
      expect(ended?.[1]).toBe('Impersonation ended Ended by the impersonator');
      expect(ended?.[0]).toMatch(/^\d{1,2}:\d{2}:\d{2}\s[AP]M$/);
      expect(screen.getByRole('status')).toHaveTextContent('4 events loaded.');
      expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    });

    it('marks the refused call Blocked in words, beside its 403', async () => {
      const k = auditKit();
      await finishedSession(k);
      renderTable(k);

      const path = await screen.findByText('/api/app/account/password');
      const row = path.closest('[role="row"]') as HTMLElement;
      expect(within(row).getByText('Blocked')).toBeVisible();
      expect(within(row).getAllByRole('cell')[2]).toHaveTextContent('403 Blocked');
    });

    it('hides page views behind "Show page views", counted on the session header, and shows them when asked', async () => {
      const user = userEvent.setup();
      const k = auditKit();
      await finishedSession(k);
      renderTable(k);

      const toggle = await screen.findByRole('checkbox', { name: 'Show page views' });
      expect(toggle).not.toBeChecked();
      await waitFor(() => expect(sessionHeaders()[0]).toHaveTextContent('1 page view hidden'));
      expect(screen.queryByText('/api/app/projects')).not.toBeInTheDocument();

      await user.click(toggle);

      expect(toggle).toBeChecked();
      expect(await screen.findByText('/api/app/projects')).toBeInTheDocument();
      expect(sessionHeaders()[0]).not.toHaveTextContent('page view');
      expect(eventRows().map((row) => cellsOf(row)[1])).toEqual([
        'Impersonation ended Ended by the impersonator',
        'GET /api/app/projects',
        'PUT /api/app/account/password',
        'Impersonation started',
      ]);
    });

    it('counts many hidden page views per session, in the plural', async () => {
      const k = auditKit();
      await k.client.session.start(GOOD_START);
      for (let i = 0; i < 12; i++) await appCall('GET', `/projects?page=${i}`);
      await appCall('HEAD', '/projects');
      await k.client.session.end();
      renderTable(k);

      await waitFor(() => expect(sessionHeaders()[0]).toHaveTextContent('13 page views hidden'));
      expect(eventRows()).toHaveLength(2);
    });

    it('shows a restarted session as its own group, marked Restarted, next to the one it restarted', async () => {
      const k = auditKit();
      const first = await k.client.session.start(GOOD_START);
      await appCall('POST', '/projects', { name: 'Before the restart' });
      await k.client.session.end();
      const second = await k.client.session.restart();
      await appCall('POST', '/projects', { name: 'After the restart' });
      await k.client.session.end();
      expect(second.restartOf).toBe(first.id);
      renderTable(k);

      await waitFor(() => expect(sessionHeaders()).toHaveLength(2));
      const [restarted, original] = sessionHeaders() as [HTMLElement, HTMLElement];
      await waitFor(() => expect(within(restarted).getByText('Restarted')).toBeInTheDocument());
      expect(within(original).queryByText('Restarted')).not.toBeInTheDocument();
      // Each group holds its own rows, never interleaved: started and ended once under each header.
      const rows = bodyRows();
      const between = rows.slice(rows.indexOf(restarted) + 1, rows.indexOf(original));
      expect(between.map((row) => cellsOf(row)[1])).toEqual(['Impersonation ended Ended by the impersonator', 'POST /api/app/projects', 'Impersonation started']);
    });

    it('shows a consent change as its own row naming who consented, never as an impersonated user', async () => {
      const k = auditKit();
      await finishedSession(k);
      await k.api.handle({ method: 'PUT', path: '/api/impersonation/consent', body: { durationHours: 1 }, viewerId: 'u_bob' });
      renderTable(k);

      const consent = await screen.findByText('Consent granted by Bob Viewer (bob@acme.test)');
      const row = consent.closest('[role="row"]') as HTMLElement;
      expect(bodyRows()[0]).toBe(row);
      expect(within(row).queryByRole('rowheader')).not.toBeInTheDocument();
      expect(sessionHeaders().map((header) => header.textContent)).not.toContainEqual(expect.stringContaining('Bob'));
    });

    it('shows the password in the request body as [REDACTED], as text, behind a disclosure', async () => {
      const user = userEvent.setup();
      const k = auditKit();
      await finishedSession(k);
      renderTable(k);

      const toggle = await screen.findByRole('button', { name: 'Show request body' });
      expect(toggle).toHaveAttribute('aria-expanded', 'false');
      await user.click(toggle);

      expect(toggle).toHaveAttribute('aria-expanded', 'true');
      expect(toggle).toHaveAccessibleName('Hide request body');
      const body = document.getElementById(toggle.getAttribute('aria-controls') ?? '');
      expect(body?.querySelector('pre')?.textContent).toBe(JSON.stringify({ currentPassword: '[REDACTED]', newPassword: '[REDACTED]' }, null, 2));
      expect(document.body).not.toHaveTextContent(PASSWORD);

      await user.click(toggle);
      expect(toggle).toHaveAttribute('aria-expanded', 'false');
      expect(document.getElementById(toggle.getAttribute('aria-controls') ?? '')).toBeNull();
    });

    it('redacts a body again on display, even when the server did not', async () => {
      const user = userEvent.setup();
      const k = auditKit();
      const leaky: AuditEvent = {
        id: 'evt_leaky',
        at: '2026-03-02T09:00:00.000Z',
        type: 'impersonation.action',
        sessionId: 'imp_1',
        actor: { id: 'u_owner', name: 'Olivia Owner', email: 'olivia@acme.test' },
        impersonator: { id: 'u_owner', name: 'Olivia Owner', email: 'olivia@acme.test' },
        impersonated: { id: 'u_alice', name: 'Alice Analyst', email: 'alice@acme.test' },
        reason: 'Checking a leak',
        request: { method: 'POST', path: '/api/app/login', status: 200, body: { user: 'alice', auth: { apiKey: 'sk_live_123' } } },
        endReason: null,
      };
      // A backend that forgot to redact: the table must not trust it.
      server.use(http.get('*/api/impersonation/audit', () => HttpResponse.json({ items: [leaky], nextCursor: null })));
      renderTable(k);

      await user.click(await screen.findByRole('button', { name: 'Show request body' }));
      expect(document.body).toHaveTextContent('"auth": "[REDACTED]"');
      expect(document.body).not.toHaveTextContent('sk_live_123');
    });

    it('shows a body the server cut at 8 KiB as its preview with a note', async () => {
      const user = userEvent.setup();
      const k = auditKit();
      await k.client.session.start(GOOD_START);
      await appCall('PUT', '/team/settings', { notes: 'x'.repeat(9000) });
      renderTable(k);

      await user.click(await screen.findByRole('button', { name: 'Show request body' }));
      expect(screen.getByText(/^Cut at 8 KiB of 9,\d{3} bytes\.$/)).toBeInTheDocument();
      expect(document.querySelector('pre')?.textContent).toMatch(/^\{"notes":"x{100}/);
    });

    it('shows a <script> in a reason as text and never runs it', async () => {
      const k = auditKit();
      await finishedSession(k);
      const { container } = renderTable(k);

      await waitFor(() => expect(sessionHeaders()).toHaveLength(1));
      expect(screen.getAllByText(`Reason: ${SCRIPT_REASON}`)).toHaveLength(1);
      expect(container.querySelector('script')).toBeNull();
    });

    it('has no axe violations, collapsed or expanded', async () => {
      const user = userEvent.setup();
      const k = auditKit();
      await finishedSession(k);
      const { container } = renderTable(k);

      await user.click(await screen.findByRole('button', { name: 'Show request body' }));
      await expectNoAxeViolations(container);
    });
  });

  describe('given a hostile request body', () => {
    const ALICE = { id: 'u_alice', name: 'Alice Analyst', email: 'alice@acme.test' };
    const OLIVIA = { id: 'u_owner', name: 'Olivia Owner', email: 'olivia@acme.test' };

    /** A backend that answers one action event whose body is `rawBody`, spliced in as raw JSON text. */
    function serveBody(rawBody: string) {
      const event = {
        id: 'evt_hostile',
        at: '2026-03-02T09:00:00.000Z',
        type: 'impersonation.action',
        sessionId: 'imp_1',
        actor: OLIVIA,
        impersonator: OLIVIA,
        impersonated: ALICE,
        reason: 'Checking a hostile body',
        request: { method: 'POST', path: '/api/app/projects', status: 201, body: '__BODY__' },
        endReason: null,
      };
      const text = JSON.stringify({ items: [event], nextCursor: null }).replace('"__BODY__"', rawBody);
      server.use(http.get('*/api/impersonation/audit', () => new HttpResponse(text, { headers: { 'Content-Type': 'application/json' } })));
    }

    /** The table beside a host element, the body opened. */
    async function openHostileBody(k: Kit) {
      const Wrapper = k.wrapper;
      render(
        <Wrapper>
          <p>Host page</p>
          <AuditTable />
        </Wrapper>,
      );
      await userEvent.click(await screen.findByRole('button', { name: 'Show request body' }));
      const pre = document.querySelector<HTMLElement>('.ik-audit__body pre');
      return { pre, text: pre?.textContent ?? '' };
    }

    it('shows 3,000 nested arrays (under the 8 KiB cut) as text in a <pre>, cut where they nest too deeply', async () => {
      const k = auditKit();
      serveBody('['.repeat(3000) + ']'.repeat(3000));
      const { pre, text } = await openHostileBody(k);

      expect(pre?.children).toHaveLength(0);
      expect(text.startsWith('['.repeat(400))).toBe(true);
      expect(text.length).toBeLessThan(8 * 1024);
      expect(screen.getByText('Cut where it nests too deeply.')).toBeVisible();
      expect(screen.getByText('Host page')).toBeInTheDocument();
    });

    it('shows 500 nested arrays whole, compact (indented, they would be 500,000 characters)', async () => {
      const k = auditKit();
      serveBody('['.repeat(500) + ']'.repeat(500));
      const { pre, text } = await openHostileBody(k);

      expect(pre?.children).toHaveLength(0);
      expect(text).toBe('['.repeat(500) + ']'.repeat(500));
      expect(screen.queryByText(/^Cut /)).toBeNull();
      expect(screen.queryByText(/Only the first/)).toBeNull();
    });

    it('shows a deep object as text, never as nested elements', async () => {
      const k = auditKit();
      serveBody('{"a":'.repeat(450) + '1' + '}'.repeat(450));
      const { pre, text } = await openHostileBody(k);

      expect(pre?.children).toHaveLength(0);
      expect(text).toBe('{"a":'.repeat(450) + '1' + '}'.repeat(450));
    });

    it('shortens a cut body whose preview is far over 8 KiB, and says so', async () => {
      const k = auditKit();
      serveBody(JSON.stringify({ truncated: true, originalBytes: 5_000_000, preview: 'x'.repeat(2_000_000) }));
      const { text } = await openHostileBody(k);

      expect(text).toHaveLength(8 * 1024);
      expect(screen.getByText('Only the first 8,192 characters are shown.')).toBeVisible();
      expect(screen.getByText('Cut at 8 KiB of 5,000,000 bytes.')).toBeVisible();
    });

    it('writes lone surrogates as escapes, and markup as text', async () => {
      const k = auditKit();
      serveBody('{"note":"\\ud800 and \\udfff","html":"<img src=x onerror=alert(1)>"}');
      const { pre, text } = await openHostileBody(k);

      expect(text).toContain('"note": "\\ud800 and \\udfff"');
      expect(text).toContain('"html": "<img src=x onerror=alert(1)>"');
      expect(pre?.querySelector('img')).toBeNull();
    });

    it('shows the start of a body deeper than any stack, cut, as text', async () => {
      const k = auditKit();
      serveBody('['.repeat(200_000) + ']'.repeat(200_000));
      const { pre, text } = await openHostileBody(k);

      expect(pre?.children).toHaveLength(0);
      expect(text.length).toBeGreaterThan(1000);
      expect(text.length).toBeLessThanOrEqual(8 * 1024);
      expect(text.startsWith('['.repeat(400))).toBe(true);
      expect(screen.getByText('Cut where it nests too deeply.')).toBeVisible();
      expect(screen.getByText('Host page')).toBeInTheDocument();
    });
  });

  describe('filters', () => {
    async function accountWithConsent(k: Kit) {
      await finishedSession(k);
      // Bob grants consent: an event that names only him.
      await k.api.handle({ method: 'PUT', path: '/api/impersonation/consent', body: { durationHours: 1 }, viewerId: 'u_bob' });
    }

    it('by event type, asking the server for that type from the first page', async () => {
      const user = userEvent.setup();
      const k = auditKit();
      await accountWithConsent(k);
      renderTable(k);
      await waitFor(() => expect(bodyRows()).toHaveLength(5));

      await user.selectOptions(screen.getByRole('combobox', { name: 'Event type' }), 'Action');

      // Still grouped: the session's header over its one non-read action, the read counted as hidden.
      await waitFor(() => expect(bodyRows()).toHaveLength(2));
      expect(sessionHeaders()[0]).toHaveTextContent('1 page view hidden');
      expect(eventRows().map((row) => cellsOf(row)[1])).toEqual(['PUT /api/app/account/password']);
      expect(requestsTo('/audit').at(-1)?.query.get('type')).toBe('impersonation.action');
      expect(requestsTo('/audit').at(-1)?.query.get('cursor')).toBeNull();
    });

    it('by user, offering every user seen so far, even after one is chosen', async () => {
      const user = userEvent.setup();
      const k = auditKit();
      await accountWithConsent(k);
      renderTable(k);
      await waitFor(() => expect(bodyRows()).toHaveLength(5));
      const userFilter = screen.getByRole('combobox', { name: 'User' });
      await within(userFilter).findByRole('option', { name: 'Bob Viewer (bob@acme.test)' });

      await user.selectOptions(userFilter, 'Bob Viewer (bob@acme.test)');

      await waitFor(() => expect(bodyRows()).toHaveLength(1));
      expect(cellsOf(bodyRows()[0] as HTMLElement).slice(1, 2)).toEqual(['Consent granted by Bob Viewer (bob@acme.test)']);
      expect(requestsTo('/audit').at(-1)?.query.get('userId')).toBe('u_bob');
      expect(within(userFilter).getAllByRole('option').map((option) => option.textContent)).toEqual([
        'Any user',
        'Alice Analyst (alice@acme.test)',
        'Bob Viewer (bob@acme.test)',
        'Olivia Owner (olivia@acme.test)',
      ]);
    });

    it('takes the user choices from the host when given', async () => {
      const k = auditKit();
      renderTable(k, { users: [{ id: 'u_nora', name: 'Nora New', email: 'nora@acme.test' }] });

      const userFilter = await screen.findByRole('combobox', { name: 'User' });
      expect(within(userFilter).getAllByRole('option').map((option) => option.textContent)).toEqual(['Any user', 'Nora New (nora@acme.test)']);
    });

    it('says when nothing matches the filters', async () => {
      const user = userEvent.setup();
      const k = auditKit();
      await accountWithConsent(k);
      renderTable(k);
      await waitFor(() => expect(bodyRows()).toHaveLength(5));

      await user.selectOptions(screen.getByRole('combobox', { name: 'Event type' }), 'Consent revoked');

      expect(await screen.findByText('No audit events match these filters.')).toBeInTheDocument();
    });
  });

  describe('while it is open', () => {
    it('shows a session started meanwhile, as the provider refreshes the kit’s queries', async () => {
      const k = auditKit();
      renderTable(k);
      await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('No audit events yet.'));

      await act(() => k.client.session.start(GOOD_START));

      await waitFor(() => expect(bodyRows()).toHaveLength(2));
      expect(cellsOf(eventRows()[0] as HTMLElement)[1]).toBe('Impersonation started');
      await waitFor(() => expect(sessionHeaders()[0]).toHaveTextContent('Ongoing'));
    });
  });

  describe('scoped to one session', () => {
    it('lists only that session’s events under its header, page views shown, and offers no filters', async () => {
      const k = auditKit();
      const first = await finishedSession(k, 'First look at the dashboard');
      await k.client.session.start({ ...GOOD_START, targetUserId: 'u_bob', reason: 'Second look, as Bob' });
      await appCall('GET', '/me');
      await k.client.session.end();
      renderTable(k, { sessionId: first.id });

      await waitFor(() => expect(bodyRows()).toHaveLength(5));
      expect(sessionHeaders()).toHaveLength(1);
      expect(screen.getAllByText('Reason: First look at the dashboard')).toHaveLength(1);
      expect(screen.queryByText(/Second look/)).not.toBeInTheDocument();
      // What was looked at as the user matters to them: page views show at first here.
      expect(screen.getByRole('checkbox', { name: 'Show page views' })).toBeChecked();
      expect(eventRows().map((row) => cellsOf(row)[1])).toContain('GET /api/app/projects');
      expect(requestsTo(`/sessions/${first.id}/events`)).toHaveLength(1);
      expect(requestsTo('/audit')).toHaveLength(0);
      expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
    });
  });

  describe('given more events than a page', () => {
    async function longSession(k: Kit, calls: number) {
      await k.client.session.start(GOOD_START);
      for (let i = 0; i < calls; i++) await appCall('GET', `/projects?page=${i}`);
      await k.client.session.end();
    }

    it('loads them page by page with Load more, until the last page', async () => {
      const user = userEvent.setup();
      const k = auditKit();
      await longSession(k, 120);
      renderTable(k);

      await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('50 events loaded. More are available.'));
      expect(screen.getByRole('table', { name: 'Impersonation audit log' })).toHaveAttribute('aria-rowcount', '-1');
      const loadMore = screen.getByRole('button', { name: 'Load more' });
      await user.click(loadMore);
      await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('100 events loaded. More are available.'));
      expect(loadMore).toHaveFocus();
      await user.click(loadMore);

      await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('122 events loaded.'));
      expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
      // One session across three pages: one header, its 120 page views counted there, started and ended under it.
      expect(sessionHeaders()).toHaveLength(1);
      expect(sessionHeaders()[0]).toHaveTextContent('120 page views hidden');
      expect(eventRows().map((row) => cellsOf(row)[1])).toEqual(['Impersonation ended Ended by the impersonator', 'Impersonation started']);
      expect(screen.getByRole('table', { name: 'Impersonation audit log' })).toHaveAttribute('aria-rowcount', '4');
      const cursors = requestsTo('/audit').map((request) => request.query.get('cursor'));
      expect(cursors).toHaveLength(3);
      expect(cursors[0]).toBeNull();
      expect(new Set(cursors).size).toBe(3);
    });

    it('hands focus to the rows when the last page takes Load more away, never to the page', async () => {
      const user = userEvent.setup();
      const k = auditKit();
      await longSession(k, 60);
      renderTable(k);
      await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('50 events loaded. More are available.'));

      screen.getByRole('button', { name: 'Load more' }).focus();
      await user.keyboard('{Enter}');

      await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('62 events loaded.'));
      await waitFor(() => expect(screen.getByRole('table', { name: 'Impersonation audit log' }).parentElement).toHaveFocus());
    });

    it('reaches the oldest event by scrolling, with the rows numbered for assistive technology', async () => {
      const k = auditKit();
      await longSession(k, 120);
      renderTable(k, { pageSize: 200, defaultShowPageViews: true });
      await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('122 events loaded.'));
      const log = screen.getByRole('table', { name: 'Impersonation audit log' });
      expect(within(log).queryByText('Impersonation started')).not.toBeInTheDocument();

      scrollViewport(log.parentElement as HTMLElement, 122 * 48);

      // Row 1 holds the column headers, row 2 the session's header, then 122 events.
      const started = (await within(log).findByText('Impersonation started')).closest('[role="row"]');
      expect(started).toHaveAttribute('aria-rowindex', '124');
      expect(screen.getByRole('table')).toHaveAttribute('aria-rowcount', '124');
    });
  });

  describe('given 10,000 loaded events', () => {
    it('keeps fewer than 100 rows in the DOM, and scrolling moves the window', async () => {
      const user = userEvent.setup();
      const k = auditKit();
      // The real mock records 10,000 sample-app calls; sent in-process, as MSW would add nothing here.
      await k.client.session.start(GOOD_START);
      for (let i = 0; i < 9_998; i++) await k.api.handle({ method: 'GET', path: '/api/app/me' });
      await k.client.session.end();
      const { container } = renderTable(k, { pageSize: 200 });

      const loadMore = await screen.findByRole('button', { name: 'Load more' });
      for (let page = 1; page < 50; page++) {
        await user.click(loadMore);
        await waitFor(() => expect(loadMore).toHaveTextContent('Load more'));
      }
      await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('10,000 events loaded.'));
      await waitFor(() => expect(sessionHeaders()[0]).toHaveTextContent('9,998 page views hidden'));
      await user.click(screen.getByRole('checkbox', { name: 'Show page views' }));
      await waitFor(() => expect(eventRows().length).toBeGreaterThan(5));

      expect(container.querySelectorAll('[role="row"]').length).toBeLessThan(100);
      expect(bodyRows()[0]).toHaveAttribute('aria-rowindex', '2');
      expect(sessionHeaders()).toHaveLength(1);

      act(() => scrollViewport(container.querySelector('.ik-audit__viewport') as HTMLElement, 5_000 * 48));

      const indexes = bodyRows().map((row) => Number(row.getAttribute('aria-rowindex')));
      expect(container.querySelectorAll('[role="row"]').length).toBeLessThan(100);
      expect(Math.min(...indexes)).toBeGreaterThan(4_900);
      expect(Math.max(...indexes)).toBeLessThan(5_100);
    }, 30_000);
  });

  describe('states', () => {
    it('says it is loading until the first page arrives', async () => {
      const k = auditKit();
      let answer: (page: Page<AuditEvent>) => void = () => {};
      server.use(http.get('*/api/impersonation/audit', () => new Promise<Response>((resolve) => (answer = (page) => resolve(HttpResponse.json(page))))));
      const { container } = renderTable(k);

      expect(await screen.findByRole('status')).toHaveTextContent('Loading the audit log…');
      expect(container.firstElementChild).toHaveAttribute('data-state', 'loading');
      await expectNoAxeViolations(container);

      answer({ items: [], nextCursor: null });
      await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('No audit events yet.'));
    });

    it('says when there are no events yet', async () => {
      const k = auditKit();
      const { container } = renderTable(k);

      await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('No audit events yet.'));
      expect(container.firstElementChild).toHaveAttribute('data-state', 'empty');
      expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
      await expectNoAxeViolations(container);
    });

    it('shows a failure as an alert, and Retry loads the log', async () => {
      const user = userEvent.setup();
      const k = auditKit();
      await finishedSession(k);
      server.use(
        http.get('*/api/impersonation/audit', () => HttpResponse.json({ error: { code: 'internal_error', message: 'Database on fire' } }, { status: 500 }), {
          once: true,
        }),
      );
      const { container } = renderTable(k);

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent("Couldn't load the audit log. Something went wrong. Try again.");
      expect(alert).not.toHaveTextContent('Database on fire');
      await expectNoAxeViolations(container);

      await user.click(within(alert).getByRole('button', { name: 'Retry' }));

      await waitFor(() => expect(bodyRows()).toHaveLength(4));
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    });

    it('never shows one signed-in user the trail cached for another', async () => {
      const k = auditKit();
      await finishedSession(k);
      renderTable(k);
      await waitFor(() => expect(bodyRows()).toHaveLength(4));

      // Olivia signs out and Alice, who may not read the account trail, signs in on the same page.
      k.api.signIn('u_alice');
      await act(() => k.client.viewer.refresh());

      expect(await screen.findByRole('alert')).toHaveTextContent('You need the Impersonate users permission (impersonate:users)');
      expect(screen.queryByText(/Olivia Owner/)).not.toBeInTheDocument();
      expect(bodyRows()).toHaveLength(0);
    });

    it('names the missing permission when refused, and offers no Retry, which could not help', async () => {
      const k = auditKit({ viewer: 'u_alice' });
      const { container } = renderTable(k);

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent('You need the Impersonate users permission (impersonate:users) to see this audit log. Ask an account admin to grant it.');
      expect(within(alert).queryByRole('button')).not.toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
      await expectNoAxeViolations(container);
    });

    it('keeps loaded rows when the next page fails, and Retry fetches that page', async () => {
      const user = userEvent.setup();
      const k = auditKit();
      await k.client.session.start(GOOD_START);
      for (let i = 0; i < 60; i++) await appCall('GET', '/me');
      renderTable(k);
      await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('50 events loaded. More are available.'));

      server.use(http.get('*/api/impersonation/audit', () => HttpResponse.error(), { once: true }));
      await user.click(screen.getByRole('button', { name: 'Load more' }));

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent("Couldn't load the audit log. Couldn't reach the server. Check your connection and try again.");
      expect(bodyRows().length).toBeGreaterThan(0);
      expect(screen.getByRole('status')).toHaveTextContent('50 events loaded. More are available.');

      await user.click(within(alert).getByRole('button', { name: 'Retry' }));

      await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('61 events loaded.'));
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
      expect(requestsTo('/audit')).toHaveLength(3);
    });
  });
});
