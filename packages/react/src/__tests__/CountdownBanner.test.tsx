import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { StartSessionInput } from '@impersonate-kit/sdk';
import { CountdownBanner } from '../components/CountdownBanner';
import { formatTime } from '../format';
import { BASE_URL, GOOD_START, setupKitServer } from './kitHarness';
import type { Kit } from './kitHarness';

const { kit, server, requestsTo } = setupKitServer();

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const SESSION_MS = 30 * MINUTE;

async function renderBanner(k: Kit, props: Parameters<typeof CountdownBanner>[0] = {}) {
  const view = render(<CountdownBanner {...props} />, { wrapper: k.wrapper });
  await waitFor(() => expect(k.client.session.getSnapshot().status).toBe('idle'));
  return view;
}

async function start(k: Kit, input: StartSessionInput = GOOD_START) {
  await act(() => k.client.session.start(input));
  return screen.findByRole('region', { name: 'Impersonation' });
}

/** Moves the shared clock of client and mock, then lets answered requests settle. */
async function advance(k: Kit, ms: number) {
  await act(async () => {
    k.clock.advance(ms);
  });
}

/** Second by second, as a real ticker would move. */
async function advanceSeconds(k: Kit, seconds: number) {
  for (let i = 0; i < seconds; i += 1) await advance(k, SECOND);
}

const timer = () => screen.getByRole('timer', { name: 'Time left' });

/** Opens the banner's details (reason, category, what ends the session) and returns the toggle. */
async function openDetails(banner: HTMLElement) {
  const toggle = within(banner).getByRole('button', { name: 'Details' });
  await userEvent.click(toggle);
  return toggle;
}
const heightVariable = () => document.documentElement.style.getPropertyValue('--ik-banner-height');

/** Lets DELETE /sessions/current through only when `open()` is called. */
function holdEndRequests() {
  let open = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  server.use(
    http.delete(`${BASE_URL}/sessions/current`, async () => {
      await gate;
      // Returning nothing hands the request on to the mock backend.
    }),
  );
  return { open };
}

/** Fails DELETE /sessions/current at the network level while `offline.on` is true. */
function dropEndRequests() {
  const offline = { on: true };
  server.use(http.delete(`${BASE_URL}/sessions/current`, () => (offline.on ? HttpResponse.error() : undefined)));
  return offline;
}

