import { useState } from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CAST, MAX_STARTS_PER_MINUTE, STEP_UP_CODE } from '@impersonate-kit/mock-api';
import type { UserRef } from '@impersonate-kit/sdk';
import { ReasonDialog } from '../components/ReasonDialog';
import type { ReasonDialogProps } from '../components/ReasonDialog';
import { defaultMessages } from '../messages';
import { BASE_URL, setupKitServer } from './kitHarness';
import type { Kit } from './kitHarness';

const { kit, requestsTo, server } = setupKitServer();

function person(id: string): UserRef {
  const user = DEFAULT_CAST.find((member) => member.id === id);
  if (!user) throw new Error(`No cast member ${id}`);
  return { id: user.id, name: user.name, email: user.email };
}

const axeOptions = { rules: { 'color-contrast': { enabled: false } } };
const GOOD_REASON = 'Reproducing ticket 4521';

/** The dialog behind a trigger button, as a host would place it. */
function renderDialog(k: Kit, props: Partial<ReasonDialogProps> = {}) {
  const onStarted = vi.fn();
  const onOpenChange = vi.fn();
  render(
    <ReasonDialog target={person('u_alice')} onStarted={onStarted} onOpenChange={onOpenChange} {...props}>
      <button type="button">Impersonate</button>
    </ReasonDialog>,
    { wrapper: k.wrapper },
  );
  return { onStarted, onOpenChange, trigger: screen.getByRole('button', { name: 'Impersonate' }) };
}

async function openDialog(user: ReturnType<typeof userEvent.setup>, name = 'Alice Analyst') {
  await user.click(screen.getByRole('button', { name: 'Impersonate' }));
  const dialog = await screen.findByRole('dialog', { name: `Impersonate ${name}` });
  const parts = {
    dialog,
    reason: await within(dialog).findByRole('textbox', { name: 'Reason' }),
    start: within(dialog).getByRole('button', { name: 'Start impersonation' }),
    cancel: within(dialog).getByRole('button', { name: 'Cancel' }),
  };
  await waitFor(() => expect(parts.reason).toHaveFocus());
  return parts;
}

/** Sessions the backend holds: what "one session" is measured by. */
const sessionsOf = (k: Kit) => k.api.getState().sessions;

