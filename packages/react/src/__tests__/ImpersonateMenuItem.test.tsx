import { forwardRef, useId, useState } from 'react';
import type { HTMLAttributes, ReactNode } from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CAST } from '@impersonate-kit/mock-api';
import type { ImpersonationClient, UserRef } from '@impersonate-kit/sdk';
import { ImpersonateMenuItem } from '../components/ImpersonateMenuItem';
import type { ImpersonateMenuItemProps } from '../components/ImpersonateMenuItem';
import { formatDateTime } from '../format';
import { defaultMessages } from '../messages';
import { setupKitServer } from './kitHarness';
import type { Kit } from './kitHarness';

const { kit, requestsTo } = setupKitServer();

/** A cast member as the UserRef a host's user list would hold. */
function person(id: string): UserRef {
  const user = DEFAULT_CAST.find((member) => member.id === id);
  if (!user) throw new Error(`No cast member ${id}`);
  return { id: user.id, name: user.name, email: user.email };
}

const ghost: UserRef = { id: 'u_ghost', name: 'Gone Ghost', email: 'ghost@acme.test' };

async function viewerReady(client: ImpersonationClient) {
  await waitFor(() => expect(client.viewer.getSnapshot().status).toBe('ready'));
}

/** Items in a plain ARIA menu, as a host's kebab menu would hold them. */
function renderMenu(k: Kit, users: UserRef[], props: Partial<ImpersonateMenuItemProps> = {}) {
  return render(
    <div role="menu" aria-label="User actions">
      {users.map((user) => (
        <ImpersonateMenuItem key={user.id} user={user} {...props} />
      ))}
    </div>,
    { wrapper: k.wrapper },
  );
}

async function settledItem() {
  const item = await screen.findByRole('menuitem', { name: 'Impersonate user' });
  await waitFor(() => expect(item).not.toHaveAttribute('data-state', 'loading'));
  return item;
}

const axeOptions = { rules: { 'color-contrast': { enabled: false } } };

