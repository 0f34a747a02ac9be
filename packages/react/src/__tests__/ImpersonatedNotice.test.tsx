import { act, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient } from '@tanstack/react-query';
import axe from 'axe-core';
import { createImpersonationClient } from '@impersonate-kit/sdk';
import type { ImpersonationClient } from '@impersonate-kit/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImpersonatedNotice } from '../components/ImpersonatedNotice';
import type { ImpersonatedNoticeProps } from '../components/ImpersonatedNotice';
import { ConsentSettings } from '../components/ConsentSettings';
import { formatDateTime } from '../format';
import { useImpersonatedBy } from '../hooks/useImpersonatedBy';
import { BASE_URL, T0, setupKitServer } from './kitHarness';
import type { Kit } from './kitHarness';

const { kit } = setupKitServer();

const LOCALE = 'en-US';
const others: ImpersonationClient[] = [];
afterEach(() => {
  for (const other of others.splice(0)) other.destroy();
});

/** A client signed in as `userId` through the mock's bearer header, on the test's clock. */
function clientAs(k: Kit, userId: string): ImpersonationClient {
  const client = createImpersonationClient({ baseUrl: BASE_URL, clock: k.clock, crossTab: false, headers: { Authorization: `Bearer demo:${userId}` } });
  others.push(client);
  return client;
}

/** Bob (consent preset) with consent for 24 h; `before` runs other users' steps over HTTP. */
function world(options: { preset?: 'consent' | 'account-admin'; before?: (k: Kit) => Promise<void> } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const k = kit({ preset: options.preset ?? 'consent', viewer: 'u_bob', provider: { locale: LOCALE, queryClient } });
  return { k, ready: (async () => {
    if ((options.preset ?? 'consent') === 'consent') await clientAs(k, 'u_bob').consent.grant({ durationHours: 24 });
    await options.before?.(k);
  })() };
}

/** Adam starts a session as Bob, 10 minutes after T0. */
async function adamActsAsBob(k: Kit) {
  k.clock.advance(10 * 60_000);
  await clientAs(k, 'u_admin').session.start({ targetUserId: 'u_bob', reason: 'Ticket 4521: export fails' });
}

async function renderNotice(props: ImpersonatedNoticeProps = {}, options: Parameters<typeof world>[0] = { before: adamActsAsBob }) {
  const { k, ready } = world(options);
  await ready;
  const user = userEvent.setup();
  const view = render(<ImpersonatedNotice {...props} />, { wrapper: k.wrapper });
  return { ...k, ...view, user };
}

const NOTICE = 'Adam Admin is acting as you right now';

