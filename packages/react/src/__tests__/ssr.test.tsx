// @vitest-environment node
// Server rendering: no window, no document, no effects. Every component must render inside the
// provider there, whether the client has read nothing yet or already knows the session.
import type { ReactElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AuditTable } from '../components/AuditTable';
import { ConsentSettings } from '../components/ConsentSettings';
import { CountdownBanner } from '../components/CountdownBanner';
import { ImpersonateMenuItem } from '../components/ImpersonateMenuItem';
import { ReasonDialog } from '../components/ReasonDialog';
import { SessionEndedPrompt } from '../components/SessionEndedPrompt';
import { GOOD_START, setupKitServer } from './kitHarness';
import type { Kit } from './kitHarness';

const { kit, requests } = setupKitServer();

const alice = { id: 'u_alice', name: 'Alice Analyst', email: 'alice@acme.test' };

const components: Array<[string, () => ReactElement]> = [
  ['ImpersonateMenuItem', () => <ImpersonateMenuItem user={alice} />],
  ['ReasonDialog', () => <ReasonDialog target={alice} defaultOpen />],
  ['CountdownBanner', () => <CountdownBanner />],
  ['SessionEndedPrompt', () => <SessionEndedPrompt />],
  ['ConsentSettings', () => <ConsentSettings />],
  ['AuditTable', () => <AuditTable />],
];

function serverRender({ wrapper: Wrapper }: Kit, element: ReactElement): string {
  return renderToString(<Wrapper>{element}</Wrapper>);
}

describe('server rendering', () => {
  it('runs with no window and no document', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  describe('given a client that has read nothing yet', () => {
    it.each(components)('%s renders inside the provider, and asks the server nothing', (_name, element) => {
      const setup = kit();

      expect(() => serverRender(setup, element())).not.toThrow();
      expect(requests).toEqual([]);
    });
  });

  describe('given a client that knows a session that just ended', () => {
    it.each(components)('%s renders inside the provider, and asks the server nothing', async (_name, element) => {
      const setup = kit();
      await setup.client.session.start(GOOD_START);
      await setup.client.session.end();
      requests.length = 0;

      expect(() => serverRender(setup, element())).not.toThrow();
      expect(requests).toEqual([]);
    });
  });

  describe('given a client that knows an active session', () => {
    async function activeKit() {
      const setup = kit();
      await setup.client.session.start(GOOD_START);
      requests.length = 0;
      return setup;
    }

    it.each(components)('%s renders inside the provider, and asks the server nothing', async (_name, element) => {
      const setup = await activeKit();

      expect(() => serverRender(setup, element())).not.toThrow();
      expect(requests).toEqual([]);
    });

    it('CountdownBanner renders who is impersonated, why, and the time left', async () => {
      const html = serverRender(await activeKit(), <CountdownBanner />);

      expect(html).toContain('You are impersonating Alice Analyst (alice@acme.test)');
      expect(html).toContain('Reproducing a dashboard bug');
      expect(html).toContain('30:00');
      expect(html).toContain('End session');
    });

    it('ImpersonateMenuItem renders for a viewer who holds the permission', async () => {
      const html = serverRender(await activeKit(), <ImpersonateMenuItem user={alice} />);

      expect(html).toContain('role="menuitem"');
      expect(html).toContain('Impersonate user');
    });
  });
});