describe('ReasonDialog', () => {
  describe('when the policy cannot be read', () => {
    it('says why and offers Try again and Cancel, so the dialog is never a dead end', async () => {
      const user = userEvent.setup();
      let down = true;
      const k = kit({ preset: 'account-admin' });
      // After the backend's own handlers, so this one answers first.
      server.use(http.get(`${BASE_URL}/policy`, () => (down ? HttpResponse.json({ error: { code: 'internal_error', message: 'down' } }, { status: 500 }) : undefined)));
      renderDialog(k);
      await user.click(screen.getByRole('button', { name: 'Impersonate' }));
      const dialog = await screen.findByRole('dialog', { name: 'Impersonate Alice Analyst' });
      await within(dialog).findByRole('button', { name: 'Try again' });
      expect(within(dialog).getByRole('button', { name: 'Cancel' })).toBeInTheDocument();

      down = false;
      await user.click(within(dialog).getByRole('button', { name: 'Try again' }));
      expect(await within(dialog).findByRole('textbox', { name: 'Reason' })).toBeInTheDocument();
    });

    it('closes with Cancel', async () => {
      const user = userEvent.setup();
      const k = kit({ preset: 'account-admin' });
      server.use(http.get(`${BASE_URL}/policy`, () => HttpResponse.json({ error: { code: 'internal_error', message: 'down' } }, { status: 500 })));
      renderDialog(k);
      await user.click(screen.getByRole('button', { name: 'Impersonate' }));
      const dialog = await screen.findByRole('dialog', { name: 'Impersonate Alice Analyst' });
      await within(dialog).findByRole('button', { name: 'Try again' });
      await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    });
  });

  describe('given the account-admin policy (reason required, 10 to 500 characters, categories)', () => {
    it('opens as "Impersonate {name}", explains what happens, and focuses the reason', async () => {
      const user = userEvent.setup();
      renderDialog(kit({ preset: 'account-admin' }));
      const { dialog, reason, start } = await openDialog(user);
      expect(dialog).toHaveAccessibleDescription(
        'You will temporarily act as Alice Analyst (alice@acme.test) and have their permissions. Everything you do is recorded in the audit log.',
      );
      expect(reason).toHaveAttribute('aria-required', 'true');
      expect(reason).toHaveAccessibleDescription(/in 10 to 500 characters\. 0 of 500 characters/);
      expect(start).toHaveAttribute('aria-disabled', 'true');
    });

    describe('when the reason is blank', () => {
      it('keeps Start disabled, and pressing it says what is missing without a request', async () => {
        const user = userEvent.setup();
        renderDialog(kit({ preset: 'account-admin' }));
        const { dialog, reason, start } = await openDialog(user);
        await user.type(reason, '      ');
        expect(start).toHaveAttribute('aria-disabled', 'true');
        await user.click(start);
        expect(within(dialog).getByText('Enter a reason.')).toBeVisible();
        expect(reason).toHaveAttribute('aria-invalid', 'true');
        expect(reason).toHaveFocus();
        // Nothing is asked of the category: the server takes a session without one.
        expect(within(dialog).getByRole('combobox', { name: 'Category' })).toHaveAttribute('aria-invalid', 'false');
        expect(requestsTo('/sessions', 'POST')).toHaveLength(0);
      });
    });

    describe('when the reason is too short', () => {
      it('says so once the field is left, counting the trimmed text as the server does', async () => {
        const user = userEvent.setup();
        renderDialog(kit({ preset: 'account-admin' }));
        const { dialog, reason, start } = await openDialog(user);
        await user.type(reason, '  Ticket 12  ');
        expect(within(dialog).getByText('9 of 500 characters')).toBeVisible();
        expect(within(dialog).queryByText('Enter at least 10 characters.')).toBeNull();
        await user.tab();
        expect(within(dialog).getByText('Enter at least 10 characters.')).toBeVisible();
        expect(reason).toHaveAccessibleDescription(/Enter at least 10 characters\./);
        expect(start).toHaveAttribute('aria-disabled', 'true');
      });
    });

    describe('when the reason is exactly the minimum', () => {
      it('enables Start, with no category chosen', async () => {
        const user = userEvent.setup();
        renderDialog(kit({ preset: 'account-admin' }));
        const { dialog, reason, start } = await openDialog(user);
        await user.type(reason, 'Ticket 12');
        expect(start).toHaveAttribute('aria-disabled', 'true');
        await user.type(reason, '3');
        expect(within(dialog).getByText('10 of 500 characters')).toBeVisible();
        expect(within(dialog).getByRole('combobox', { name: 'Category' })).toHaveValue('');
        expect(start).toHaveAttribute('aria-disabled', 'false');
      });
    });

    describe('when a valid reason is given and no category', () => {
      it('starts one session without a category: the dialog asks no more than the server', async () => {
        const user = userEvent.setup();
        const k = kit({ preset: 'account-admin' });
        const { onStarted } = renderDialog(k);
        const { start, reason } = await openDialog(user);
        await user.type(reason, GOOD_REASON);
        await user.click(start);

        await waitFor(() => expect(onStarted).toHaveBeenCalledTimes(1));
        expect(onStarted.mock.calls[0]?.[0]).toMatchObject({ reason: GOOD_REASON, reasonCategory: null });
        expect(requestsTo('/sessions', 'POST')).toHaveLength(1);
      });
    });

    describe('counting characters as people see them (grapheme clusters)', () => {
      const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';

      it('counts an emoji family as one character', async () => {
        const user = userEvent.setup();
        renderDialog(kit({ preset: 'account-admin' }));
        const { dialog, reason, start } = await openDialog(user);
        await user.click(reason);
        await user.paste(`Ticket 12${FAMILY}`);
        expect(within(dialog).getByText('10 of 500 characters')).toBeVisible();
        expect(start).toHaveAttribute('aria-disabled', 'false');
      });

      it('calls five emoji families too short, as the server does, though they are 55 code units', async () => {
        const user = userEvent.setup();
        renderDialog(kit({ preset: 'account-admin' }));
        const { dialog, reason, start } = await openDialog(user);
        await user.click(reason);
        await user.paste(FAMILY.repeat(5));
        await user.tab();
        expect(within(dialog).getByText('5 of 500 characters')).toBeVisible();
        expect(within(dialog).getByText('Enter at least 10 characters.')).toBeVisible();
        expect(start).toHaveAttribute('aria-disabled', 'true');
      });

      it.each([
        ['zero-width characters', '\u200B\u200C\u200D\uFEFF'.repeat(4)],
        ['bidi controls', '\u202E\u2066\u2067\u2069\u200F'.repeat(4)],
      ])('counts a reason of only %s as blank', async (_name, invisible) => {
        const user = userEvent.setup();
        renderDialog(kit({ preset: 'account-admin' }));
        const { dialog, reason, start } = await openDialog(user);
        await user.click(reason);
        await user.paste(invisible);
        expect(within(dialog).getByText('0 of 500 characters')).toBeVisible();
        await user.click(start);
        expect(within(dialog).getByText('Enter a reason.')).toBeVisible();
        expect(requestsTo('/sessions', 'POST')).toHaveLength(0);
      });

      it('sends the reason without its bidi controls', async () => {
        const user = userEvent.setup();
        const { onStarted } = renderDialog(kit({ preset: 'account-admin' }));
        const { reason, start } = await openDialog(user);
        await user.click(reason);
        await user.paste('\u202EReproducing ticket\u2066 4521\u2069 ');
        await user.click(start);
        await waitFor(() => expect(onStarted).toHaveBeenCalledTimes(1));
        expect(onStarted.mock.calls[0]?.[0]).toMatchObject({ reason: 'Reproducing ticket 4521' });
      });
    });

    describe('when 10,000 characters are pasted', () => {
      it('keeps them all, says the reason is too long at once, and keeps Start disabled', async () => {
        const user = userEvent.setup();
        renderDialog(kit({ preset: 'account-admin' }));
        const { dialog, reason, start } = await openDialog(user);
        await user.paste('x'.repeat(10_000));
        expect(reason).toHaveValue('x'.repeat(10_000));
        expect(within(dialog).getByText('10,000 of 500 characters')).toHaveAttribute('data-state', 'over');
        const message = within(dialog).getByText('Use at most 500 characters.');
        expect(message).toHaveAttribute('aria-live', 'polite');
        expect(reason).toHaveAttribute('aria-invalid', 'true');
        await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Category' }), 'Support');
        expect(start).toHaveAttribute('aria-disabled', 'true');
        await user.click(start);
        expect(requestsTo('/sessions', 'POST')).toHaveLength(0);
      });
    });

    it('announces only the limit messages politely, never the count', async () => {
      const user = userEvent.setup();
      renderDialog(kit({ preset: 'account-admin' }));
      const { dialog, reason } = await openDialog(user);
      await user.type(reason, 'Some words');
      const count = within(dialog).getByText('10 of 500 characters');
      expect(count.closest('[aria-live]')).toBeNull();
      const live = [...dialog.querySelectorAll('[aria-live]')];
      expect(live.map((element) => element.getAttribute('aria-live'))).toEqual(['polite', 'polite']);
      expect(live.map((element) => element.textContent)).toEqual(['', '']);
    });

    it('offers exactly the policy’s categories', async () => {
      const user = userEvent.setup();
      renderDialog(kit({ preset: 'account-admin' }));
      const { dialog } = await openDialog(user);
      const select = within(dialog).getByRole('combobox', { name: 'Category' });
      expect(select).toHaveAttribute('aria-required', 'false');
      expect(select).toHaveAccessibleDescription(/^Optional/);
      expect(within(select).getAllByRole('option').map((option) => option.textContent)).toEqual([
        'No category',
        'Troubleshooting',
        'Support',
        'Training',
        'Permission check',
      ]);
      // Left empty, it is fine: nothing to say.
      await user.click(select);
      await user.tab();
      expect(select).toHaveAttribute('aria-invalid', 'false');
    });

    describe('when a valid form is submitted', () => {
      it('starts one session with the trimmed reason and category, closes, reports it, and gives focus back', async () => {
        const user = userEvent.setup();
        const k = kit({ preset: 'account-admin' });
        const { onStarted, onOpenChange, trigger } = renderDialog(k);
        const { dialog, reason, start } = await openDialog(user);
        await user.type(reason, `  ${GOOD_REASON}  `);
        await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Category' }), 'Troubleshooting');
        await user.click(start);
        await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
        expect(onStarted).toHaveBeenCalledTimes(1);
        expect(onStarted.mock.calls[0]?.[0]).toMatchObject({ target: { id: 'u_alice' }, reason: GOOD_REASON, reasonCategory: 'Troubleshooting' });
        expect(onOpenChange).toHaveBeenLastCalledWith(false);
        expect(sessionsOf(k)).toHaveLength(1);
        await waitFor(() => expect(trigger).toHaveFocus());
      });

      it('makes one session from a double click', async () => {
        const user = userEvent.setup();
        const k = kit({ preset: 'account-admin' });
        const { onStarted } = renderDialog(k);
        const { dialog, reason, start } = await openDialog(user);
        await user.type(reason, GOOD_REASON);
        await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Category' }), 'Support');
        await user.dblClick(start);
        await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
        expect(requestsTo('/sessions', 'POST')).toHaveLength(1);
        expect(sessionsOf(k)).toHaveLength(1);
        expect(onStarted).toHaveBeenCalledTimes(1);
      });

      it('shows the pending state and cannot be closed until the server answers', async () => {
        const user = userEvent.setup();
        const k = kit({ preset: 'account-admin' });
        let release = () => {};
        const gate = new Promise<void>((resolve) => (release = resolve));
        // Holds the request, then falls through to the mock backend's own handler.
        server.use(http.post(`${BASE_URL}/sessions`, async () => void (await gate)));
        const { onStarted } = renderDialog(k);
        const { dialog, reason, start, cancel } = await openDialog(user);
        await user.type(reason, GOOD_REASON);
        await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Category' }), 'Support');
        await user.click(start);

        const pending = await within(dialog).findByRole('button', { name: 'Starting…' });
        expect(pending).toBe(start);
        expect(pending).toHaveAttribute('aria-disabled', 'true');
        expect(pending).toHaveFocus();
        expect(cancel).toHaveAttribute('aria-disabled', 'true');
        expect((await axe.run(dialog, axeOptions)).violations).toEqual([]);
        await user.keyboard('{Escape}');
        await user.click(cancel);
        await user.click(pending);
        expect(screen.getByRole('dialog')).toBe(dialog);

        release();
        await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
        expect(onStarted).toHaveBeenCalledTimes(1);
        expect(sessionsOf(k)).toHaveLength(1);
      });
    });

    describe('when the server cannot be reached', () => {
      it('says so in an alert and keeps everything typed; the next try works', async () => {
        const user = userEvent.setup();
        const k = kit({ preset: 'account-admin' });
        // Down for the whole first click: the sdk sends a start again when its answer is lost.
        let reachable = false;
        server.use(http.post(`${BASE_URL}/sessions`, () => (reachable ? undefined : HttpResponse.error())));
        const { onStarted } = renderDialog(k);
        const { dialog, reason, start } = await openDialog(user);
        await user.type(reason, GOOD_REASON);
        const category = within(dialog).getByRole('combobox', { name: 'Category' });
        await user.selectOptions(category, 'Training');
        await user.click(start);

        const alert = await within(dialog).findByRole('alert');
        expect(alert).toHaveTextContent(defaultMessages['error.network_error']);
        expect(reason).toHaveValue(GOOD_REASON);
        expect(category).toHaveValue('Training');
        expect(start).toHaveAccessibleName('Start impersonation');
        expect(start).toHaveAttribute('aria-disabled', 'false');
        expect((await axe.run(dialog, axeOptions)).violations).toEqual([]);

        reachable = true;
        await user.click(start);
        await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
        expect(onStarted).toHaveBeenCalledTimes(1);
      });
    });

    describe('when a <script> is typed as the reason', () => {
      it('stays text: in the field, in the request, and in the session', async () => {
        const user = userEvent.setup();
        const k = kit({ preset: 'account-admin' });
        const { onStarted } = renderDialog(k);
        const { dialog, reason, start } = await openDialog(user);
        const markup = '<script>alert("owned")</script> ticket 9';
        await user.click(reason);
        await user.paste(markup);
        expect(reason).toHaveValue(markup);
        expect(document.querySelector('script')).toBeNull();
        await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Category' }), 'Support');
        await user.click(start);
        await waitFor(() => expect(onStarted).toHaveBeenCalledTimes(1));
        expect(onStarted.mock.calls[0]?.[0]).toMatchObject({ reason: markup });
        expect(document.querySelector('script')).toBeNull();
      });

      it('shows a target name with markup as text', async () => {
        const user = userEvent.setup();
        const target: UserRef = { id: 'u_alice', name: '<img src=x onerror=alert(1)>', email: 'alice@acme.test' };
        renderDialog(kit({ preset: 'account-admin' }), { target });
        const dialog = (await openDialog(user, target.name)).dialog;
        expect(dialog.querySelector('img')).toBeNull();
        expect(within(dialog).getByRole('heading')).toHaveTextContent(`Impersonate ${target.name}`);
      });
    });

    it('passes axe when fresh and when showing every field message', async () => {
      const user = userEvent.setup();
      renderDialog(kit({ preset: 'account-admin' }));
      const { dialog, start } = await openDialog(user);
      expect((await axe.run(dialog, axeOptions)).violations).toEqual([]);
      await user.click(start);
      expect(within(dialog).getByText('Enter a reason.')).toBeVisible();
      expect((await axe.run(dialog, axeOptions)).violations).toEqual([]);
    });
  });

  describe('given the enterprise policy (reason optional, second factor)', () => {
    it('asks for a verification code with a numeric keypad and one-time-code autofill', async () => {
      const user = userEvent.setup();
      renderDialog(kit({ preset: 'enterprise' }));
      const { dialog, start } = await openDialog(user);
      const code = within(dialog).getByRole('textbox', { name: 'Verification code' });
      expect(code).toHaveAttribute('inputmode', 'numeric');
      expect(code).toHaveAttribute('autocomplete', 'one-time-code');
      expect(code).toHaveAttribute('aria-required', 'true');
      expect(within(dialog).queryByRole('combobox')).toBeNull();
      expect(start).toHaveAttribute('aria-disabled', 'true');
      await user.type(code, STEP_UP_CODE);
      expect(start).toHaveAttribute('aria-disabled', 'false');
      expect((await axe.run(dialog, axeOptions)).violations).toEqual([]);
    });

    describe('when the code is wrong', () => {
      it('says so in an alert, keeps reason and code, marks the code; the right code then starts', async () => {
        const user = userEvent.setup();
        const k = kit({ preset: 'enterprise' });
        const { onStarted } = renderDialog(k);
        const { dialog, reason, start } = await openDialog(user);
        const code = within(dialog).getByRole('textbox', { name: 'Verification code' });
        await user.type(reason, GOOD_REASON);
        await user.type(code, '000000{Enter}');

        expect(await within(dialog).findByRole('alert')).toHaveTextContent('That verification code is not valid.');
        expect(reason).toHaveValue(GOOD_REASON);
        expect(code).toHaveValue('000000');
        expect(code).toHaveAttribute('aria-invalid', 'true');
        expect(code).toHaveFocus();
        expect((await axe.run(dialog, axeOptions)).violations).toEqual([]);

        await user.clear(code);
        expect(within(dialog).queryByRole('alert')).toBeNull();
        await user.type(code, STEP_UP_CODE);
        await user.click(start);
        await waitFor(() => expect(onStarted).toHaveBeenCalledTimes(1));
        expect(onStarted.mock.calls[0]?.[0]).toMatchObject({ reason: GOOD_REASON });
      });

      it('after a click on Start, selects the refused code and focuses it, so typing replaces it', async () => {
        const user = userEvent.setup();
        const { onStarted } = renderDialog(kit({ preset: 'enterprise' }));
        const { dialog, reason, start } = await openDialog(user);
        const code = within(dialog).getByRole('textbox', { name: 'Verification code' });
        await user.type(reason, GOOD_REASON);
        await user.type(code, '000000');
        await user.click(start);

        expect(await within(dialog).findByRole('alert')).toHaveTextContent('That verification code is not valid.');
        await waitFor(() => expect(code).toHaveFocus());
        const input = code as HTMLInputElement;
        expect([input.selectionStart, input.selectionEnd]).toEqual([0, 6]);
        await user.keyboard(`${STEP_UP_CODE}{Enter}`);
        expect(code).toHaveValue(STEP_UP_CODE);
        await waitFor(() => expect(onStarted).toHaveBeenCalledTimes(1));
      });

      it('ends in the rate limit after ten tries in a minute', async () => {
        const user = userEvent.setup();
        const k = kit({ preset: 'enterprise' });
        renderDialog(k);
        const { dialog, start } = await openDialog(user);
        await user.type(within(dialog).getByRole('textbox', { name: 'Verification code' }), '999999');
        for (let attempt = 0; attempt < MAX_STARTS_PER_MINUTE; attempt += 1) {
          await user.click(start);
          await within(dialog).findByText('That verification code is not valid.');
        }
        await user.click(start);
        expect(await within(dialog).findByRole('alert')).toHaveTextContent(defaultMessages['error.rate_limited']);
        expect(requestsTo('/sessions', 'POST')).toHaveLength(MAX_STARTS_PER_MINUTE + 1);
      });
    });
  });

  describe('given the consent policy (reason optional, no categories)', () => {
    it('marks the reason optional and starts with none', async () => {
      const user = userEvent.setup();
      const k = kit({ preset: 'consent' });
      const { onStarted } = renderDialog(k);
      const { dialog, reason, start } = await openDialog(user);
      expect(reason).toHaveAttribute('aria-required', 'false');
      expect(reason).toHaveAccessibleDescription(/^Optional Say why you need to act as this user, in up to 500 characters\./);
      expect(within(dialog).queryByRole('combobox')).toBeNull();
      expect(start).toHaveAttribute('aria-disabled', 'false');
      await user.click(start);
      await waitFor(() => expect(onStarted).toHaveBeenCalledTimes(1));
      expect(onStarted.mock.calls[0]?.[0]).toMatchObject({ target: { id: 'u_alice' }, reason: null });
    });

    describe('when the target has not consented', () => {
      it('shows the refusal and keeps the reason', async () => {
        const user = userEvent.setup();
        renderDialog(kit({ preset: 'consent' }), { target: person('u_bob') });
        const { dialog, reason, start } = await openDialog(user, 'Bob Viewer');
        await user.type(reason, 'Checking the report');
        await user.click(start);
        expect(await within(dialog).findByRole('alert')).toHaveTextContent("This user hasn't allowed impersonation.");
        expect(reason).toHaveValue('Checking the report');
        expect(screen.getByRole('dialog')).toBe(dialog);
      });
    });
  });

  describe('closing', () => {
    it.each([
      ['Escape', async (user: ReturnType<typeof userEvent.setup>) => user.keyboard('{Escape}')],
      ['Cancel', async (user: ReturnType<typeof userEvent.setup>) => user.click(screen.getByRole('button', { name: 'Cancel' }))],
    ])('%s closes without a request and gives focus back to the trigger', async (_name, close) => {
      const user = userEvent.setup();
      const { onOpenChange, trigger } = renderDialog(kit({ preset: 'account-admin' }));
      const { reason } = await openDialog(user);
      await user.type(reason, 'Half a thought');
      await close(user);
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect(onOpenChange).toHaveBeenLastCalledWith(false);
      await waitFor(() => expect(trigger).toHaveFocus());
      expect(requestsTo('/sessions', 'POST')).toHaveLength(0);
    });

    it('reopens with an empty form', async () => {
      const user = userEvent.setup();
      renderDialog(kit({ preset: 'account-admin' }));
      const first = await openDialog(user);
      await user.type(first.reason, 'Half a thought');
      await user.keyboard('{Escape}');
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      const second = await openDialog(user);
      expect(second.reason).toHaveValue('');
    });

    it('traps focus while open', async () => {
      const user = userEvent.setup();
      renderDialog(kit({ preset: 'enterprise' }));
      const { dialog, reason } = await openDialog(user);
      for (let step = 0; step < 6; step += 1) {
        await user.tab();
        expect(dialog).toContainElement(document.activeElement as HTMLElement);
      }
      reason.focus();
      await user.tab({ shift: true });
      expect(within(dialog).getByRole('button', { name: 'Start impersonation' })).toHaveFocus();
    });

    it('follows its host when controlled', async () => {
      const user = userEvent.setup();
      const k = kit({ preset: 'consent' });
      const onStarted = vi.fn();
      function Host() {
        const [open, setOpen] = useState(false);
        return (
          <>
            <button type="button" onClick={() => setOpen(true)}>
              Impersonate
            </button>
            <p>{open ? 'open' : 'closed'}</p>
            <ReasonDialog target={person('u_alice')} open={open} onOpenChange={setOpen} onStarted={onStarted} />
          </>
        );
      }
      render(<Host />, { wrapper: k.wrapper });
      const { start } = await openDialog(user);
      expect(screen.getByText('open')).toBeInTheDocument();
      await user.click(start);
      await waitFor(() => expect(screen.getByText('closed')).toBeInTheDocument());
      expect(onStarted).toHaveBeenCalledTimes(1);
      await waitFor(() => expect(screen.getByRole('button', { name: 'Impersonate' })).toHaveFocus());
    });
  });
});
