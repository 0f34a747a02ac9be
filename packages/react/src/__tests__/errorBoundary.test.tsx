// No kit part can take the host page down: whatever one meets while rendering (a broken client, a
// broken messages table, a hostile answer), it shows one compact alert and the host stays mounted.
import type { ReactElement } from 'react';
import { render, screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEvent, ImpersonationClient } from '@impersonate-kit/sdk';
import { ImpersonationProvider } from '../ImpersonationProvider';
import { AuditTable } from '../components/AuditTable';
import { ConsentSettings } from '../components/ConsentSettings';
import { CountdownBanner } from '../components/CountdownBanner';
import { ImpersonateMenuItem } from '../components/ImpersonateMenuItem';
import { ReasonDialog } from '../components/ReasonDialog';
import { SessionEndedPrompt } from '../components/SessionEndedPrompt';
import type { Messages } from '../messages';
import { GOOD_START, setupKitServer } from './kitHarness';

const { kit } = setupKitServer();

const FAILED = "Couldn't show this impersonation control. Reload the page to try again.";
const alice = { id: 'u_alice', name: 'Alice Analyst', email: 'alice@acme.test' };

const parts: Array<[string, () => ReactElement]> = [
  ['ImpersonateMenuItem', () => <ImpersonateMenuItem user={alice} />],
  ['ReasonDialog', () => <ReasonDialog target={alice} defaultOpen />],
  ['CountdownBanner', () => <CountdownBanner />],
  ['SessionEndedPrompt', () => <SessionEndedPrompt />],
  ['ConsentSettings', () => <ConsentSettings />],
  ['AuditTable', () => <AuditTable />],
];

/** A real client whose stores throw when read: the worst a host can hand the kit. */
function brokenClient(client: ImpersonationClient): ImpersonationClient {
  const boom = () => {
    throw new Error('broken client');
  };
  return { ...client, session: { ...client.session, getSnapshot: boom }, viewer: { ...client.viewer, getSnapshot: boom } };
}

/** The part inside the provider, beside the host's own content. */
function renderInHost(client: ImpersonationClient, part: ReactElement, messages?: Partial<Messages>) {
  return render(
    <ImpersonationProvider client={client} messages={messages}>
      <main>
        <h1>Host page</h1>
        <button type="button">Host action</button>
        {part}
      </main>
    </ImpersonationProvider>,
  );
}

let consoleError: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  // React reports every error a boundary caught on the console: expected here, and checked below.
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('error boundaries', () => {
  describe('given a client whose stores throw when read', () => {
    it.each(parts)('%s shows a compact alert and the host page stays', (_name, part) => {
      const { client } = kit();
      renderInHost(brokenClient(client), part());

      const alert = screen.getByRole('alert');
      expect(alert).toHaveTextContent(FAILED);
      expect(alert).toHaveAttribute('data-state', 'error');
      expect(screen.getByRole('heading', { name: 'Host page' })).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Host action' })).toBeEnabled();
      expect(consoleError).toHaveBeenCalled();
    });

    it('fails each part on its own: six parts, six alerts, one host', () => {
      const { client } = kit();
      renderInHost(
        brokenClient(client),
        <>
          {parts.map(([name, part]) => (
            <div key={name}>{part()}</div>
          ))}
        </>,
      );

      expect(screen.getAllByRole('alert')).toHaveLength(parts.length);
      expect(screen.getByRole('heading', { name: 'Host page' })).toBeInTheDocument();
    });

    it('keeps a failed menu item a disabled menu item, so the host menu stays valid', async () => {
      const { client } = kit();
      const { container } = renderInHost(
        brokenClient(client),
        <div role="menu" aria-label="Row actions">
          <ImpersonateMenuItem user={alice} />
        </div>,
      );

      const item = within(screen.getByRole('menu')).getByRole('menuitem');
      expect(item).toHaveAttribute('aria-disabled', 'true');
      expect(within(item).getByRole('alert')).toHaveTextContent(FAILED);
      const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
      expect(result.violations).toEqual([]);
    });
  });

  describe('given a messages table that throws when read', () => {
    it('shows the default strings for what cannot be read, the host’s own for the rest', async () => {
      const k = kit();
      await k.client.session.start(GOOD_START);
      const messages = Object.defineProperties({} as Partial<Messages>, {
        'banner.title': {
          enumerable: true,
          get() {
            throw new Error('broken messages');
          },
        },
        'banner.end': { enumerable: true, value: 'Stop impersonating' },
      });
      renderInHost(k.client, <CountdownBanner />, messages);

      const banner = await screen.findByRole('region', { name: 'Impersonation' });
      expect(banner).toHaveTextContent('You are impersonating Alice Analyst (alice@acme.test)');
      expect(within(banner).getByRole('button', { name: 'Stop impersonating' })).toBeInTheDocument();
      expect(screen.getByRole('heading', { name: 'Host page' })).toBeInTheDocument();
      expect(screen.queryByRole('alert')).toBeNull();
    });
  });

  describe('given an audit event no table can render (an impossible time)', () => {
    it('shows the alert in place of the table; the banner beside it is untouched', async () => {
      const { client } = kit();
      const hostile: AuditEvent = {
        id: 'evt_bad_time',
        at: 'not a time',
        type: 'impersonation.started',
        sessionId: 'imp_1',
        actor: alice,
        impersonator: alice,
        impersonated: alice,
        reason: null,
        request: null,
        endReason: null,
      };
      // Past the sdk's checks, as a client a host built itself could hand it over.
      const hostileClient: ImpersonationClient = { ...client, listEvents: () => Promise.resolve({ items: [hostile], nextCursor: null }) };
      await client.session.start(GOOD_START);
      renderInHost(
        hostileClient,
        <>
          <CountdownBanner />
          <AuditTable />
        </>,
      );

      expect(await screen.findByRole('alert')).toHaveTextContent(FAILED);
      expect(screen.queryByRole('table')).toBeNull();
      expect(screen.getByRole('region', { name: 'Impersonation' })).toHaveTextContent('You are impersonating Alice Analyst');
      expect(screen.getByRole('heading', { name: 'Host page' })).toBeInTheDocument();
    });
  });
});