describe('ImpersonateMenuItem', () => {
  describe('given a viewer without the impersonate:users permission', () => {
    it('renders nothing and never asks about eligibility', async () => {
      const k = kit({ preset: 'account-admin', viewer: 'u_alice' });
      const { container } = renderMenu(k, [person('u_bob')]);
      await viewerReady(k.client);
      expect(screen.queryByRole('menuitem')).toBeNull();
      expect(container.querySelector('[role="menu"]')).toBeEmptyDOMElement();
      expect(requestsTo('/eligibility')).toHaveLength(0);
    });
  });

  describe('given a viewer who may impersonate', () => {
    describe('and an eligible target', () => {
      it('is an enabled menuitem with no reason attached', async () => {
        const k = kit({ preset: 'account-admin' });
        renderMenu(k, [person('u_alice')]);
        const item = await settledItem();
        expect(item).toHaveAttribute('data-state', 'enabled');
        expect(item).not.toHaveAttribute('aria-disabled');
        expect(item).not.toHaveAttribute('aria-describedby');
      });

      it('says it is checking while eligibility loads', async () => {
        const k = kit({ preset: 'account-admin' });
        renderMenu(k, [person('u_alice')]);
        const item = await screen.findByRole('menuitem', { name: 'Impersonate user' });
        expect(item).toHaveAttribute('aria-disabled', 'true');
        expect(item).toHaveAccessibleDescription(defaultMessages['menuItem.checking']);
        await waitFor(() => expect(item).toHaveAttribute('data-state', 'enabled'));
      });

      it('passes axe', async () => {
        const k = kit({ preset: 'consent' });
        const { container } = renderMenu(k, [person('u_alice'), person('u_bob')]);
        await waitFor(() => expect(screen.getAllByRole('menuitem').map((item) => item.dataset.state)).toEqual(['enabled', 'disabled']));
        expect((await axe.run(container, axeOptions)).violations).toEqual([]);
      });
    });

    describe('and a target who consented (consent preset)', () => {
      it('shows until when the consent lasts, tied to the item', async () => {
        const k = kit({ preset: 'consent' });
        renderMenu(k, [person('u_alice')]);
        const item = await settledItem();
        const expiresAt = k.api.getState().consents.u_alice?.expiresAt;
        expect(expiresAt).toBeTruthy();
        const text = `Consent until ${formatDateTime(expiresAt as string, undefined)}`;
        expect(item).toHaveAttribute('data-state', 'enabled');
        expect(item).toHaveAccessibleDescription(text);
        expect(within(item).getByText(text)).toBeVisible();
      });
    });

    describe('and a target the backend refuses', () => {
      const cases: Array<{ why: string; preset: 'account-admin' | 'enterprise' | 'consent'; target: UserRef; code: keyof typeof defaultMessages; prepare?: (k: Kit) => Promise<void> | void }> = [
        { why: 'an admin, where admins are off limits', preset: 'enterprise', target: person('u_ada'), code: 'denial.target_is_admin' },
        { why: 'holding a protected role', preset: 'enterprise', target: person('u_bill'), code: 'denial.target_protected_role' },
        { why: 'suspended', preset: 'account-admin', target: person('u_sam'), code: 'denial.target_unavailable' },
        { why: 'someone who never signed in', preset: 'account-admin', target: person('u_nora'), code: 'denial.target_never_logged_in' },
        { why: 'the viewer themself', preset: 'account-admin', target: person('u_owner'), code: 'denial.self_impersonation' },
        { why: 'without consent', preset: 'consent', target: person('u_bob'), code: 'denial.consent_required' },
        {
          why: 'whose consent ran out',
          preset: 'consent',
          target: person('u_alice'),
          code: 'denial.consent_expired',
          prepare: (k) => k.clock.advance(25 * 3_600_000),
        },
        {
          why: 'anyone, while the viewer already impersonates',
          preset: 'account-admin',
          target: person('u_bob'),
          code: 'denial.already_impersonating',
          prepare: async (k) => {
            await k.client.session.start({ targetUserId: 'u_alice', reason: 'Checking the dashboard', reasonCategory: 'Support' });
          },
        },
        { why: 'unknown to the backend', preset: 'account-admin', target: ghost, code: 'denial.target_not_found' },
      ];

      describe.each(cases)('($why)', ({ preset, target, code, prepare }) => {
        it('is disabled but focusable, with the reason in words as its description', async () => {
          const k = kit({ preset });
          await prepare?.(k);
          renderMenu(k, [target]);
          const item = await settledItem();
          const message = defaultMessages[code];
          expect(item).toHaveAttribute('data-state', 'disabled');
          expect(item).toHaveAttribute('aria-disabled', 'true');
          expect(item).toHaveAttribute('tabindex', '0');
          expect(item).toHaveAccessibleDescription(message);
          expect(within(item).getByText(message)).toBeVisible();
        });
      });

      it('does nothing when clicked or pressed', async () => {
        const user = userEvent.setup();
        const k = kit({ preset: 'account-admin' });
        renderMenu(k, [person('u_sam')]);
        const item = await settledItem();
        await user.click(item);
        item.focus();
        await user.keyboard('{Enter}[Space]');
        expect(screen.queryByRole('dialog')).toBeNull();
        expect(requestsTo('/sessions', 'POST')).toHaveLength(0);
      });
    });
  });

  describe('given 50 items on one page', () => {
    it('asks the backend about all of them in one eligibility request', async () => {
      const k = kit({ preset: 'account-admin' });
      const users = [...DEFAULT_CAST.map((member) => person(member.id))];
      for (let index = users.length; index < 50; index += 1) users.push({ id: `u_row${index}`, name: `Row ${index}`, email: `row${index}@acme.test` });
      const { container } = renderMenu(k, users);
      // Plain selectors: role queries over 50 items on every poll are slow in jsdom.
      await waitFor(() => {
        expect(container.querySelectorAll('[role="menuitem"]')).toHaveLength(50);
        expect(container.querySelectorAll('[role="menuitem"][data-state="loading"]')).toHaveLength(0);
      });
      expect(screen.getAllByRole('menuitem', { name: 'Impersonate user' })).toHaveLength(50);
      const calls = requestsTo('/eligibility');
      expect(calls).toHaveLength(1);
      expect(calls[0]?.query.get('userIds')?.split(',')).toHaveLength(50);
      // Naming 50 items by role is slow in jsdom on a busy machine: a generous limit, not a flaky one.
    }, 20_000);
  });

  describe('when selected', () => {
    describe('while eligibility is still being checked', () => {
      /** Holds the eligibility answer until the test lets it through. */
      function holdEligibility(k: Kit) {
        const getEligibility = k.client.getEligibility.bind(k.client);
        let release = () => {};
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        vi.spyOn(k.client, 'getEligibility').mockImplementation(async (ids) => {
          await gate;
          return getEligibility(ids);
        });
        return () => release();
      }

      it('keeps an Enter pressed meanwhile, and opens the dialog once the answer allows it', async () => {
        const user = userEvent.setup();
        const k = kit({ preset: 'account-admin' });
        const release = holdEligibility(k);
        renderMenu(k, [person('u_alice')]);
        const item = await screen.findByRole('menuitem', { name: 'Impersonate user' });
        item.focus();
        await user.keyboard('{Enter}');
        expect(item).toHaveAttribute('data-state', 'loading');
        expect(screen.queryByRole('dialog')).toBeNull();

        release();
        expect(await screen.findByRole('dialog', { name: 'Impersonate Alice Analyst' })).toBeVisible();
      });

      it('keeps a click made meanwhile, and announces the reason once the answer refuses', async () => {
        const user = userEvent.setup();
        const k = kit({ preset: 'account-admin' });
        const release = holdEligibility(k);
        renderMenu(k, [person('u_sam')]);
        const item = await screen.findByRole('menuitem', { name: 'Impersonate user' });
        await user.click(item);
        expect(screen.queryByRole('alert')).toBeNull();

        release();
        expect(await screen.findByRole('alert')).toHaveTextContent(defaultMessages['denial.target_unavailable']);
        expect(screen.queryByRole('dialog')).toBeNull();
        expect(item).toHaveAttribute('data-state', 'disabled');
      });

      it('acts once only, and never for an item nobody activated', async () => {
        const user = userEvent.setup();
        const k = kit({ preset: 'account-admin' });
        const release = holdEligibility(k);
        renderMenu(k, [person('u_alice'), person('u_bob')]);
        const [alice] = await screen.findAllByRole('menuitem', { name: 'Impersonate user' });
        alice?.focus();
        await user.keyboard('{Enter}{Enter}');

        release();
        expect(await screen.findByRole('dialog', { name: 'Impersonate Alice Analyst' })).toBeVisible();
        // The modal dialog hides the menu from the accessibility tree meanwhile.
        await waitFor(() => expect(screen.getAllByRole('menuitem', { hidden: true }).every((item) => item.dataset['state'] === 'enabled')).toBe(true));
        expect(screen.getAllByRole('dialog')).toHaveLength(1);
      });
    });

    it('opens the reason dialog from the keyboard (Enter), starts, and gives focus back', async () => {
      const user = userEvent.setup();
      // No categories: everything here is typed.
      const k = kit({ preset: 'account-admin', policy: { reason: { categories: [] } } });
      const onStarted = vi.fn();
      render(
        <>
          <button type="button">Before</button>
          <div role="menu" aria-label="User actions">
            <ImpersonateMenuItem user={person('u_alice')} onStarted={onStarted} />
          </div>
        </>,
        { wrapper: k.wrapper },
      );
      const item = await settledItem();
      await user.tab();
      await user.tab();
      expect(item).toHaveFocus();
      await user.keyboard('{Enter}');

      const dialog = await screen.findByRole('dialog', { name: 'Impersonate Alice Analyst' });
      const reason = within(dialog).getByRole('textbox', { name: 'Reason' });
      await waitFor(() => expect(reason).toHaveFocus());
      await user.keyboard('Reproducing ticket 4521');
      await user.tab();
      expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
      await user.tab();
      expect(within(dialog).getByRole('button', { name: 'Start impersonation' })).toHaveFocus();
      await user.keyboard('{Enter}');

      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect(onStarted).toHaveBeenCalledTimes(1);
      expect(onStarted.mock.calls[0]?.[0]).toMatchObject({ target: { id: 'u_alice' }, reason: 'Reproducing ticket 4521' });
      expect(k.client.session.getSnapshot().status).toBe('active');
      await waitFor(() => expect(item).toHaveFocus());
    });

    it('opens with Space too, and Escape closes it with focus back on the item', async () => {
      const user = userEvent.setup();
      const k = kit({ preset: 'consent' });
      renderMenu(k, [person('u_alice')]);
      const item = await settledItem();
      await user.tab();
      expect(item).toHaveFocus();
      await user.keyboard('[Space]');
      const dialog = await screen.findByRole('dialog', { name: 'Impersonate Alice Analyst' });
      await waitFor(() => expect(dialog).toContainElement(document.activeElement as HTMLElement));
      await user.keyboard('{Escape}');
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      await waitFor(() => expect(item).toHaveFocus());
      expect(requestsTo('/sessions', 'POST')).toHaveLength(0);
    });

    it('opens once however often it is clicked', async () => {
      const user = userEvent.setup();
      const k = kit({ preset: 'consent' });
      renderMenu(k, [person('u_alice')]);
      const item = await settledItem();
      item.click();
      item.click();
      await screen.findByRole('dialog');
      expect(screen.getAllByRole('dialog')).toHaveLength(1);
      await user.click(screen.getByRole('button', { name: 'Cancel' }));
    });

    it('leaves the dialog to the host when it passes onSelect', async () => {
      const user = userEvent.setup();
      const k = kit({ preset: 'consent' });
      const onSelect = vi.fn();
      renderMenu(k, [person('u_alice')], { onSelect });
      await user.click(await settledItem());
      expect(onSelect).toHaveBeenCalledWith(person('u_alice'));
      expect(screen.queryByRole('dialog')).toBeNull();
    });
  });

  describe('with asChild inside a menu that unmounts its items on select', () => {
    /** A host's menu item: its own class, ref and click handler, closing the menu like Radix does. */
    const HostItem = forwardRef<HTMLDivElement, HTMLAttributes<HTMLDivElement> & { onClose: () => void }>(function HostItem(
      { onClose, onClick, ...props },
      ref,
    ) {
      return (
        <div
          ref={ref}
          tabIndex={-1}
          {...props}
          onClick={(event) => {
            onClick?.(event);
            onClose();
          }}
        />
      );
    });

    function HostMenu({ children }: { children: (close: () => void) => ReactNode }) {
      const [open, setOpen] = useState(false);
      const id = useId();
      return (
        <>
          <button type="button" id={id} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
            Actions
          </button>
          {open && (
            <div role="menu" aria-labelledby={id}>
              {children(() => setOpen(false))}
            </div>
          )}
        </>
      );
    }

    it("renders as the host's element, keeps its class, ref and handlers, and survives the menu closing", async () => {
      const user = userEvent.setup();
      const k = kit({ preset: 'consent' });
      const hostClick = vi.fn();
      const ref = vi.fn();
      render(
        <HostMenu>
          {(close) => (
            <ImpersonateMenuItem user={person('u_alice')} asChild>
              <HostItem className="host-item" ref={ref} onClose={close} onClick={hostClick} />
            </ImpersonateMenuItem>
          )}
        </HostMenu>,
        { wrapper: k.wrapper },
      );
      const trigger = screen.getByRole('button', { name: 'Actions' });
      await user.click(trigger);
      const item = await settledItem();
      expect(item).toHaveClass('host-item', 'ik-menu-item');
      expect(ref).toHaveBeenCalledWith(item);

      await user.click(item);
      expect(hostClick).toHaveBeenCalledTimes(1);
      expect(screen.queryByRole('menu')).toBeNull();
      const dialog = await screen.findByRole('dialog', { name: 'Impersonate Alice Analyst' });
      await user.type(within(dialog).getByRole('textbox', { name: 'Reason' }), 'Still here');
      expect(within(dialog).getByRole('textbox', { name: 'Reason' })).toHaveValue('Still here');

      await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      // The item is gone with its menu: focus goes to the button that labels the menu.
      await waitFor(() => expect(trigger).toHaveFocus());
    });

    it('goes away with the provider, leaving the page usable', async () => {
      const user = userEvent.setup();
      const k = kit({ preset: 'consent' });
      const { unmount } = render(
        <HostMenu>
          {(close) => (
            <ImpersonateMenuItem user={person('u_alice')} asChild>
              <HostItem onClose={close} />
            </ImpersonateMenuItem>
          )}
        </HostMenu>,
        { wrapper: k.wrapper },
      );
      await user.click(screen.getByRole('button', { name: 'Actions' }));
      await user.click(await settledItem());
      await screen.findByRole('dialog');
      expect(document.body).toHaveStyle({ pointerEvents: 'none' });
      unmount();
      expect(screen.queryByRole('dialog')).toBeNull();
      expect(document.body).not.toHaveStyle({ pointerEvents: 'none' });
    });
  });
});