describe('ImpersonatedNotice', () => {
  it('says who is acting as the viewer, since when and why', async () => {
    const { container } = await renderNotice();
    const notice = await screen.findByRole('region', { name: NOTICE });
    const since = formatDateTime(new Date(T0 + 10 * 60_000).toISOString(), LOCALE);
    expect(notice).toHaveTextContent(`Since ${since} · Reason: Ticket 4521: export fails`);
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((violation) => violation.id)).toEqual([]);
  });

  it('says when no reason was given', async () => {
    await renderNotice({}, { before: (k) => clientAs(k, 'u_admin').session.start({ targetUserId: 'u_bob' }).then(() => {}) });
    expect(await screen.findByRole('region', { name: NOTICE })).toHaveTextContent('No reason given');
  });

  it('shows nothing while nobody acts as the viewer', async () => {
    const { container, wrapper } = await renderNotice({}, {});
    // Once the same query has answered, the notice has had its chance to show.
    const { result } = renderHook(() => useImpersonatedBy(), { wrapper });
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    expect(result.current.sessions).toEqual([]);
    expect(screen.queryByRole('region')).not.toBeInTheDocument();
    expect(container.querySelector('.ik-notice')).toBeNull();
  });

  it('Revoke consent asks first, and revoking ends the session and the notice', async () => {
    const { user, ...k } = await renderNotice();
    const notice = await screen.findByRole('region', { name: NOTICE });
    await user.click(within(notice).getByRole('button', { name: 'Revoke consent' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Revoke consent?' });
    expect(within(dialog).getByRole('button', { name: 'Keep consent' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));

    await waitFor(() => expect(screen.queryByRole('region', { name: NOTICE })).not.toBeInTheDocument());
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    const { items } = await clientAs(k, 'u_admin').listSessions({ role: 'impersonator' });
    expect(items.map((session) => [session.status, session.endReason])).toEqual([['ended', 'consent_revoked']]);
  });

  it('offers no Revoke where consent does not apply (the policy does not require it)', async () => {
    await renderNotice({}, { preset: 'account-admin', before: async (k) => {
      // Under account-admin the owner starts it, with the required reason; Bob logged in before.
      k.clock.advance(10 * 60_000);
      await clientAs(k, 'u_owner').session.start({ targetUserId: 'u_bob', reason: 'Reproducing the export bug' });
    } });
    const notice = await screen.findByRole('region', { name: 'Olivia Owner is acting as you right now' });
    expect(within(notice).queryByRole('button', { name: 'Revoke consent' })).not.toBeInTheDocument();
  });

  it('"See what they do" calls onShowAudit with the session', async () => {
    const onShowAudit = vi.fn();
    const { user } = await renderNotice({ onShowAudit });
    const notice = await screen.findByRole('region', { name: NOTICE });
    await user.click(within(notice).getByRole('button', { name: 'See what they do' }));
    expect(onShowAudit).toHaveBeenCalledTimes(1);
    expect(onShowAudit.mock.calls[0]?.[0]).toMatchObject({ status: 'active', impersonator: { id: 'u_admin' }, target: { id: 'u_bob' } });
  });

  it('"See what they do" links to auditHref', async () => {
    await renderNotice({ auditHref: '/settings#audit' });
    const notice = await screen.findByRole('region', { name: NOTICE });
    expect(within(notice).getByRole('link', { name: 'See what they do' })).toHaveAttribute('href', '/settings#audit');
  });

  it('offers no "See what they do" when the host gives neither', async () => {
    await renderNotice();
    const notice = await screen.findByRole('region', { name: NOTICE });
    expect(within(notice).queryByText('See what they do')).not.toBeInTheDocument();
  });
});

describe('useImpersonatedBy', () => {
  it('returns the active sessions acting as the viewer, not the ended ones', async () => {
    const { k, ready } = world({
      before: async (k2) => {
        const owner = clientAs(k2, 'u_owner');
        await owner.session.start({ targetUserId: 'u_bob' });
        await owner.session.end();
        await adamActsAsBob(k2);
      },
    });
    await ready;
    const { result } = renderHook(() => useImpersonatedBy(), { wrapper: k.wrapper });
    expect(result.current.isLoading).toBe(true);
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    expect(result.current.error).toBeNull();
    expect(result.current.sessions.map((session) => [session.impersonator.id, session.status])).toEqual([['u_admin', 'active']]);
  });

  it('reports the error when the sessions cannot be read', async () => {
    const { k, ready } = world();
    await ready;
    k.api.signIn(null);
    const { result } = renderHook(() => useImpersonatedBy(), { wrapper: k.wrapper });
    await waitFor(() => expect(result.current.error).toMatchObject({ code: 'unauthenticated' }));
    expect(result.current.sessions).toEqual([]);
  });
});

describe('ConsentSettings while someone acts as the viewer', () => {
  it('shows the notice at the top; Revoke opens the same confirmation; "See what they do" opens that session\'s audit', async () => {
    const { k, ready } = world({ before: adamActsAsBob });
    await ready;
    const user = userEvent.setup();
    render(<ConsentSettings />, { wrapper: k.wrapper });
    const section = screen.getByRole('region', { name: 'Impersonation consent' });
    const notice = await within(section).findByRole('region', { name: NOTICE });
    // At the top: right under the heading, before the description and the form.
    expect(section.querySelector('h2')?.nextElementSibling).toBe(notice);

    await user.click(within(notice).getByRole('button', { name: 'See what they do' }));
    const toggle = await screen.findByRole('button', { name: 'Hide audit log' }, { timeout: 4000 });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveFocus();
    expect(await screen.findByRole('table', { name: 'Impersonation audit log' })).toBeInTheDocument();

    await user.click(within(notice).getByRole('button', { name: 'Revoke consent' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Revoke consent?' });
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(within(section).queryByRole('region', { name: NOTICE })).not.toBeInTheDocument());
    expect(await within(section).findByText('You revoked your consent.')).toBeInTheDocument();
    await act(async () => {});
  });
});
