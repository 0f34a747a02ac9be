import type { ReactNode } from 'react';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { createImpersonationClient } from '@impersonate-kit/sdk';
import type { StartSessionInput } from '@impersonate-kit/sdk';
import { ImpersonationProvider } from '../ImpersonationProvider';
import { CountdownBanner } from '../components/CountdownBanner';
import { useEligibility } from '../hooks/useEligibility';
import { SessionEndedPrompt } from '../components/SessionEndedPrompt';
import { STEP_UP_CODE } from '@impersonate-kit/mock-api';
import { BASE_URL, GOOD_START, setupKitServer } from './kitHarness';
import type { Kit } from './kitHarness';

const { kit, server, requestsTo } = setupKitServer();

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const ENTERPRISE_START: StartSessionInput = { targetUserId: 'u_alice', stepUpCode: STEP_UP_CODE };
const CONSENT_START: StartSessionInput = { targetUserId: 'u_alice' };

async function renderKit(k: Kit, props: Parameters<typeof SessionEndedPrompt>[0] = {}, host?: ReactNode) {
  const view = render(
    <>
      {host}
      <CountdownBanner />
      <SessionEndedPrompt {...props} />
    </>,
    { wrapper: k.wrapper },
  );
  await waitFor(() => expect(k.client.session.getSnapshot().status).toBe('idle'));
  return view;
}

async function start(k: Kit, input: StartSessionInput = GOOD_START) {
  await act(() => k.client.session.start(input));
  await screen.findByRole('region', { name: 'Impersonation' });
}

async function advance(k: Kit, ms: number) {
  await act(async () => {
    k.clock.advance(ms);
  });
}

const BACK_AS = "You're back as Olivia Owner.";

/** The admin's own End session: the notice, once its Restart decision is made. */
async function endSession() {
  await userEvent.click(screen.getByRole('button', { name: 'End session' }));
  const status = await screen.findByRole('status');
  await waitFor(() => expect(status).toHaveTextContent(BACK_AS));
  const notice = status.parentElement as HTMLElement;
  await waitFor(() => expect(within(notice).getByRole('button', { name: 'Dismiss' })).toBeVisible());
  return notice;
}

/** The prompt for an end the admin did not choose; focus is on "Back to my account" at once. */
async function settledPrompt() {
  const prompt = await screen.findByRole('alertdialog', { name: 'Impersonation session ended' });
  await waitFor(() => expect(within(prompt).getByRole('button', { name: 'Back to my account' })).toHaveFocus());
  return prompt;
}

/** The 30 minutes run out: an end the admin did not choose, with the restart window open. */
async function expire(k: Kit) {
  await advance(k, 30 * MINUTE);
  return settledPrompt();
}

