import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { useImpersonation } from '../../packages/react/src/hooks/useImpersonation';
import { useViewer } from '../../packages/react/src/hooks/useViewer';
import { getImpersonation, withMockApi } from '../mockStory';

/** What the story's provider sees: the signed-in viewer, the policy and the session. */
function BackendProbe() {
  const { viewer, policy } = useViewer();
  const { state } = useImpersonation();
  return (
    <main>
      <h1>Mock backend</h1>
      <dl>
        <dt>Viewer</dt>
        <dd>{viewer?.user.name ?? 'loading'}</dd>
        <dt>Policy</dt>
        <dd>{policy?.preset ?? 'loading'}</dd>
        <dt>Session</dt>
        <dd>{state.session && state.status === 'active' ? `impersonating ${state.session.target.name}` : state.status}</dd>
      </dl>
    </main>
  );
}

const meta = {
  title: 'Story helpers/Mock backend',
  component: BackendProbe,
} satisfies Meta<typeof BackendProbe>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A fresh backend for the consent preset, signed in as Olivia. */
export const SignedIn: Story = {
  ...withMockApi({ preset: 'consent', viewer: 'u_owner' }),
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Olivia Owner')).toBeInTheDocument();
    await expect(canvas.getByText('consent')).toBeInTheDocument();
    await expect(await canvas.findByText('idle')).toBeInTheDocument();
  },
};

/** Setup runs over HTTP: Alice consents and Olivia starts a session before the story renders. */
export const SessionStartedInSetup: Story = {
  ...withMockApi({
    preset: 'consent',
    viewer: 'u_owner',
    setup: async ({ as }) => {
      await as('u_alice').consent.grant({ durationHours: 24 });
      await as('u_owner').session.start({ targetUserId: 'u_alice', reason: 'Checking the export bug' });
    },
  }),
  play: async (context) => {
    const { canvas } = context;
    await expect(await canvas.findByText('impersonating Alice Analyst')).toBeInTheDocument();
    // Alice revokes her consent through the backend: the story's client sees the session end.
    const { as, client } = getImpersonation(context);
    await as('u_alice').consent.revoke();
    await client.session.refresh();
    await waitFor(() => expect(canvas.getByText('ended')).toBeInTheDocument());
    await expect(client.session.getSnapshot().endReason).toBe('consent_revoked');
  },
};
