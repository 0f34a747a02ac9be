import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import type { ImpersonationClient } from '@impersonate-kit/sdk';
import { ImpersonationProvider } from '../ImpersonationProvider';
import { AuditTable } from './AuditTable';
import { ConsentSettings } from './ConsentSettings';
import { CountdownBanner } from './CountdownBanner';
import { ImpersonateMenuItem } from './ImpersonateMenuItem';
import { SessionEndedPrompt } from './SessionEndedPrompt';

// What a host sees when a kit part cannot render: one compact alert in its place, the page intact.
// The story's client comes from the real mock backend (.storybook/mockStory.tsx), then is broken on
// purpose: its stores throw when read, the worst a host could hand the kit.

/** The part of `context.loaded.impersonation` these stories use. */
interface Loaded {
  client: ImpersonationClient;
}

/** The story's client, with stores that throw whenever they are read. */
function broken(client: ImpersonationClient): ImpersonationClient {
  const boom = () => {
    throw new Error('impersonate-kit story: this client is broken on purpose');
  };
  return { ...client, session: { ...client.session, getSnapshot: boom }, viewer: { ...client.viewer, getSnapshot: boom } };
}

const FAILED = "Couldn't show this impersonation control. Reload the page to try again.";
const alice = { id: 'u_alice', name: 'Alice Analyst', email: 'alice@acme.test' };

const meta = {
  title: 'Components/Error boundary',
  // The story renders its own provider, around the broken client.
  parameters: { layout: 'padded', impersonation: { preset: 'account-admin', viewer: 'u_owner', wrap: false } },
  render: (_args, context) => (
    <ImpersonationProvider client={broken((context.loaded.impersonation as Loaded).client)}>
      <main>
        <h1>Acme Console</h1>
        <p>The host page keeps working while each kit part below reports its failure.</p>
        <CountdownBanner />
        <div role="menu" aria-label="Actions for Alice Analyst">
          <ImpersonateMenuItem user={alice} />
        </div>
        <SessionEndedPrompt />
        <ConsentSettings />
        <AuditTable />
      </main>
    </ImpersonationProvider>
  ),
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every part failed on its own: five compact alerts from the messages table, and the host's heading still there. */
export const FailedParts: Story = {
  play: async ({ canvas }) => {
    const alerts = await canvas.findAllByRole('alert');
    await expect(alerts).toHaveLength(5);
    for (const alert of alerts) await expect(alert).toHaveTextContent(FAILED);
    await expect(canvas.getByRole('menuitem')).toHaveAttribute('aria-disabled', 'true');
    await expect(canvas.getByRole('heading', { name: 'Acme Console' })).toBeVisible();
  },
};
