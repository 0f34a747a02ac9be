import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient } from '@tanstack/react-query';
import axe from 'axe-core';
import { http, HttpResponse } from 'msw';
import { createImpersonationClient } from '@impersonate-kit/sdk';
import type { ImpersonationClient } from '@impersonate-kit/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { ImpersonationProvider } from '../ImpersonationProvider';
import { ConsentSettings } from '../components/ConsentSettings';
import type { ConsentSettingsProps } from '../components/ConsentSettings';
import { formatDateTime } from '../format';
import { BASE_URL, setupKitServer } from './kitHarness';
import type { Kit } from './kitHarness';

const { kit, server, requestsTo } = setupKitServer();

const LOCALE = 'en-US';
const HOUR = 3_600_000;
const INVALID_HOURS = 'Enter whole hours from 1 to 168.';

const admins: ImpersonationClient[] = [];
afterEach(() => {
  for (const admin of admins.splice(0)) admin.destroy();
});

/** A second client on the same clock, signed in as the admin through the mock's bearer header. */
function adminClient(k: Kit): ImpersonationClient {
  const admin = createImpersonationClient({ baseUrl: BASE_URL, clock: k.clock, crossTab: false, headers: { Authorization: 'Bearer demo:u_admin' } });
  admins.push(admin);
  return admin;
}