/** Calls the contract as another user, e.g. the target revoking consent. */
function callAs(userId: string, method: string, path: string, body?: unknown) {
  return fetch(`${BASE_URL}${path}`, {
    method,
    headers: { Authorization: `Bearer demo:${userId}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('SessionEndedPrompt', () => {
  describe('given a running session', () => {
    it('shows nothing and announces nothing', async () => {
      const k = kit();
      await renderKit(k);
      await start(k);

      expect(screen.queryByRole('alertdialog')).toBeNull();
      expect(screen.getByRole('status')).toBeEmptyDOMElement();
    });
  });

  describe("after the admin's own End session", () => {
    it('opens no modal: the banner goes and a polite message says who you are again', async () => {
      const k = kit();
      await renderKit(k);
      await start(k);
      const status = screen.getByRole('status');
      // In the page before the session ends, so its new text is announced.
      expect(status).toHaveAttribute('aria-live', 'polite');

      const notice = await endSession();
      expect(status).toHaveTextContent(BACK_AS);
      expect(screen.queryByRole('alertdialog')).toBeNull();
      expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull();
      expect(within(notice).getByRole('button', { name: 'Restart session' })).toBeVisible();
      // Nothing takes the focus away from the page: least of all Restart.
      expect(within(notice).getByRole('button', { name: 'Restart session' })).not.toHaveFocus();
    });

    it('moves the focus, lost with the End session button, to the main landmark', async () => {
      const k = kit();
      await renderKit(k, {}, <main aria-label="Page">content</main>);
      await start(k);
      await endSession();

      await waitFor(() => expect(screen.getByRole('main', { name: 'Page' })).toHaveFocus());
    });

    it('Dismiss leaves the ended state and clears the message', async () => {
      const k = kit();
      const onQuit = vi.fn();
      await renderKit(k, { onQuit }, <main aria-label="Page">content</main>);
      await start(k);
      const notice = await endSession();

      await userEvent.click(within(notice).getByRole('button', { name: 'Dismiss' }));
      expect(screen.getByRole('status')).toBeEmptyDOMElement();
      // The button took itself away: focus lands on the page, never on <body>.
      expect(screen.getByRole('main', { name: 'Page' })).toHaveFocus();
      expect(screen.queryByRole('button', { name: 'Restart session' })).toBeNull();
      expect(k.client.session.getSnapshot()).toMatchObject({ status: 'idle', session: null });
      expect(onQuit).toHaveBeenCalledTimes(1);
    });

    it('offers Restart session only while the restart window lasts', async () => {
      const k = kit();
      const tickerSubscribe = vi.spyOn(k.client.ticker, 'subscribe');
      await renderKit(k);
      await start(k);
      const notice = await endSession();
      expect(within(notice).getByRole('button', { name: 'Restart session' })).toBeVisible();

      await advance(k, 10 * MINUTE - 2 * SECOND);
      expect(within(notice).getByRole('button', { name: 'Restart session' })).toBeInTheDocument();
      await advance(k, 2 * SECOND);
      await waitFor(() => expect(within(notice).queryByRole('button', { name: 'Restart session' })).toBeNull());
      // The message and the way out stay.
      expect(screen.getByRole('status')).toHaveTextContent(BACK_AS);
      expect(within(notice).getByRole('button', { name: 'Dismiss' })).toBeVisible();
      // The client's shared ticker drove it, on the client's clock: the prompt keeps no timer of its own.
      expect(tickerSubscribe).toHaveBeenCalled();
    });

    it('follows the policy’s window', async () => {
      const k = kit({ policy: { session: { restartWindowSeconds: 60 } } });
      await renderKit(k);
      await start(k);
      const notice = await endSession();
      expect(within(notice).getByRole('button', { name: 'Restart session' })).toBeInTheDocument();

      await advance(k, MINUTE);
      await waitFor(() => expect(within(notice).queryByRole('button', { name: 'Restart session' })).toBeNull());
    });

    it('offers no Restart when the policy forbids restarting', async () => {
      const k = kit({ policy: { session: { restartAllowed: false } } });
      await renderKit(k);
      await start(k);
      const notice = await endSession();

      expect(within(notice).queryByRole('button', { name: 'Restart session' })).toBeNull();
    });

    it('Restart session starts a new session with the same target and reason', async () => {
      const k = kit();
      const onRestarted = vi.fn();
      await renderKit(k, { onRestarted });
      await start(k);
      const first = k.client.session.getSnapshot().session;
      const notice = await endSession();

      await advance(k, 5 * MINUTE);
      await userEvent.click(within(notice).getByRole('button', { name: 'Restart session' }));

      const banner = await screen.findByRole('region', { name: 'Impersonation' });
      expect(screen.getByRole('status')).toBeEmptyDOMElement();
      expect(within(banner).getByRole('timer')).toHaveTextContent('30:00');
      const next = k.client.session.getSnapshot().session;
      expect(next).toMatchObject({ status: 'active', restartOf: first?.id, target: { id: 'u_alice' }, reason: 'Reproducing a dashboard bug' });
      expect(onRestarted).toHaveBeenCalledWith(next);
    });

    it('decides on a fresh eligibility answer, not on one cached while the session ran', async () => {
      const k = kit();
      function TargetEligibility() {
        const { allowed, denials } = useEligibility('u_alice');
        return <p>{allowed ? 'Alice: eligible' : `Alice: ${denials.join(', ')}`}</p>;
      }
      // A host's menu item asked while the session ran; the notice shares its cache.
      await renderKit(k, {}, <TargetEligibility />);
      await start(k);
      expect(await screen.findByText('Alice: already_impersonating')).toBeVisible();

      const notice = await endSession();
      expect(await within(notice).findByRole('button', { name: 'Restart session' })).toBeVisible();
    });

    it('asks for the second-factor code inline where the policy needs it (enterprise)', async () => {
      const k = kit({ preset: 'enterprise' });
      const user = userEvent.setup();
      await renderKit(k);
      await start(k, ENTERPRISE_START);
      const notice = await endSession();
      const code = await within(notice).findByRole('textbox', { name: 'Verification code' });
      expect(code).not.toHaveFocus();

      await user.type(code, STEP_UP_CODE);
      await user.click(within(notice).getByRole('button', { name: 'Restart session' }));
      await screen.findByRole('region', { name: 'Impersonation' });
      expect(k.client.session.getSnapshot().session).toMatchObject({ status: 'active' });
    });

    it('has no axe violations', async () => {
      const k = kit();
      const { container } = await renderKit(k);
      await start(k);
      await endSession();
      expect((await axe.run(container, { rules: { 'color-contrast': { enabled: false } } })).violations).toEqual([]);
    });
  });

  describe('when the session ends without the admin choosing it', () => {
    it('is a modal alertdialog, named by its title and described by the cause, focused on Back to my account', async () => {
      const k = kit();
      await renderKit(k);
      await start(k);

      const prompt = await expire(k);
      expect(prompt).toHaveAttribute('aria-modal', 'true');
      expect(prompt).toHaveAccessibleDescription('The session reached its time limit.');
      expect(within(prompt).getByText('You were impersonating Alice Analyst (alice@acme.test).')).toBeVisible();
      expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull();
      // Restart is there, second to the safe action.
      const buttons = within(prompt).getAllByRole('button');
      expect(buttons.map((button) => button.textContent)).toEqual(['Back to my account', 'Restart session']);
      expect(screen.getByRole('status')).toBeEmptyDOMElement();
    });

    describe('it names the cause in words, with the focus on Back to my account', () => {
      it('after an idle time-out (enterprise)', async () => {
        const k = kit({ preset: 'enterprise' });
        await renderKit(k);
        await start(k, ENTERPRISE_START);

        await advance(k, 60 * MINUTE);
        const prompt = await settledPrompt();
        expect(prompt).toHaveAccessibleDescription('The session ended after a period of inactivity.');
        // The code field is there for Restart, but the focus stays on the safe action.
        expect(within(prompt).getByRole('textbox', { name: 'Verification code' })).not.toHaveFocus();
      });

      it('when the target revokes their consent (consent), and offers no restart', async () => {
        const k = kit({ preset: 'consent' });
        await renderKit(k);
        await start(k, CONSENT_START);

        await callAs('u_alice', 'DELETE', '/consent');
        await advance(k, 30 * SECOND);
        const prompt = await settledPrompt();
        expect(prompt).toHaveAccessibleDescription('Alice Analyst revoked their consent to impersonation.');
        await waitFor(() => expect(within(prompt).queryByRole('button', { name: 'Restart session' })).toBeNull());
      });

      it('when the target’s consent runs out (consent): said apart from a revoke and from the time limit', async () => {
        const k = kit({ preset: 'consent' });
        await callAs('u_alice', 'PUT', '/consent', { durationHours: 1 });
        await renderKit(k);
        await start(k, CONSENT_START);

        await advance(k, 60 * MINUTE);
        const prompt = await settledPrompt();
        expect(prompt).toHaveAccessibleDescription("Alice Analyst's consent to impersonation ran out, which ended the session.");
        // No longer eligible without a new consent: no Restart.
        await waitFor(() => expect(within(prompt).queryByRole('button', { name: 'Restart session' })).toBeNull());
      });

      it('when the target is suspended, and offers no restart', async () => {
        const k = kit();
        await renderKit(k);
        await start(k);

        await act(async () => {
          await k.api.setUserStatus('u_alice', 'suspended');
        });
        await advance(k, 30 * SECOND);
        const prompt = await settledPrompt();
        expect(prompt).toHaveAccessibleDescription('Alice Analyst is no longer available (suspended or deleted).');
        await waitFor(() => expect(within(prompt).queryByRole('button', { name: 'Restart session' })).toBeNull());
      });

      it('when the impersonator signs out elsewhere', async () => {
        const k = kit();
        // This client names its viewer in a header, so it can still ask after the default sign-in is gone.
        const client = createImpersonationClient({ baseUrl: BASE_URL, clock: k.clock, crossTab: false, headers: { Authorization: 'Bearer demo:u_owner' } });
        try {
          render(
            <ImpersonationProvider client={client}>
              <CountdownBanner />
              <SessionEndedPrompt />
            </ImpersonationProvider>,
          );
          await waitFor(() => expect(client.session.getSnapshot().status).toBe('idle'));
          await act(() => client.session.start(GOOD_START));

          await act(async () => {
            await k.api.signOut('u_owner');
          });
          await advance(k, 30 * SECOND);
          const prompt = await settledPrompt();
          expect(prompt).toHaveAccessibleDescription('You signed out, which ended the session.');
        } finally {
          client.destroy();
        }
      });
    });
  });

  describe('Restart session in the prompt', () => {
    it('starts a new session when chosen, and focus moves to End session on the new banner', async () => {
      const k = kit();
      const user = userEvent.setup();
      await renderKit(k);
      await start(k);
      const prompt = await expire(k);

      await user.click(within(prompt).getByRole('button', { name: 'Restart session' }));
      const banner = await screen.findByRole('region', { name: 'Impersonation' });
      expect(screen.queryByRole('alertdialog')).toBeNull();
      await waitFor(() => expect(within(banner).getByRole('button', { name: 'End session' })).toHaveFocus());
    });

    it('shows the restart pending', async () => {
      const k = kit();
      await renderKit(k);
      await start(k);
      const prompt = await expire(k);
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      server.use(http.post(`${BASE_URL}/sessions/:id/restart`, () => gate));

      await userEvent.click(within(prompt).getByRole('button', { name: 'Restart session' }));
      const pending = within(prompt).getByRole('button', { name: 'Restarting…' });
      expect(pending).toHaveAttribute('aria-busy', 'true');
      expect(within(prompt).getByRole('button', { name: 'Back to my account' })).toHaveAttribute('aria-disabled', 'true');

      // Neither a second click nor Escape interrupts it.
      await userEvent.click(pending);
      await userEvent.keyboard('{Escape}');
      expect(screen.getByRole('alertdialog')).toBeVisible();
      release();

      await screen.findByRole('region', { name: 'Impersonation' });
      expect(requestsTo(`/sessions/${k.client.session.getSnapshot().session?.restartOf}/restart`, 'POST')).toHaveLength(1);
    });

    it('shows a refusal in the dialog, then drops Restart, the focus on Back to my account', async () => {
      const k = kit();
      await renderKit(k);
      await start(k);
      const prompt = await expire(k);
      const restart = within(prompt).getByRole('button', { name: 'Restart session' });

      // The target is suspended after the prompt decided Restart was possible: the server refuses.
      await act(async () => {
        await k.api.setUserStatus('u_alice', 'suspended');
      });
      await userEvent.click(restart);

      expect(await within(prompt).findByRole('alert')).toHaveTextContent("Couldn't restart the session: This user is suspended or deleted.");
      await waitFor(() => expect(within(prompt).queryByRole('button', { name: 'Restart session' })).toBeNull());
      await waitFor(() => expect(within(prompt).getByRole('button', { name: 'Back to my account' })).toHaveFocus());
      expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull();
    });

    it('is taken away, while the prompt is open, once the window passes', async () => {
      const k = kit();
      await renderKit(k);
      await start(k);
      const prompt = await expire(k);

      await advance(k, 10 * MINUTE);
      await waitFor(() => expect(within(prompt).queryByRole('button', { name: 'Restart session' })).toBeNull());
      expect(within(prompt).getByRole('button', { name: 'Back to my account' })).toHaveFocus();
    });

    it('is not offered for a session that ended longer ago than the window', async () => {
      const k = kit();
      await renderKit(k);
      await start(k);
      // The session runs out while nobody looks; the prompt opens with the window already closed.
      await advance(k, 30 * MINUTE + 10 * MINUTE);
      const prompt = await settledPrompt();
      expect(within(prompt).queryByRole('button', { name: 'Restart session' })).toBeNull();
    });
  });

  describe('given a policy that asks for a second factor (enterprise)', () => {
    async function endedEnterprise() {
      const k = kit({ preset: 'enterprise' });
      await renderKit(k);
      await start(k, ENTERPRISE_START);
      await advance(k, 60 * MINUTE);
      const prompt = await settledPrompt();
      const code = await within(prompt).findByRole('textbox', { name: 'Verification code' });
      return { k, prompt, code };
    }

    it('asks for the code inline, with a numeric keypad and one-time-code autofill', async () => {
      const { prompt, code } = await endedEnterprise();
      expect(code).toHaveAttribute('aria-required', 'true');
      expect(code).toHaveAttribute('inputmode', 'numeric');
      expect(code).toHaveAttribute('autocomplete', 'one-time-code');
      expect(code).toHaveAccessibleDescription(/Enter the 6-digit code from your authenticator app\./);
      expect((await axe.run(prompt, { rules: { 'color-contrast': { enabled: false } } })).violations).toEqual([]);
    });

    it('says the code is missing when Restart is pressed without one, and sends nothing', async () => {
      const { k, prompt, code } = await endedEnterprise();
      const ended = k.client.session.getSnapshot().session;
      await userEvent.click(within(prompt).getByRole('button', { name: 'Restart session' }));
      expect(within(prompt).getByText('Enter your verification code.')).toBeVisible();
      expect(code).toHaveAttribute('aria-invalid', 'true');
      expect(code).toHaveFocus();
      expect(requestsTo(`/sessions/${ended?.id}/restart`, 'POST')).toHaveLength(0);
      expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull();
    });

    it('shows the server’s step_up_invalid in words, keeps the code selected in the field, and the right code then restarts', async () => {
      const { k, prompt, code } = await endedEnterprise();
      const user = userEvent.setup();
      const ended = k.client.session.getSnapshot().session;
      await user.type(code, '000000');
      await user.click(within(prompt).getByRole('button', { name: 'Restart session' }));

      expect(await within(prompt).findByRole('alert')).toHaveTextContent("Couldn't restart the session: That verification code is not valid.");
      expect(code).toHaveValue('000000');
      expect(code).toHaveAttribute('aria-invalid', 'true');
      expect(code).toHaveFocus();
      expect((code as HTMLInputElement).selectionStart).toBe(0);
      expect((code as HTMLInputElement).selectionEnd).toBe(6);
      expect(within(prompt).getByRole('button', { name: 'Restart session' })).toBeInTheDocument();
      expect((await axe.run(prompt, { rules: { 'color-contrast': { enabled: false } } })).violations).toEqual([]);

      // Typed over the selection: the refused code is replaced, and the alert goes.
      await user.keyboard(STEP_UP_CODE);
      expect(code).toHaveValue(STEP_UP_CODE);
      expect(within(prompt).queryByRole('alert')).toBeNull();
      await user.keyboard('{Enter}');
      await screen.findByRole('region', { name: 'Impersonation' });
      expect(k.client.session.getSnapshot().session).toMatchObject({ status: 'active', restartOf: ended?.id });
      expect(requestsTo(`/sessions/${ended?.id}/restart`, 'POST')).toHaveLength(2);
    }, 20_000);
  });

  describe('Back to my account', () => {
    it('closes the prompt and leaves no session behind', async () => {
      const k = kit();
      const onQuit = vi.fn();
      await renderKit(k, { onQuit });
      await start(k);
      const prompt = await expire(k);

      await userEvent.click(within(prompt).getByRole('button', { name: 'Back to my account' }));
      expect(screen.queryByRole('alertdialog')).toBeNull();
      expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull();
      expect(k.client.session.getSnapshot()).toMatchObject({ status: 'idle', session: null });
      expect(onQuit).toHaveBeenCalledTimes(1);
    });

    it('is what Enter and Escape do', async () => {
      const k = kit();
      const user = userEvent.setup();
      await renderKit(k);
      await start(k);
      await expire(k);
      await user.keyboard('{Enter}');
      expect(screen.queryByRole('alertdialog')).toBeNull();
      expect(k.client.session.getSnapshot().status).toBe('idle');

      await start(k);
      await expire(k);
      await user.keyboard('{Escape}');
      expect(screen.queryByRole('alertdialog')).toBeNull();
      expect(k.client.session.getSnapshot().status).toBe('idle');
    });

    it('is not what a click outside does', async () => {
      const k = kit();
      await renderKit(k);
      await start(k);
      await expire(k);

      const overlay = document.querySelector('.ik-ended-prompt__overlay');
      expect(overlay).not.toBeNull();
      // The page under a modal takes no pointer events; the check would stop the click before Radix sees it.
      await userEvent.setup({ pointerEventsCheck: 0 }).click(overlay as Element);
      expect(screen.getByRole('alertdialog')).toBeVisible();
      expect(k.client.session.getSnapshot().status).toBe('ended');
    });

    it('keeps the focus inside the prompt for keyboard users', async () => {
      const k = kit();
      const user = userEvent.setup();
      await renderKit(k);
      await start(k);
      const prompt = await expire(k);
      const back = within(prompt).getByRole('button', { name: 'Back to my account' });
      const restart = within(prompt).getByRole('button', { name: 'Restart session' });

      await user.tab();
      expect(restart).toHaveFocus();
      await user.tab();
      expect(back).toHaveFocus();
      await user.tab({ shift: true });
      expect(restart).toHaveFocus();
    });

    it('gives the focus back to what the user was doing when the session ran out', async () => {
      const k = kit();
      const user = userEvent.setup();
      await renderKit(k, {}, <input aria-label="Search" />);
      await start(k);
      const search = screen.getByRole('textbox', { name: 'Search' });
      search.focus();

      const prompt = await expire(k);
      await user.click(within(prompt).getByRole('button', { name: 'Back to my account' }));

      await waitFor(() => expect(search).toHaveFocus());
    });
  });

  describe('accessibility', () => {
    it('has no axe violations, with and without Restart and with an error', async () => {
      const k = kit();
      await renderKit(k);
      await start(k);
      const prompt = await expire(k);
      const rules = { rules: { 'color-contrast': { enabled: false } } };
      expect((await axe.run(prompt, rules)).violations).toEqual([]);

      await act(async () => {
        await k.api.setUserStatus('u_alice', 'suspended');
      });
      await userEvent.click(within(prompt).getByRole('button', { name: 'Restart session' }));
      await within(prompt).findByRole('alert');
      await waitFor(() => expect(within(prompt).queryByRole('button', { name: 'Restart session' })).toBeNull());
      expect((await axe.run(prompt, rules)).violations).toEqual([]);
    });
  });
});