describe('CountdownBanner', () => {
  describe('given no session', () => {
    it('shows nothing and publishes no height', async () => {
      const k = kit();
      await renderBanner(k);

      expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull();
      expect(heightVariable()).toBe('');
    });
  });

  describe('when a session starts', () => {
    it('says whom you act as, who you really are and how long is left, with the reason behind Details', async () => {
      const k = kit();
      await renderBanner(k);
      const banner = await start(k);

      const title = within(banner).getByText('You are impersonating Alice Analyst (alice@acme.test)', { selector: '.ik-banner__title' });
      expect(title).toBeVisible();
      // Cut with an ellipsis when space runs out: the full text stays reachable as its title.
      expect(title).toHaveAttribute('title', 'You are impersonating Alice Analyst (alice@acme.test)');
      expect(within(banner).getByText('Signed in as Olivia Owner', { selector: '.ik-banner__actor' })).toBeVisible();
      expect(timer()).toHaveTextContent('30:00');
      expect(within(banner).getByRole('button', { name: 'End session' })).toBeEnabled();
      expect(within(banner).queryByText('Reason: Reproducing a dashboard bug')).not.toBeVisible();

      const toggle = await openDetails(banner);
      expect(toggle).toHaveAttribute('aria-expanded', 'true');
      const details = document.getElementById(toggle.getAttribute('aria-controls') ?? '');
      expect(details).toBeVisible();
      expect(within(details as HTMLElement).getByText('Reason: Reproducing a dashboard bug')).toBeVisible();
      expect(within(details as HTMLElement).getByText('Category: Troubleshooting')).toBeVisible();
      expect(within(details as HTMLElement).getByText('Session time limit')).toBeVisible();
      expect(within(details as HTMLElement).getByText('Signed in as Olivia Owner')).toBeVisible();
    });

    it('closes the details on Escape and gives the focus back to Details', async () => {
      const k = kit();
      const user = userEvent.setup();
      await renderBanner(k);
      const banner = await start(k);

      const toggle = within(banner).getByRole('button', { name: 'Details' });
      expect(toggle).toHaveAttribute('aria-expanded', 'false');
      toggle.focus();
      await user.keyboard('{Enter}');
      expect(toggle).toHaveAttribute('aria-expanded', 'true');
      expect(within(banner).getByText('Reason: Reproducing a dashboard bug')).toBeVisible();

      // Focus elsewhere in the banner: Escape still closes, and focus returns to the toggle.
      within(banner).getByRole('button', { name: 'End session' }).focus();
      await user.keyboard('{Escape}');
      expect(toggle).toHaveAttribute('aria-expanded', 'false');
      expect(toggle).toHaveFocus();
      expect(within(banner).getByText('Reason: Reproducing a dashboard bug')).not.toBeVisible();

      // A second click toggles it again.
      await user.click(toggle);
      expect(toggle).toHaveAttribute('aria-expanded', 'true');
      await user.click(toggle);
      expect(toggle).toHaveAttribute('aria-expanded', 'false');
    });

    it('counts down once a second', async () => {
      const k = kit();
      await renderBanner(k);
      await start(k);

      await advance(k, SECOND);
      expect(timer()).toHaveTextContent('29:59');
      await advance(k, SECOND);
      expect(timer()).toHaveTextContent('29:58');
    });

    it('keeps the timer out of the live regions, so it is never read out every second', async () => {
      const k = kit();
      await renderBanner(k);
      const banner = await start(k);

      expect(timer()).not.toHaveAttribute('aria-live');
      expect(timer().closest('[aria-live]')).toBeNull();
      const live = banner.querySelectorAll('[aria-live]');
      expect(live).toHaveLength(1);
      expect(live[0]).toHaveAttribute('aria-live', 'polite');
      expect(live[0]).toBeEmptyDOMElement();
    });

    it('shows a reason with markup as plain text', async () => {
      const k = kit();
      await renderBanner(k);
      const banner = await start(k, { ...GOOD_START, reason: '<script>alert("x")</script> <b>bold</b>' });
      await openDetails(banner);

      expect(within(banner).getByText('Reason: <script>alert("x")</script> <b>bold</b>')).toBeVisible();
      expect(banner.querySelector('script, b')).toBeNull();
    });

    it('publishes its height on <html> while it shows', async () => {
      const k = kit();
      await renderBanner(k);
      await start(k);

      expect(heightVariable()).toMatch(/^\d+px$/);
    });

    it('follows its size with a ResizeObserver where there is one', async () => {
      let notify = () => {};
      class FakeResizeObserver {
        constructor(callback: () => void) {
          notify = callback;
        }
        observe() {}
        disconnect() {}
        unobserve() {}
      }
      vi.stubGlobal('ResizeObserver', FakeResizeObserver);
      try {
        const k = kit();
        await renderBanner(k);
        const banner = await start(k);
        vi.spyOn(banner, 'getBoundingClientRect').mockReturnValue({ height: 47.2 } as DOMRect);

        act(() => notify());
        expect(heightVariable()).toBe('48px');
      } finally {
        vi.unstubAllGlobals();
      }
    });

    it('says the session ends after inactivity under an idle time-out', async () => {
      const k = kit({ preset: 'enterprise' });
      await renderBanner(k);
      const banner = await start(k, { targetUserId: 'u_alice', stepUpCode: '123456' });
      await openDetails(banner);

      expect(within(banner).getByText('Ends after inactivity')).toBeVisible();
      expect(timer()).toHaveTextContent('1:00:00');
    });

    it('says when the consent ends when the consent caps the session', async () => {
      const k = kit({ preset: 'consent', provider: { locale: 'en-US' } });
      // Alice narrows her consent to one hour, so it ends before any other limit.
      await fetch(`${BASE_URL}/consent`, {
        method: 'PUT',
        headers: { Authorization: 'Bearer demo:u_alice', 'Content-Type': 'application/json' },
        body: JSON.stringify({ durationHours: 1 }),
      });
      await renderBanner(k);
      const banner = await start(k, { targetUserId: 'u_alice' });
      await openDetails(banner);

      const expiresAt = k.client.session.getSnapshot().session?.expiresAt ?? '';
      expect(within(banner).getByText(`Consent ends at ${formatTime(expiresAt, 'en-US')}`)).toBeVisible();
      expect(timer()).toHaveTextContent('1:00:00');
    });
  });

  describe('near the end of the session', () => {
    it('warns at 5 minutes and at 1 minute, announcing each threshold once and nothing in between', async () => {
      const k = kit();
      await renderBanner(k);
      const banner = await start(k);
      const live = banner.querySelector('[aria-live="polite"]') as HTMLElement;
      const heard: string[] = [];
      const observer = new MutationObserver(() => heard.push(live.textContent ?? ''));
      observer.observe(live, { childList: true, characterData: true, subtree: true });

      await advance(k, SESSION_MS - 5 * MINUTE - 3 * SECOND);
      expect(timer()).toHaveTextContent('5:03');
      expect(banner).not.toHaveAttribute('data-warning');

      await advanceSeconds(k, 3);
      expect(timer()).toHaveTextContent('5:00');
      expect(banner).toHaveAttribute('data-warning', 'warning');
      expect(live).toHaveTextContent('5 minutes left in this impersonation session.');

      await advanceSeconds(k, 20);
      expect(timer()).toHaveTextContent('4:40');
      expect(live).toHaveTextContent('5 minutes left in this impersonation session.');

      await advance(k, 3 * MINUTE + 37 * SECOND);
      expect(timer()).toHaveTextContent('1:03');
      await advanceSeconds(k, 3);
      expect(timer()).toHaveTextContent('1:00');
      expect(banner).toHaveAttribute('data-warning', 'critical');
      expect(live).toHaveTextContent('1 minute left in this impersonation session.');

      await advanceSeconds(k, 20);
      expect(timer()).toHaveTextContent('0:40');
      observer.disconnect();
      await act(async () => {});
      expect(heard.filter((text, i) => text !== heard[i - 1])).toEqual([
        '5 minutes left in this impersonation session.',
        '1 minute left in this impersonation session.',
      ]);
    });
  });

  describe('End session', () => {
    it('shows the request pending, then the banner goes', async () => {
      const k = kit();
      const user = userEvent.setup();
      await renderBanner(k);
      const banner = await start(k);
      const gate = holdEndRequests();

      await user.click(within(banner).getByRole('button', { name: 'End session' }));
      const pending = within(banner).getByRole('button', { name: 'Ending…' });
      expect(pending).toHaveAttribute('aria-busy', 'true');
      expect(pending).toHaveAttribute('aria-disabled', 'true');
      expect(banner).toHaveAttribute('data-state', 'ending');

      // A second click while pending sends nothing more.
      await user.click(pending);
      gate.open();

      await waitFor(() => expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull());
      expect(requestsTo('/sessions/current', 'DELETE')).toHaveLength(1);
      expect(k.client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'ended' });
      expect(heightVariable()).toBe('');
    });

    describe('when the network fails', () => {
      it('says so, retries with backoff, and stays until the session really ends', async () => {
        const k = kit();
        const user = userEvent.setup();
        await renderBanner(k);
        const banner = await start(k);
        const offline = dropEndRequests();

        await user.click(within(banner).getByRole('button', { name: 'End session' }));
        // One wording while the kit retries on its own: no "try again" beside "Retrying…".
        const alert = await within(banner).findByRole('alert');
        expect(alert).toHaveTextContent("Couldn't end the session yet. Retrying…");
        expect(alert).not.toHaveTextContent(/try again/i);
        expect(within(banner).getByRole('button', { name: 'End session' })).toBeVisible();

        // First retry after a second, still offline: the banner stays and keeps counting.
        await advance(k, SECOND);
        await waitFor(() => expect(requestsTo('/sessions/current', 'DELETE')).toHaveLength(2));
        await waitFor(() => expect(within(banner).getByRole('button', { name: 'End session' })).toBeVisible());
        expect(within(banner).getByRole('alert')).toHaveTextContent('Retrying…');
        expect(timer()).toHaveTextContent('29:59');

        // The connection is back; the next retry comes two seconds later and ends it.
        offline.on = false;
        await advance(k, SECOND);
        expect(requestsTo('/sessions/current', 'DELETE')).toHaveLength(2);
        await advance(k, SECOND);
        await waitFor(() => expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull());
        expect(requestsTo('/sessions/current', 'DELETE')).toHaveLength(3);
        expect(k.client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'ended' });
      });

      it('stops retrying after a few attempts and lets the user try again', async () => {
        const k = kit();
        const user = userEvent.setup();
        await renderBanner(k);
        const banner = await start(k);
        const offline = dropEndRequests();

        await user.click(within(banner).getByRole('button', { name: 'End session' }));
        await waitFor(() => expect(requestsTo('/sessions/current', 'DELETE')).toHaveLength(1));
        for (const [delay, attempts] of [
          [1, 2],
          [2, 3],
          [4, 4],
        ] as const) {
          await waitFor(() => expect(within(banner).getByRole('button', { name: 'End session' })).toBeVisible());
          await advance(k, delay * SECOND);
          await waitFor(() => expect(requestsTo('/sessions/current', 'DELETE')).toHaveLength(attempts));
        }
        await waitFor(() =>
          expect(within(banner).getByRole('alert')).toHaveTextContent(
            "Couldn't end the session: Couldn't reach the server. Check your connection and try again.",
          ),
        );
        expect(within(banner).getByRole('alert')).not.toHaveTextContent('Retrying');
        await advance(k, MINUTE);
        expect(requestsTo('/sessions/current', 'DELETE')).toHaveLength(4);

        offline.on = false;
        await user.click(within(banner).getByRole('button', { name: 'End session' }));
        await waitFor(() => expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull());
      });
    });
  });

  describe('as a badge', () => {
    it('shows whom you act as, the time left and End, and its details on demand', async () => {
      const k = kit();
      const user = userEvent.setup();
      await renderBanner(k, { variant: 'badge' });
      const badge = await start(k);

      expect(badge).toHaveAttribute('data-variant', 'badge');
      expect(within(badge).getByText('Acting as Alice Analyst')).toBeVisible();
      expect(timer()).toHaveTextContent('30:00');
      await openDetails(badge);
      expect(within(badge).getByText('You are impersonating Alice Analyst (alice@acme.test)', { selector: '.ik-banner__details *' })).toBeVisible();
      expect(within(badge).getByText('Reason: Reproducing a dashboard bug')).toBeVisible();

      await user.click(within(badge).getByRole('button', { name: 'End session' }));
      await waitFor(() => expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull());
      expect(k.client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'ended' });
    });

    it('floats over the page, so it publishes no height', async () => {
      const k = kit();
      await renderBanner(k, { variant: 'badge' });
      await start(k);

      expect(heightVariable()).toBe('');
    });
  });

  describe('when the session ends another way', () => {
    it('disappears the moment it expires, and tells the host once', async () => {
      const k = kit();
      const onEnded = vi.fn();
      await renderBanner(k, { onEnded });
      await start(k);

      await advance(k, SESSION_MS);
      await waitFor(() => expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull());
      expect(onEnded).toHaveBeenCalledTimes(1);
      expect(onEnded).toHaveBeenCalledWith('expired', expect.objectContaining({ target: expect.objectContaining({ id: 'u_alice' }) }));
      expect(heightVariable()).toBe('');
    });

    it('disappears when the target is suspended', async () => {
      const k = kit();
      await renderBanner(k);
      await start(k);

      await act(async () => {
        await k.api.setUserStatus('u_alice', 'suspended');
      });
      // The client hears of it on its next check of the session.
      await advance(k, 30 * SECOND);
      await waitFor(() => expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull());
      expect(k.client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'target_unavailable' });
    });
  });

  describe('keyboard only', () => {
    it('ends the session from the keyboard', async () => {
      const k = kit();
      const user = userEvent.setup();
      await renderBanner(k);
      await start(k);

      await user.tab();
      expect(screen.getByRole('button', { name: 'Details' })).toHaveFocus();
      await user.tab();
      expect(screen.getByRole('button', { name: 'End session' })).toHaveFocus();
      await user.keyboard('{Enter}');
      await waitFor(() => expect(screen.queryByRole('region', { name: 'Impersonation' })).toBeNull());
    });
  });

  describe('accessibility', () => {
    it('has no axe violations, counting down, warning and failing to end', async () => {
      const k = kit();
      const user = userEvent.setup();
      const { container } = await renderBanner(k);
      const banner = await start(k);
      const rules = { rules: { 'color-contrast': { enabled: false } } };

      expect((await axe.run(container, rules)).violations).toEqual([]);
      await advance(k, SESSION_MS - 4 * MINUTE);
      expect(banner).toHaveAttribute('data-warning', 'warning');
      expect((await axe.run(container, rules)).violations).toEqual([]);

      dropEndRequests();
      await openDetails(banner);
      await user.click(within(banner).getByRole('button', { name: 'End session' }));
      await within(banner).findByRole('alert');
      expect((await axe.run(container, rules)).violations).toEqual([]);
    });
  });
});