/** A call to the sample app as the admin: while impersonating, it acts as the target and is audited. */
function appCall(method: string, path: string, body?: unknown) {
  return fetch(`http://localhost/api/app${path}`, {
    method,
    headers: { Authorization: 'Bearer demo:u_admin', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Calls the contract as `userId` through the mock's bearer header. */
function callAs(userId: string, method: string, path: string, body?: unknown) {
  return fetch(`${BASE_URL}${path}`, {
    method,
    headers: { Authorization: `Bearer demo:${userId}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Renders ConsentSettings for `viewer` under `preset`, with a QueryClient that never retries. */
async function setup(options: {
  viewer: string;
  preset?: 'consent' | 'account-admin';
  props?: ConsentSettingsProps;
  /** Steps over real HTTP before the page opens (another user's actions, a signed-out viewer). */
  before?: (k: Kit) => Promise<void> | void;
}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const k = kit({ preset: options.preset ?? 'consent', viewer: options.viewer, provider: { locale: LOCALE, queryClient } });
  await options.before?.(k);
  const user = userEvent.setup();
  const view = render(<ConsentSettings {...options.props} />, { wrapper: k.wrapper });
  return { ...k, user, ...view };
}

/** ConsentSettings for Bob once loaded, with the request log. */
async function setupWithRequests() {
  const view = await setup({ viewer: 'u_bob' });
  await loaded();
  return { ...view, requestsTo };
}

/** The consent section once its consent has loaded. */
async function loaded() {
  // The form is there from the first render, disabled until the consent is known.
  const durations = await screen.findByRole('group', { name: 'Duration' });
  await waitFor(() => expect(durations).toBeEnabled());
  return screen.getByRole('region', { name: 'Impersonation consent' });
}

/** The consent's status value (the first "Status" in the section; sessions have their own). */
function statusOf(section: HTMLElement) {
  return within(section).getAllByText('Status')[0]?.nextElementSibling;
}

/** The value beside the label `term` in a session's details. */
function detail(item: HTMLElement, term: string) {
  return [...item.querySelectorAll('dt')].find((dt) => dt.textContent === term)?.nextElementSibling;
}

async function expectNoAxeViolations(root: Element) {
  // jsdom cannot compute colours; Storybook's browser tests cover contrast.
  const results = await axe.run(root, { rules: { 'color-contrast': { enabled: false } } });
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
}

const expires = (ms: number) => formatDateTime(new Date(ms).toISOString(), LOCALE);

describe('ConsentSettings', () => {
  describe('given a user who has not allowed impersonation', () => {
    it('says so and offers the policy durations and custom hours', async () => {
      const { container } = await setup({ viewer: 'u_bob' });
      const section = await loaded();

      expect(screen.getByRole('heading', { level: 2, name: 'Impersonation consent' })).toBeInTheDocument();
      expect(statusOf(section)).toHaveTextContent('Not enabled');
      const durations = screen.getByRole('group', { name: 'Duration' });
      expect(within(durations).getAllByRole('radio').map((radio) => radio.closest('label')?.textContent)).toEqual([
        '1 hour',
        '24 hours',
        '72 hours',
        'Custom',
      ]);
      expect(screen.getByRole('spinbutton', { name: 'Hours (1–168)' })).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Enable impersonation' })).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Revoke consent' })).not.toBeInTheDocument();
      expect(screen.queryByText(/doesn't require your consent/)).not.toBeInTheDocument();
      await expectNoAxeViolations(container);
    });

    describe('when they choose 24 hours and enable', () => {
      it('saves once and shows Active with the expiry, absolute and relative', async () => {
        const { user, clock } = await setup({ viewer: 'u_bob' });
        const section = await loaded();

        await user.click(screen.getByRole('radio', { name: '24 hours' }));
        await user.click(screen.getByRole('button', { name: 'Enable impersonation' }));

        await waitFor(() => expect(statusOf(section)).toHaveTextContent('Active'));
        const expiresAt = clock.now() + 24 * HOUR;
        expect(within(section).getByText(`Expires ${expires(expiresAt)} (tomorrow)`)).toBeInTheDocument();
        expect(screen.getByText(`Impersonation consent enabled until ${expires(expiresAt)}.`)).toHaveAttribute('role', 'status');
        expect(screen.getByRole('button', { name: 'Update consent' })).toBeInTheDocument();
        expect(screen.getByRole('button', { name: 'Revoke consent' })).toBeInTheDocument();
        expect(requestsTo('/consent', 'PUT')).toHaveLength(1);
      });

      it('shows the pending state while the server answers', async () => {
        const { user } = await setup({ viewer: 'u_bob' });
        await loaded();
        let release: () => void = () => {};
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        // Holds the answer so the pending state can be seen; the real mock still answers.
        server.use(http.put(`${BASE_URL}/consent`, async () => {
          await held;
          return undefined;
        }, { once: true }));

        await user.click(screen.getByRole('button', { name: 'Enable impersonation' }));
        const saving = await screen.findByRole('button', { name: 'Saving…' });
        expect(saving).toHaveAttribute('aria-disabled', 'true');
        await user.click(saving);
        release();

        await screen.findByRole('button', { name: 'Update consent' });
        expect(requestsTo('/consent', 'PUT')).toHaveLength(1);
      });
    });

    describe('when they type custom hours', () => {
      it('2 hours ends consent 2 hours from now', async () => {
        const { user, clock } = await setup({ viewer: 'u_bob' });
        const section = await loaded();

        await user.type(screen.getByRole('spinbutton', { name: 'Hours (1–168)' }), '2');
        expect(screen.getByRole('radio', { name: 'Custom' })).toBeChecked();
        await user.click(screen.getByRole('button', { name: 'Enable impersonation' }));

        await waitFor(() => expect(statusOf(section)).toHaveTextContent('Active'));
        expect(within(section).getByText(`Expires ${expires(clock.now() + 2 * HOUR)} (in 2 hours)`)).toBeInTheDocument();
      });

      it.each([
        ['0', '0'],
        ['169', '169'],
        ['1.5', '1.5'],
      ])('refuses %s beside the field and sends nothing', async (typed) => {
        const { user } = await setup({ viewer: 'u_bob' });
        await loaded();
        const hours = screen.getByRole('spinbutton', { name: 'Hours (1–168)' });

        await user.type(hours, typed);
        expect(hours).toHaveAttribute('aria-invalid', 'true');
        expect(hours).toHaveAccessibleDescription(INVALID_HOURS);

        await user.click(screen.getByRole('button', { name: 'Enable impersonation' }));
        expect(hours).toHaveFocus();
        expect(hours).toHaveValue(Number(typed));
        expect(requestsTo('/consent', 'PUT')).toHaveLength(0);
        expect(statusOf(screen.getByRole('region', { name: 'Impersonation consent' }))).toHaveTextContent('Not enabled');
      });

      it('refuses an empty field when Custom is chosen, and words that are not numbers', async () => {
        const { user } = await setup({ viewer: 'u_bob' });
        await loaded();
        const hours = screen.getByRole('spinbutton', { name: 'Hours (1–168)' });

        await user.click(screen.getByRole('radio', { name: 'Custom' }));
        expect(hours).not.toHaveAttribute('aria-invalid');
        await user.click(screen.getByRole('button', { name: 'Enable impersonation' }));
        expect(hours).toHaveAttribute('aria-invalid', 'true');
        expect(hours).toHaveAccessibleDescription(INVALID_HOURS);
        expect(hours).toHaveFocus();

        await user.type(hours, 'abc');
        await user.keyboard('{Enter}');
        expect(hours).toHaveAccessibleDescription(INVALID_HOURS);
        expect(requestsTo('/consent', 'PUT')).toHaveLength(0);
      });

      it('clears the message once the hours are valid', async () => {
        const { user } = await setup({ viewer: 'u_bob' });
        await loaded();
        const hours = screen.getByRole('spinbutton', { name: 'Hours (1–168)' });

        await user.type(hours, '169');
        expect(screen.getByText(INVALID_HOURS)).toBeInTheDocument();
        await user.clear(hours);
        await user.type(hours, '168');
        expect(hours).not.toHaveAttribute('aria-invalid');
        expect(screen.queryByText(INVALID_HOURS)).not.toBeInTheDocument();
      });

      it('passes axe while showing the message', async () => {
        const { user, container } = await setup({ viewer: 'u_bob' });
        await loaded();
        await user.type(screen.getByRole('spinbutton', { name: 'Hours (1–168)' }), '0');
        await expectNoAxeViolations(container);
      });
    });

    describe('when the server refuses', () => {
      it('says why in words and keeps what was chosen', async () => {
        const { user, api } = await setup({ viewer: 'u_bob' });
        await loaded();
        await user.type(screen.getByRole('spinbutton', { name: 'Hours (1–168)' }), '12');
        api.signIn(null);

        await user.click(screen.getByRole('button', { name: 'Enable impersonation' }));

        expect(await screen.findByRole('alert')).toHaveTextContent('Your sign-in has expired. Sign in again.');
        expect(screen.getByRole('radio', { name: 'Custom' })).toBeChecked();
        expect(screen.getByRole('spinbutton', { name: 'Hours (1–168)' })).toHaveValue(12);
        expect(screen.getByRole('button', { name: 'Enable impersonation' })).not.toHaveAttribute('aria-disabled');
      });
    });

    it('can be enabled with the keyboard alone', async () => {
      const { user } = await setup({ viewer: 'u_bob' });
      const section = await loaded();

      await user.tab();
      expect(screen.getByRole('radio', { name: '1 hour' })).toHaveFocus();
      await user.keyboard('{ArrowRight}{ArrowRight}');
      expect(screen.getByRole('radio', { name: '72 hours' })).toBeChecked();
      await user.tab();
      expect(screen.getByRole('spinbutton', { name: 'Hours (1–168)' })).toHaveFocus();
      await user.tab();
      expect(screen.getByRole('button', { name: 'Enable impersonation' })).toHaveFocus();
      await user.keyboard('{Enter}');

      await waitFor(() => expect(statusOf(section)).toHaveTextContent('Active'));
      expect(screen.getByRole('button', { name: 'Update consent' })).toHaveFocus();
    });
  });

  describe('given a user whose consent is active', () => {
    async function activeFor(viewer: string, hours = 24, props?: ConsentSettingsProps) {
      const view = await setup({ viewer, props });
      await view.client.consent.grant({ durationHours: hours });
      const section = await loaded();
      await waitFor(() => expect(statusOf(section)).toHaveTextContent('Active'));
      return { ...view, section };
    }

    it('shows the current duration and offers Update and Revoke', async () => {
      const { container } = await activeFor('u_bob', 72);
      expect(screen.getByRole('radio', { name: '72 hours' })).toBeChecked();
      expect(screen.getByRole('button', { name: 'Update consent' })).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Revoke consent' })).toBeInTheDocument();
      await expectNoAxeViolations(container);
    });

    it('shows custom hours it was granted for in the hours field', async () => {
      await activeFor('u_bob', 5);
      expect(screen.getByRole('radio', { name: 'Custom' })).toBeChecked();
      expect(screen.getByRole('spinbutton', { name: 'Hours (1–168)' })).toHaveValue(5);
    });

    it('rewrites the relative expiry as time passes', async () => {
      const { clock, section } = await activeFor('u_bob', 1);
      expect(within(section).getByText(/\(in 1 hour\)$/)).toBeInTheDocument();
      clock.advance(30 * 60_000);
      expect(await within(section).findByText(/\(in 30 minutes\)$/)).toBeInTheDocument();
    });

    describe('when they update it to 1 hour', () => {
      it('moves the expiry and says it was updated', async () => {
        const { user, clock, section } = await activeFor('u_bob', 72);

        await user.click(screen.getByRole('radio', { name: '1 hour' }));
        await user.click(screen.getByRole('button', { name: 'Update consent' }));

        const expiresAt = expires(clock.now() + HOUR);
        expect(await within(section).findByText(`Expires ${expiresAt} (in 1 hour)`)).toBeInTheDocument();
        expect(screen.getByText(`Impersonation consent updated. It now ends ${expiresAt}.`)).toBeInTheDocument();
      });
    });

    describe('when they ask to revoke it', () => {
      it('asks first, with the safe answer focused', async () => {
        const { user } = await activeFor('u_bob');

        await user.click(screen.getByRole('button', { name: 'Revoke consent' }));

        const dialog = await screen.findByRole('alertdialog', { name: 'Revoke consent?' });
        expect(dialog).toHaveAccessibleDescription(/any session running as you ends now/);
        expect(within(dialog).getByRole('button', { name: 'Keep consent' })).toHaveFocus();
        expect(within(dialog).getByRole('button', { name: 'Revoke' })).toBeInTheDocument();
        await expectNoAxeViolations(document.body);
      });

      it('Keep consent closes it, keeps consent and returns focus', async () => {
        const { user, section } = await activeFor('u_bob');
        const trigger = screen.getByRole('button', { name: 'Revoke consent' });

        await user.click(trigger);
        await user.click(await screen.findByRole('button', { name: 'Keep consent' }));

        expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
        expect(statusOf(section)).toHaveTextContent('Active');
        expect(trigger).toHaveFocus();
        expect(requestsTo('/consent', 'DELETE')).toHaveLength(0);
      });

      it('Escape closes it too', async () => {
        const { user } = await activeFor('u_bob');
        const trigger = screen.getByRole('button', { name: 'Revoke consent' });

        await user.click(trigger);
        await screen.findByRole('alertdialog');
        await user.keyboard('{Escape}');

        expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
        expect(trigger).toHaveFocus();
      });

      it('Revoke ends it, and the session an admin ran as them', async () => {
        const view = await activeFor('u_bob');
        const admin = adminClient(view);
        await admin.session.start({ targetUserId: 'u_bob' });
        expect(admin.session.getSnapshot().status).toBe('active');

        await view.user.click(screen.getByRole('button', { name: 'Revoke consent' }));
        await view.user.click(await screen.findByRole('button', { name: 'Revoke' }));

        await waitFor(() => expect(statusOf(view.section)).toHaveTextContent('Not enabled'));
        expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
        expect(screen.getByText('Impersonation consent revoked.')).toBeInTheDocument();
        expect(screen.queryByRole('button', { name: 'Revoke consent' })).not.toBeInTheDocument();
        // The revoke button is gone: focus lands on the form's button, not on <body>.
        expect(screen.getByRole('button', { name: 'Enable impersonation' })).toHaveFocus();
        await admin.session.refresh();
        expect(admin.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'consent_revoked' });
        // The history now shows it ended, and why.
        const row = await screen.findByText(/You revoked your consent\./);
        expect(row.closest('li')).toHaveTextContent('Ended');
      });

      it('works with the keyboard alone', async () => {
        const { user, section } = await activeFor('u_bob');
        screen.getByRole('button', { name: 'Update consent' }).focus();

        await user.tab();
        expect(screen.getByRole('button', { name: 'Revoke consent' })).toHaveFocus();
        await user.keyboard('{Enter}');
        await screen.findByRole('alertdialog');
        expect(screen.getByRole('button', { name: 'Keep consent' })).toHaveFocus();
        await user.tab();
        expect(screen.getByRole('button', { name: 'Revoke' })).toHaveFocus();
        await user.tab();
        // Focus stays trapped in the dialog.
        expect(screen.getByRole('button', { name: 'Keep consent' })).toHaveFocus();
        await user.tab();
        await user.keyboard('{Enter}');

        await waitFor(() => expect(statusOf(section)).toHaveTextContent('Not enabled'));
      });

      it('stays open while the revoke is on its way: Keep consent and Escape cannot pretend to keep it', async () => {
        const { user, section } = await activeFor('u_bob');
        let answer = () => {};
        const held = new Promise<void>((resolve) => (answer = resolve));
        // Holds the request, then lets the real mock answer it.
        server.use(http.delete(`${BASE_URL}/consent`, () => held, { once: true }));
        await user.click(screen.getByRole('button', { name: 'Revoke consent' }));
        const dialog = await screen.findByRole('alertdialog');
        await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
        await waitFor(() => expect(requestsTo('/consent', 'DELETE')).toHaveLength(1));

        await user.click(within(dialog).getByRole('button', { name: 'Keep consent' }));
        await user.keyboard('{Escape}');
        expect(dialog).toBeInTheDocument();
        expect(within(dialog).getByRole('button', { name: 'Revoking…' })).toHaveAttribute('aria-disabled', 'true');
        expect(within(dialog).getByRole('button', { name: 'Keep consent' })).toHaveAttribute('aria-disabled', 'true');

        answer();
        await waitFor(() => expect(statusOf(section)).toHaveTextContent('Not enabled'));
        expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
      });

      it('shows a failed revoke inside the dialog and keeps it open', async () => {
        const { user, api, section } = await activeFor('u_bob');
        await user.click(screen.getByRole('button', { name: 'Revoke consent' }));
        const dialog = await screen.findByRole('alertdialog');
        api.signIn(null);

        await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));

        expect(await within(dialog).findByRole('alert')).toHaveTextContent('Your sign-in has expired. Sign in again.');
        expect(statusOf(section)).toHaveTextContent('Active');
      });
    });
  });

  describe('the Sessions history', () => {
    it('says when nobody has impersonated the user', async () => {
      await setup({ viewer: 'u_bob' });
      const sessions = await screen.findByRole('region', { name: 'Sessions' });
      expect(within(sessions).getByRole('heading', { level: 3, name: 'Sessions' })).toBeInTheDocument();
      expect(await within(sessions).findByText('Nobody has impersonated you yet.')).toBeInTheDocument();
      expect(requestsTo('/sessions')[0]?.query.get('role')).toBe('impersonated');
    });

    describe('after an admin impersonated the user and used the app as them', () => {
      /** The admin's steps, then the user opens their settings (the admin may go on to `then`). */
      async function impersonated(then?: (admin: ImpersonationClient, k: Kit) => Promise<void>) {
        return setup({
          viewer: 'u_alice',
          before: async (k) => {
            const admin = adminClient(k);
            await admin.session.start({ targetUserId: 'u_alice', reason: 'Ticket 4521' });
            expect((await appCall('GET', '/projects')).status).toBe(200);
            expect((await appCall('POST', '/projects', { name: 'Q4 plan', apiToken: 'hunter2' })).status).toBe(201);
            k.clock.advance(15 * 60_000);
            await then?.(admin, k);
          },
        });
      }

      it('lists the session as ongoing, with who ran it', async () => {
        const { container } = await impersonated();
        const sessions = await screen.findByRole('region', { name: 'Sessions' });
        const item = (await within(sessions).findByText('Adam Admin (adam@acme.test)')).closest('li') as HTMLElement;

        expect(detail(item, 'Started')).toHaveTextContent(expires(Date.UTC(2026, 10, 21, 10, 0, 0)));
        expect(detail(item, 'Ended')).toHaveTextContent('Not yet');
        expect(detail(item, 'Duration')).toHaveTextContent('15 min so far');
        expect(detail(item, 'Status')).toHaveTextContent('Ongoing');
        await expectNoAxeViolations(container);
      });

      it('lists it as ended, with how long it ran and why, once the admin ends it', async () => {
        await impersonated(async (admin, k) => {
          k.clock.advance(15 * 60_000);
          await admin.session.end();
        });

        const item = (await screen.findByText('Adam Admin (adam@acme.test)')).closest('li') as HTMLElement;
        const endedAt = Date.UTC(2026, 10, 21, 10, 30, 0);
        expect(detail(item, 'Ended')).toHaveTextContent(expires(endedAt));
        expect(detail(item, 'Duration')).toHaveTextContent('30 min');
        expect(detail(item, 'Status')).toHaveTextContent('Ended Adam Admin ended the session.');
      });

      it('Show audit log reveals what was done in that session', async () => {
        const { user } = await impersonated();
        // The history loads beside the consent and the notice: give it time on a busy machine.
        const toggle = await screen.findByRole('button', { name: 'Show audit log' }, { timeout: 4000 });
        expect(toggle).toHaveAttribute('aria-expanded', 'false');
        expect(toggle).toHaveAccessibleDescription(/Adam Admin \(adam@acme\.test\)/);

        await user.click(toggle);

        expect(toggle).toHaveAttribute('aria-expanded', 'true');
        expect(toggle).toHaveAccessibleName('Hide audit log');
        const table = await screen.findByRole('table', { name: 'Impersonation audit log' });
        expect(document.getElementById(toggle.getAttribute('aria-controls') ?? '')).toContainElement(table);
        await waitFor(() => expect(within(table).getAllByText('/api/app/projects')).toHaveLength(2));
        expect(within(table).getByText('Impersonation started')).toBeInTheDocument();

        await user.click(toggle);
        expect(toggle).toHaveAttribute('aria-expanded', 'false');
        expect(screen.queryByRole('table', { name: 'Impersonation audit log' })).not.toBeInTheDocument();
      });

      it('opens the audit log with the keyboard alone', async () => {
        const { user } = await impersonated();
        // The history loads beside the consent and the notice: give it time on a busy machine.
        const toggle = await screen.findByRole('button', { name: 'Show audit log' }, { timeout: 4000 });
        toggle.focus();
        await user.keyboard('{Enter}');
        expect(toggle).toHaveAttribute('aria-expanded', 'true');
        await user.keyboard(' ');
        expect(toggle).toHaveAttribute('aria-expanded', 'false');
      });
    });

    it('loads more sessions page by page', async () => {
      const view = await setup({
        viewer: 'u_alice',
        props: { sessionsPageSize: 1 },
        before: async (k) => {
          const admin = adminClient(k);
          await admin.session.start({ targetUserId: 'u_alice' });
          await admin.session.end();
          k.clock.advance(60_000);
          await admin.session.restart();
        },
      });

      const sessions = await screen.findByRole('region', { name: 'Sessions' });
      await within(sessions).findByText('Ongoing');
      expect(within(sessions).getAllByRole('listitem')).toHaveLength(1);

      await view.user.click(within(sessions).getByRole('button', { name: 'Load more' }));

      await waitFor(() => expect(within(sessions).getAllByRole('listitem')).toHaveLength(2));
      const loaded = within(sessions).getAllByRole('listitem')[1];
      expect(loaded).toHaveTextContent('Adam Admin ended the session.');
      await waitFor(() => expect(within(sessions).queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument());
      // The button that had focus is gone: focus moves to the session it loaded, not to <body>.
      await waitFor(() => expect(within(loaded as HTMLElement).getByRole('button', { name: 'Show audit log' })).toHaveFocus());
    });

    it('says when the history failed to load, and retries', async () => {
      const { user, container } = await setup({
        viewer: 'u_bob',
        // The first two answers fail (the history's and the notice's), in front of the real mock; the retry reaches the mock.
        before: () => {
          let failures = 2;
          server.use(
            http.get(`${BASE_URL}/sessions`, () =>
              failures-- > 0 ? HttpResponse.json({ error: { code: 'internal', message: 'boom' } }, { status: 500 }) : undefined,
            ),
          );
        },
      });
      const sessions = await screen.findByRole('region', { name: 'Sessions' });

      const alert = await within(sessions).findByRole('alert');
      expect(alert).toHaveTextContent("Couldn't load the sessions.");
      await expectNoAxeViolations(container);
      await user.click(within(alert).getByRole('button', { name: 'Retry' }));

      expect(await within(sessions).findByText('Nobody has impersonated you yet.')).toBeInTheDocument();
      expect(within(sessions).queryByRole('alert')).not.toBeInTheDocument();
    });
  });

  describe('given a policy that does not require consent', () => {
    it('still lets the user record consent, with a note saying it is not required', async () => {
      const { user, container } = await setup({ viewer: 'u_bob', preset: 'account-admin' });
      const section = await loaded();

      expect(await screen.findByText(/doesn't require your consent/)).toBeInTheDocument();
      await user.click(screen.getByRole('radio', { name: '24 hours' }));
      await user.click(screen.getByRole('button', { name: 'Enable impersonation' }));
      await waitFor(() => expect(statusOf(section)).toHaveTextContent('Active'));
      await expectNoAxeViolations(container);
    });
  });

  describe('while the viewer is impersonating someone', () => {
    const ACTING = "You are acting as Alice Analyst: consent can't be changed now.";

    /** Olivia has her own consent active (72 h), Alice allowed impersonation, and Olivia acts as Alice. */
    async function actingAsAlice() {
      return setup({
        viewer: 'u_owner',
        before: async (k) => {
          expect((await callAs('u_owner', 'PUT', '/consent', { durationHours: 72 })).status).toBe(200);
          expect((await callAs('u_alice', 'PUT', '/consent', { durationHours: 24 })).status).toBe(200);
          await k.client.session.start({ targetUserId: 'u_alice' });
        },
      });
    }

    it('is shown disabled, and says why, naming who the viewer acts as', async () => {
      const { container } = await actingAsAlice();
      const section = await screen.findByRole('region', { name: 'Impersonation consent' });

      expect(within(section).getByText(ACTING)).toBeVisible();
      expect(section).toHaveAttribute('data-state', 'impersonating');
      for (const radio of within(section).getAllByRole('radio')) expect(radio).toBeDisabled();
      expect(within(section).getByRole('spinbutton')).toBeDisabled();
      const submit = within(section).getByRole('button', { name: 'Enable impersonation' });
      expect(submit).toBeDisabled();
      expect(submit).toHaveAccessibleDescription(ACTING);
      await expectNoAxeViolations(container);
    });

    it('never shows the viewer’s own consent or history as if they were the target’s', async () => {
      await actingAsAlice();
      const section = await screen.findByRole('region', { name: 'Impersonation consent' });

      expect(within(section).queryByText('Active')).toBeNull();
      expect(within(section).queryByText(/^Expires /)).toBeNull();
      expect(within(section).queryByRole('button', { name: 'Revoke consent' })).toBeNull();
      expect(within(section).queryByRole('button', { name: 'Update consent' })).toBeNull();
      expect(within(section).queryByRole('heading', { name: 'Sessions' })).toBeNull();
      expect(requestsTo('/consent')).toHaveLength(0);
      expect(requestsTo('/sessions')).toHaveLength(0);
    });

    it('shows nothing of anyone’s consent until it knows whether the viewer is impersonating', async () => {
      const k = kit({ preset: 'consent', viewer: 'u_owner' });
      expect((await callAs('u_owner', 'PUT', '/consent', { durationHours: 72 })).status).toBe(200);
      expect((await callAs('u_alice', 'PUT', '/consent', { durationHours: 24 })).status).toBe(200);
      await k.client.session.start({ targetUserId: 'u_alice' });
      // A page opened now, in a client that has read nothing yet, on a backend whose /viewer answers late.
      let answerViewer = () => {};
      const viewerGate = new Promise<void>((resolve) => {
        answerViewer = resolve;
      });
      server.use(http.get(`${BASE_URL}/viewer`, () => viewerGate.then(() => undefined)));
      const page = createImpersonationClient({ baseUrl: BASE_URL, clock: k.clock, crossTab: false });
      admins.push(page);
      render(
        <ImpersonationProvider client={page} locale={LOCALE}>
          <ConsentSettings />
        </ImpersonationProvider>,
      );
      await waitFor(() => expect(page.consent.getSnapshot().status).toBe('active'));

      expect(screen.getByText('Loading your consent…')).toBeVisible();
      expect(screen.queryByText('Active')).toBeNull();
      answerViewer();
      expect(await screen.findByText(ACTING)).toBeVisible();
      expect(screen.queryByText('Active')).toBeNull();
    });

    describe('when the session ends', () => {
      it('shows the viewer’s own consent again, and lets them change it', async () => {
        const { client, user } = await actingAsAlice();
        await screen.findByText(ACTING);

        await client.session.end();
        const section = await loaded();
        await waitFor(() => expect(statusOf(section)).toHaveTextContent('Active'));
        expect(screen.queryByText(ACTING)).toBeNull();
        await user.click(within(section).getByRole('button', { name: 'Revoke consent' }));
        expect(await screen.findByRole('alertdialog', { name: 'Revoke consent?' })).toBeInTheDocument();
      });
    });
  });

  describe('the duration control', () => {
    it('is a radio group of the presets and Custom; arrow keys move the choice', async () => {
      const { user } = await setup({ viewer: 'u_bob' });
      await loaded();
      const group = screen.getByRole('radiogroup', { name: 'Duration' });
      expect(within(group).getAllByRole('radio').map((radio) => radio.closest('label')?.textContent)).toEqual(['1 hour', '24 hours', '72 hours', 'Custom']);
      const first = within(group).getByRole('radio', { name: '1 hour' });
      expect(first).toBeChecked();
      first.focus();
      await user.keyboard('{ArrowRight}');
      expect(within(group).getByRole('radio', { name: '24 hours' })).toBeChecked();
      expect(within(group).getByRole('radio', { name: '24 hours' })).toHaveFocus();
      await user.keyboard('{ArrowRight}{ArrowRight}');
      expect(within(group).getByRole('radio', { name: 'Custom' })).toBeChecked();
      // The hours field sits beside the segments, shown (data-state) only for Custom.
      const hours = screen.getByRole('spinbutton', { name: 'Hours (1–168)' });
      expect(hours.closest('.ik-consent__custom')).toHaveAttribute('data-state', 'checked');
      await user.keyboard('{ArrowLeft}');
      expect(within(group).getByRole('radio', { name: '72 hours' })).toBeChecked();
      expect(hours.closest('.ik-consent__custom')).toHaveAttribute('data-state', 'unchecked');
    }, 15_000);

    it('grants the custom hours typed inline, once they are valid', async () => {
      const { user, requestsTo } = await setupWithRequests();
      await user.click(screen.getByRole('radio', { name: 'Custom' }));
      const hours = screen.getByRole('spinbutton', { name: 'Hours (1–168)' });
      await user.click(screen.getByRole('button', { name: 'Enable impersonation' }));
      expect(hours).toHaveAccessibleDescription(INVALID_HOURS);
      expect(requestsTo('/consent', 'PUT')).toHaveLength(0);
      await user.type(hours, '36');
      expect(hours).not.toHaveAttribute('aria-invalid');
      await user.click(screen.getByRole('button', { name: 'Enable impersonation' }));
      await waitFor(() => expect(screen.getByText(/^Impersonation consent enabled until/)).toBeInTheDocument());
      expect(requestsTo('/consent', 'PUT')).toHaveLength(1);
    }, 15_000);
  });

  describe('its layout', () => {
    /** The form's controls, by role and name: the same set must exist in every state. */
    function skeleton() {
      const form = screen.getByRole('group', { name: 'Duration' }).closest('form') as HTMLElement;
      return [
        within(form).getAllByRole('radio').length,
        within(form).getAllByRole('spinbutton').length,
        within(form).getAllByRole('button').filter((button) => button.getAttribute('type') === 'submit').length,
        form.querySelectorAll('.ik-consent__message').length,
        document.querySelectorAll('.ik-consent__summary').length,
      ];
    }
    const SKELETON = [4, 1, 1, 1, 1];

    it('keeps the same controls while loading, inactive, active and after a failed save', async () => {
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const { user, api } = await setup({
        viewer: 'u_bob',
        // The first read of the consent waits until the test lets it through.
        before: () => server.use(http.get(`${BASE_URL}/consent`, async () => { await held; return undefined; }, { once: true })),
      });
      expect(screen.getByRole('region', { name: 'Impersonation consent' })).toHaveAttribute('data-state', 'loading');
      expect(skeleton()).toEqual(SKELETON);
      expect(screen.getByRole('button', { name: 'Enable impersonation' })).toBeDisabled();
      release();
      const section = await loaded();
      expect(section).toHaveAttribute('data-state', 'inactive');
      expect(skeleton()).toEqual(SKELETON);

      await user.click(screen.getByRole('button', { name: 'Enable impersonation' }));
      await waitFor(() => expect(section).toHaveAttribute('data-state', 'active'));
      expect(skeleton()).toEqual(SKELETON);

      await api.setUserStatus('u_bob', 'suspended');
      await user.click(screen.getByRole('button', { name: 'Update consent' }));
      expect(await within(section).findByRole('alert')).toBeInTheDocument();
      expect(skeleton()).toEqual(SKELETON);
    }, 15_000);
  });

  describe('when the consent cannot be read', () => {
    it('says what happened and what to do, without a Retry that cannot help, while signed out', async () => {
      await setup({ viewer: 'u_bob', before: ({ api: backend }) => backend.signIn(null) });
      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent("Couldn't load your consent. Your sign-in has expired. Sign in again.");
      expect(within(alert).queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
      // The form keeps its place, disabled, pointing at why.
      expect(screen.getByRole('button', { name: 'Enable impersonation' })).toBeDisabled();
      expect(screen.getByRole('button', { name: 'Enable impersonation' })).toHaveAccessibleDescription(/Couldn't load your consent/);
    });

    it('offers Retry when the server could not be reached, and retrying loads it', async () => {
      const { user } = await setup({
        viewer: 'u_bob',
        before: () => server.use(http.get(`${BASE_URL}/consent`, () => HttpResponse.error(), { once: true })),
      });
      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent("Couldn't load your consent. Couldn't reach the server. Check your connection and try again.");
      await user.click(within(alert).getByRole('button', { name: 'Retry' }));
      const section = await loaded();
      expect(statusOf(section)).toHaveTextContent('Not enabled');
    });
  });

  it('takes a heading level, and puts Sessions one below', async () => {
    await setup({ viewer: 'u_bob', props: { headingLevel: 3 } });
    expect(screen.getByRole('heading', { level: 3, name: 'Impersonation consent' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 4, name: 'Sessions' })).toBeInTheDocument();
    await loaded();
  });
});
