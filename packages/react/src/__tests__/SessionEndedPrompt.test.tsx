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

async function endSession() {
  await userEvent.click(screen.getByRole('button', { name: 'End session' }));
  return screen.findByRole('alertdialog', { name: 'Impersonation session ended' });
}

/** The prompt once its Restart decision is made (focus lands on the first action then). */
async function settledPrompt() {
  const prompt = await screen.findByRole('alertdialog', { name: 'Impersonation session ended' });
  await waitFor(() => expect(within(prompt).getAllByRole('button')[0]).toHaveFocus());
  return prompt;
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
    it('stays closed', async () => {
      const k = kit();
      await renderKit(k);
      await start(k);

      expect(screen.queryByRole('alertdialog')).toBeNull();
    });
  });

  describe('when the session ends', () => {
    it('is a modal alertdialog, named by its title and described by the reason', async () => {
      const k = kit();
      await renderKit(k);
      await start(k);

      const prompt = await endSession();
      expect(prompt).toHaveAttribute('aria-modal', 'true');
      expect(prompt).toHaveAccessibleDescription('You ended the session.');
      expect(within(prompt).getByText('You were impersonating Alice Analyst (alice@acme.test).')).toBeVisible();
      expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull();
    });

    describe('it says why, in words', () => {
      it('after End session', async () => {
        const k = kit();
        await renderKit(k);
        await start(k);

        expect(await endSession()).toHaveAccessibleDescription('You ended the session.');
      });

      it('when the time limit is reached', async () => {
        const k = kit();
        await renderKit(k);
        await start(k);

        await advance(k, 30 * MINUTE);
        const prompt = await screen.findByRole('alertdialog');
        expect(prompt).toHaveAccessibleDescription('The session reached its time limit.');
      });

      it('after an idle time-out (enterprise)', async () => {
        const k = kit({ preset: 'enterprise' });
        await renderKit(k);
        await start(k, ENTERPRISE_START);

        await advance(k, 60 * MINUTE);
        const prompt = await screen.findByRole('alertdialog');
        expect(prompt).toHaveAccessibleDescription('The session ended after a period of inactivity.');
      });

      it('when the target revokes their consent (consent), and offers no restart', async () => {
        const k = kit({ preset: 'consent' });
        await renderKit(k);
        await start(k, CONSENT_START);

        await callAs('u_alice', 'DELETE', '/consent');
        await advance(k, 30 * SECOND);
        const prompt = await settledPrompt();
        expect(prompt).toHaveAccessibleDescription('Alice Analyst revoked their consent to impersonation.');
        expect(within(prompt).queryByRole('button', { name: 'Restart session' })).toBeNull();
        expect(within(prompt).getByRole('button', { name: 'Quit' })).toHaveFocus();
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
        expect(within(prompt).queryByRole('button', { name: 'Restart session' })).toBeNull();
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
          const prompt = await screen.findByRole('alertdialog');
          expect(prompt).toHaveAccessibleDescription('You signed out, which ended the session.');
        } finally {
          client.destroy();
        }
      });
    });
  });

  describe('Restart session', () => {
    it('takes the focus, and starts a new session with the same target and reason', async () => {
      const k = kit();
      const onRestarted = vi.fn();
      await renderKit(k, { onRestarted });
      await start(k);
      const first = k.client.session.getSnapshot().session;
      await endSession();
      const prompt = await settledPrompt();
      const restart = within(prompt).getByRole('button', { name: 'Restart session' });
      expect(restart).toHaveFocus();

      await advance(k, 5 * MINUTE);
      await userEvent.click(restart);

      const banner = await screen.findByRole('region', { name: 'Impersonation' });
      expect(screen.queryByRole('alertdialog')).toBeNull();
      expect(within(banner).getByText('Reason: Reproducing a dashboard bug')).toBeVisible();
      expect(within(banner).getByRole('timer')).toHaveTextContent('30:00');
      const next = k.client.session.getSnapshot().session;
      expect(next).toMatchObject({ status: 'active', restartOf: first?.id, target: { id: 'u_alice' } });
      expect(onRestarted).toHaveBeenCalledWith(next);
    });

    it('decides on a fresh eligibility answer, not on one cached while the session ran', async () => {
      const k = kit();
      function TargetEligibility() {
        const { allowed, denials } = useEligibility('u_alice');
        return <p>{allowed ? 'Alice: eligible' : `Alice: ${denials.join(', ')}`}</p>;
      }
      // A host's menu item asked while the session ran; the prompt shares its cache.
      await renderKit(k, {}, <TargetEligibility />);
      await start(k);
      expect(await screen.findByText('Alice: already_impersonating')).toBeVisible();

      const prompt = await endSession();
      await waitFor(() => expect(within(prompt).getByRole('button', { name: 'Restart session' })).toHaveFocus());
    });

    it('shows the restart pending', async () => {
      const k = kit();
      await renderKit(k);
      await start(k);
      await endSession();
      const prompt = await settledPrompt();
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      server.use(http.post(`${BASE_URL}/sessions/:id/restart`, () => gate));

      await userEvent.click(within(prompt).getByRole('button', { name: 'Restart session' }));
      const pending = within(prompt).getByRole('button', { name: 'Restarting…' });
      expect(pending).toHaveAttribute('aria-busy', 'true');
      expect(pending).toHaveAttribute('aria-disabled', 'true');
      expect(within(prompt).getByRole('button', { name: 'Quit' })).toHaveAttribute('aria-disabled', 'true');

      // Neither a second click nor Escape interrupts it.
      await userEvent.click(pending);
      await userEvent.keyboard('{Escape}');
      expect(screen.getByRole('alertdialog')).toBeVisible();
      release();

      await screen.findByRole('region', { name: 'Impersonation' });
      expect(requestsTo(`/sessions/${k.client.session.getSnapshot().session?.restartOf}/restart`, 'POST')).toHaveLength(1);
    });

    it('shows a refusal in the dialog, then drops Restart and moves focus to Quit', async () => {
      const k = kit();
      await renderKit(k);
      await start(k);
      await endSession();
      const prompt = await settledPrompt();
      const restart = within(prompt).getByRole('button', { name: 'Restart session' });

      // The target is suspended after the prompt decided Restart was possible: the server refuses.
      await act(async () => {
        await k.api.setUserStatus('u_alice', 'suspended');
      });
      await userEvent.click(restart);

      expect(await within(prompt).findByRole('alert')).toHaveTextContent("Couldn't restart the session: This user is suspended or deleted.");
      await waitFor(() => expect(within(prompt).queryByRole('button', { name: 'Restart session' })).toBeNull());
      expect(within(prompt).getByRole('button', { name: 'Quit' })).toHaveFocus();
      expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull();
    });

    it('is absent when the policy forbids restarting', async () => {
      const k = kit({ policy: { session: { restartAllowed: false } } });
      await renderKit(k);
      await start(k);
      await endSession();

      const prompt = await settledPrompt();
      expect(within(prompt).queryByRole('button', { name: 'Restart session' })).toBeNull();
      expect(within(prompt).getByRole('button', { name: 'Quit' })).toHaveFocus();
    });

    it('is absent when the target is no longer eligible (consent expired)', async () => {
      const k = kit({ preset: 'consent' });
      await callAs('u_alice', 'PUT', '/consent', { durationHours: 1 });
      await renderKit(k);
      await start(k, CONSENT_START);

      await advance(k, 60 * MINUTE);
      const prompt = await settledPrompt();
      expect(prompt).toHaveAccessibleDescription('The session reached its time limit.');
      expect(within(prompt).queryByRole('button', { name: 'Restart session' })).toBeNull();
    });
  });

  describe('the restart window', () => {
    it('offers Restart while the window is open and takes it away, while the prompt is open, once it passes', async () => {
      const k = kit();
      const tickerSubscribe = vi.spyOn(k.client.ticker, 'subscribe');
      await renderKit(k);
      await start(k);
      await endSession();
      const prompt = await settledPrompt();
      expect(within(prompt).getByRole('button', { name: 'Restart session' })).toHaveFocus();

      await advance(k, 10 * MINUTE - 2 * SECOND);
      expect(within(prompt).getByRole('button', { name: 'Restart session' })).toBeInTheDocument();
      await advance(k, 2 * SECOND);
      await waitFor(() => expect(within(prompt).queryByRole('button', { name: 'Restart session' })).toBeNull());
      expect(within(prompt).getByRole('button', { name: 'Quit' })).toHaveFocus();
      // The client's shared ticker drove it, on the client's clock: the prompt keeps no timer of its own.
      expect(tickerSubscribe).toHaveBeenCalled();
    });

    it('follows the policy’s window', async () => {
      const k = kit({ policy: { session: { restartWindowSeconds: 60 } } });
      await renderKit(k);
      await start(k);
      await endSession();
      const prompt = await settledPrompt();
      expect(within(prompt).getByRole('button', { name: 'Restart session' })).toBeInTheDocument();

      await advance(k, MINUTE);
      await waitFor(() => expect(within(prompt).queryByRole('button', { name: 'Restart session' })).toBeNull());
    });

    it('is not offered for a session that ended longer ago than the window', async () => {
      const k = kit();
      await renderKit(k);
      await start(k);
      // The session runs out while nobody looks; the prompt opens with the window already closed.
      await advance(k, 30 * MINUTE + 10 * MINUTE);
      const prompt = await settledPrompt();
      expect(within(prompt).queryByRole('button', { name: 'Restart session' })).toBeNull();
      expect(within(prompt).getByRole('button', { name: 'Quit' })).toHaveFocus();
    });
  });

  describe('given a policy that asks for a second factor (enterprise)', () => {
    async function endedEnterprise() {
      const k = kit({ preset: 'enterprise' });
      await renderKit(k);
      await start(k, ENTERPRISE_START);
      await endSession();
      const prompt = await screen.findByRole('alertdialog', { name: 'Impersonation session ended' });
      const code = await within(prompt).findByRole('textbox', { name: 'Verification code' });
      return { k, prompt, code };
    }

    it('asks for the code inline, focused first, with a numeric keypad and one-time-code autofill', async () => {
      const { prompt, code } = await endedEnterprise();
      await waitFor(() => expect(code).toHaveFocus());
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
    });
  });

  describe('Quit', () => {
    it('closes the prompt and leaves no session behind', async () => {
      const k = kit();
      const onQuit = vi.fn();
      await renderKit(k, { onQuit });
      await start(k);
      const prompt = await endSession();

      await userEvent.click(within(prompt).getByRole('button', { name: 'Quit' }));
      expect(screen.queryByRole('alertdialog')).toBeNull();
      expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull();
      expect(k.client.session.getSnapshot()).toMatchObject({ status: 'idle', session: null });
      expect(onQuit).toHaveBeenCalledTimes(1);
    });

    it('is what Escape does', async () => {
      const k = kit();
      await renderKit(k);
      await start(k);
      await endSession();
      await settledPrompt();

      await userEvent.keyboard('{Escape}');
      expect(screen.queryByRole('alertdialog')).toBeNull();
      expect(k.client.session.getSnapshot().status).toBe('idle');
    });

    it('is not what a click outside does', async () => {
      const k = kit();
      await renderKit(k);
      await start(k);
      await endSession();
      await settledPrompt();

      const overlay = document.querySelector('.ik-ended-prompt__overlay');
      expect(overlay).not.toBeNull();
      // The page under a modal takes no pointer events; the check would stop the click before Radix sees it.
      await userEvent.setup({ pointerEventsCheck: 0 }).click(overlay as Element);
      expect(screen.getByRole('alertdialog')).toBeVisible();
      expect(k.client.session.getSnapshot().status).toBe('ended');
    });
  });

  describe('keyboard only', () => {
    it('ends, keeps focus inside the prompt, restarts and quits without a pointer', async () => {
      const k = kit();
      const user = userEvent.setup();
      await renderKit(k);
      await start(k);

      await user.tab();
      await user.keyboard('{Enter}');
      const prompt = await settledPrompt();
      const restart = within(prompt).getByRole('button', { name: 'Restart session' });
      const quit = within(prompt).getByRole('button', { name: 'Quit' });
      expect(restart).toHaveFocus();
      await user.tab();
      expect(quit).toHaveFocus();
      await user.tab();
      expect(restart).toHaveFocus();
      await user.tab({ shift: true });
      expect(quit).toHaveFocus();

      await user.tab();
      await user.keyboard('{Enter}');
      await screen.findByRole('region', { name: 'Impersonation' });
      expect(screen.queryByRole('alertdialog')).toBeNull();

      // Focus lands on the new banner's End session, not on <body>.
      await waitFor(() => expect(screen.getByRole('button', { name: 'End session' })).toHaveFocus());
      await user.keyboard('{Enter}');
      await settledPrompt();
      await user.keyboard('{Escape}');
      expect(screen.queryByRole('alertdialog')).toBeNull();
      expect(k.client.session.getSnapshot().status).toBe('idle');
    });
  });

  describe('where focus goes when it closes', () => {
    it('after Restart, to End session on the new banner', async () => {
      const k = kit();
      const user = userEvent.setup();
      await renderKit(k);
      await start(k);
      await endSession();
      const prompt = await settledPrompt();

      await user.click(within(prompt).getByRole('button', { name: 'Restart session' }));

      const banner = await screen.findByRole('region', { name: 'Impersonation' });
      await waitFor(() => expect(within(banner).getByRole('button', { name: 'End session' })).toHaveFocus());
    });

    it('after Quit, back to what the user was doing when the session ran out', async () => {
      const k = kit();
      const user = userEvent.setup();
      await renderKit(k, {}, <input aria-label="Search" />);
      await start(k);
      const search = screen.getByRole('textbox', { name: 'Search' });
      search.focus();

      await advance(k, 30 * MINUTE);
      const prompt = await settledPrompt();
      await user.click(within(prompt).getByRole('button', { name: 'Quit' }));

      await waitFor(() => expect(search).toHaveFocus());
    });

    it('after End session and Quit, to the main landmark, since the End session button is gone', async () => {
      const k = kit();
      const user = userEvent.setup();
      await renderKit(k, {}, <main aria-label="Page">content</main>);
      await start(k);
      await endSession();
      const prompt = await settledPrompt();
      await user.click(within(prompt).getByRole('button', { name: 'Quit' }));

      await waitFor(() => expect(screen.getByRole('main', { name: 'Page' })).toHaveFocus());
    });
  });

  describe('accessibility', () => {
    it('has no axe violations, with and without Restart and with an error', async () => {
      const k = kit();
      await renderKit(k);
      await start(k);
      await endSession();
      const prompt = await settledPrompt();
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
