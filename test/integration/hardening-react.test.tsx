// @vitest-environment jsdom
// Issue 7's React classes across the packages: the published components and hooks, the real sdk
// client, and the mock backend (the server core) through MSW, on one test clock.
import '@testing-library/jest-dom/vitest';
import type { ReactNode } from 'react';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuditTable, ConsentSettings, CountdownBanner, ImpersonationProvider, ReasonDialog, SessionEndedPrompt } from '@impersonate-kit/react';
import type { ImpersonationClient } from '@impersonate-kit/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE, SECOND, useMsw } from './harness';

const msw = useMsw();
afterEach(() => cleanup());

// Each case drives a page through several requests and renders; a busy machine needs more than the default.
const SLOW = { timeout: 30_000 };

const alice = { id: 'u_alice', name: 'Alice Analyst', email: 'alice@acme.test' };
const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';

/** The kit inside a host page, as a product mounts it. */
function host(client: ImpersonationClient, children: ReactNode) {
  return render(
    <ImpersonationProvider client={client} locale="en-US">
      <main>
        <h1>Acme Console</h1>
        {children}
      </main>
    </ImpersonationProvider>,
  );
}

describe('class 7: one reason rule serves the dialog and the server', () => {
  const samples: Array<[string, string]> = [
    ['a plain reason', 'Reproducing ticket 4521'],
    ['ten characters, an emoji family counted once', `Ticket 12${FAMILY}`],
    ['five emoji families (55 UTF-16 units, 5 characters)', FAMILY.repeat(5)],
    ['zero-width characters only', '\u200B\u200C\u200D\uFEFF'.repeat(4)],
    ['bidi controls only', '\u202E\u2066\u2067\u2069\u200F'.repeat(4)],
    ['nine characters wrapped in blanks', '\u00A0\u00A0Ticket 12\u200B'],
  ];

  it('the dialog enables Start exactly for the reasons POST /sessions accepts, with no category', SLOW, async () => {
    const world = msw.world({ preset: 'account-admin' });
    const olivia = world.client({ as: 'u_owner' });
    // Another impersonator asks the server directly, so each sample is judged by both.
    const adam = world.client({ as: 'u_admin' });
    const user = userEvent.setup();
    host(olivia, <ReasonDialog target={alice} defaultOpen />);
    const dialog = await screen.findByRole('dialog', { name: 'Impersonate Alice Analyst' });
    const reason = await within(dialog).findByRole('textbox', { name: 'Reason' });
    const start = within(dialog).getByRole('button', { name: 'Start impersonation' });

    for (const [name, sample] of samples) {
      await user.clear(reason);
      await user.click(reason);
      await user.paste(sample);
      const dialogSays = start.getAttribute('aria-disabled') === 'false';
      let serverSays: boolean;
      try {
        await adam.api.startSession({ targetUserId: 'u_alice', reason: sample });
        await adam.api.endSession();
        serverSays = true;
      } catch (error) {
        expect(error).toMatchObject({ code: 'invalid_reason' });
        serverSays = false;
      }
      expect({ name, accepted: dialogSays }).toEqual({ name, accepted: serverSays });
      // Ten starts a minute is the limit.
      await act(() => world.advance(61 * SECOND));
    }
  });

  it('a valid reason alone starts the session, stored without bidi controls', SLOW, async () => {
    const world = msw.world({ preset: 'account-admin' });
    const olivia = world.client({ as: 'u_owner' });
    const user = userEvent.setup();
    host(olivia, <ReasonDialog target={alice} defaultOpen />);
    const dialog = await screen.findByRole('dialog', { name: 'Impersonate Alice Analyst' });
    await user.click(await within(dialog).findByRole('textbox', { name: 'Reason' }));
    await user.paste(`\u202ETicket 12${FAMILY}\u2069`);
    await user.click(within(dialog).getByRole('button', { name: 'Start impersonation' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(olivia.session.getSnapshot().session).toMatchObject({ status: 'active', reason: `Ticket 12${FAMILY}`, reasonCategory: null });
  });
});

describe('class 5: Restart, within its window and with the second factor', () => {
  it('asks for the code where the policy does; a wrong one is refused by the server and nothing is lost', SLOW, async () => {
    const world = msw.world({ preset: 'enterprise' });
    const olivia = world.client({ as: 'u_owner' });
    const user = userEvent.setup();
    await olivia.session.start({ targetUserId: 'u_alice', stepUpCode: '123456' });
    host(
      olivia,
      <>
        <CountdownBanner />
        <SessionEndedPrompt />
      </>,
    );
    await user.click(await screen.findByRole('button', { name: 'End session' }));
    // The admin's own End: no modal, a polite notice with Restart offered quietly.
    const prompt = (await screen.findByText("You're back as Olivia Owner.")).parentElement as HTMLElement;
    expect(screen.queryByRole('alertdialog')).toBeNull();
    const code = await within(prompt).findByRole('textbox', { name: 'Verification code' });
    await user.click(code);

    await user.type(code, '000000');
    await user.click(within(prompt).getByRole('button', { name: 'Restart session' }));
    expect(await within(prompt).findByRole('alert')).toHaveTextContent("Couldn't restart the session: That verification code is not valid.");
    expect(code).toHaveValue('000000');
    expect(code).toHaveAttribute('aria-invalid', 'true');
    expect(code).toHaveFocus();

    await user.clear(code);
    await user.type(code, '123456{Enter}');
    const banner = await screen.findByRole('region', { name: 'Impersonation' });
    expect(banner).toHaveTextContent('You are impersonating Alice Analyst');
    expect(olivia.session.getSnapshot().session).toMatchObject({ status: 'active', restartOf: expect.stringMatching(/^imp_/) });
  });

  it('takes Restart away, while the prompt is open, once the restart window has passed', SLOW, async () => {
    const world = msw.world({ preset: 'account-admin' });
    const olivia = world.client({ as: 'u_owner' });
    await olivia.session.start({ targetUserId: 'u_alice', reason: 'Reproducing ticket 4521' });
    await olivia.session.end();
    host(olivia, <SessionEndedPrompt />);
    const prompt = (await screen.findByText("You're back as Olivia Owner.")).parentElement as HTMLElement;
    const restart = await within(prompt).findByRole('button', { name: 'Restart session' });
    restart.focus();

    await act(() => world.advance(9 * MINUTE));
    expect(within(prompt).getByRole('button', { name: 'Restart session' })).toBeInTheDocument();
    await act(() => world.advance(MINUTE));
    await waitFor(() => expect(within(prompt).queryByRole('button', { name: 'Restart session' })).toBeNull());
    // Focus was on Restart: it moves to Dismiss, not to <body>.
    expect(within(prompt).getByRole('button', { name: 'Dismiss' })).toHaveFocus();
    // The server agrees: the window is closed.
    await expect(olivia.session.restart()).rejects.toMatchObject({ code: 'restart_not_allowed' });
  });
});

describe('class 10: no kit part can take the host page down', () => {
  it('a recorded body of 3,000 nested arrays (under the 8 KiB cut) shows as text in a <pre>, and the page stays', SLOW, async () => {
    const world = msw.world({ preset: 'account-admin' });
    const olivia = world.client({ as: 'u_owner' });
    const user = userEvent.setup();
    const nested = JSON.parse('['.repeat(3000) + ']'.repeat(3000)) as unknown;
    await olivia.session.start({ targetUserId: 'u_alice', reason: 'Reproducing ticket 4521' });
    const reply = await world.app('POST', '/projects', { body: nested });
    expect(reply.status).toBeLessThan(500);
    await olivia.session.end();

    host(olivia, <AuditTable />);
    const row = (await screen.findByText('POST')).closest('[role="row"]') as HTMLElement;
    const toggle = within(row).getByRole('button', { name: 'Show request body' });
    await user.click(toggle);
    // The body opens in its own full-width row, the one the toggle controls.
    const bodyCell = document.getElementById(toggle.getAttribute('aria-controls') ?? '') as HTMLElement;
    const pre = bodyCell.querySelector('pre');

    // Text, never elements; the redaction kept it as deep as it stores, and says where it was cut.
    expect(pre?.children).toHaveLength(0);
    expect(pre?.textContent?.startsWith('['.repeat(400))).toBe(true);
    expect(pre?.textContent?.length).toBeLessThan(8 * 1024);
    expect(within(bodyCell).getByText('Cut where it nests too deeply.')).toBeVisible();
    expect(screen.getByRole('heading', { name: 'Acme Console' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('class 11: consent while impersonating', () => {
  it('is disabled with the reason, never shows the admin’s own consent, and comes back when the session ends', SLOW, async () => {
    const world = msw.world({ preset: 'consent' });
    const olivia = world.client({ as: 'u_owner' });
    const aliceClient = world.client({ as: 'u_alice' });
    await olivia.consent.grant({ durationHours: 72 });
    await aliceClient.consent.grant({ durationHours: 24 });
    await olivia.session.start({ targetUserId: 'u_alice' });

    host(olivia, <ConsentSettings />);
    const section = await screen.findByRole('region', { name: 'Impersonation consent' });
    expect(await within(section).findByText("You are acting as Alice Analyst: consent can't be changed now.")).toBeVisible();
    expect(within(section).getByRole('button', { name: 'Enable impersonation' })).toBeDisabled();
    for (const radio of within(section).getAllByRole('radio')) expect(radio).toBeDisabled();
    expect(within(section).queryByText('Active')).toBeNull();
    expect(within(section).queryByRole('button', { name: 'Revoke consent' })).toBeNull();

    await act(() => olivia.session.end().then(() => undefined));
    const own = await screen.findByRole('region', { name: 'Impersonation consent' });
    expect(await within(own).findByRole('button', { name: 'Revoke consent' })).toBeEnabled();
    expect(within(own).getByText('Active')).toBeVisible();
  });
});
