/**
 * One story per component, shared by the German and right-to-left files: each renders the component
 * in a state that shows most of its words, on the real mock backend, and its play function waits for
 * that state (in the language of the file's `words`).
 */
import type { StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { AuditTable } from '../../packages/react/src/components/AuditTable';
import { ConsentSettings } from '../../packages/react/src/components/ConsentSettings';
import { CountdownBanner } from '../../packages/react/src/components/CountdownBanner';
import { ImpersonateMenuItem } from '../../packages/react/src/components/ImpersonateMenuItem';
import { ReasonDialog } from '../../packages/react/src/components/ReasonDialog';
import { SessionEndedPrompt } from '../../packages/react/src/components/SessionEndedPrompt';
import type { Messages } from '../../packages/react/src/messages';
import { mockBackend } from '../mockStory';
import type { ImpersonationParameters, SetupTools } from '../mockStory';

const SLOW = { timeout: 8000 };
const START = { targetUserId: 'u_alice', reason: 'Ticket #4521: export is empty', reasonCategory: 'Troubleshooting' };

/** The kit's stories in one language: `words` are that language's messages; `backend` adds provider props and the cast. */
export function kitStories(words: Messages, backend: ImpersonationParameters) {
  const story = (impersonation: ImpersonationParameters, rest: StoryObj): StoryObj => ({
    ...rest,
    parameters: { layout: 'fullscreen', impersonation: mockBackend({ ...backend, ...impersonation }) },
  });
  const target = { id: 'u_alice', name: backend.mock?.users?.find((user) => user.id === 'u_alice')?.name ?? 'Alice Analyst', email: 'alice@acme.test' };
  const title = (template: string) => template.replace('{name}', target.name);
  const owner = backend.mock?.users?.find((user) => user.id === 'u_owner')?.name ?? 'Olivia Owner';

  return {
    MenuItem: story(
      { preset: 'account-admin' },
      {
        name: 'ImpersonateMenuItem',
        render: () => (
          <div role="menu" aria-label={target.name}>
            <ImpersonateMenuItem user={target} />
          </div>
        ),
        play: async ({ canvas }) => {
          await expect(await canvas.findByRole('menuitem', { name: words['menuItem.label'] }, SLOW)).toBeVisible();
        },
      },
    ),
    ReasonDialog: story(
      { preset: 'enterprise' },
      {
        name: 'ReasonDialog',
        render: () => <ReasonDialog target={target} defaultOpen />,
        play: async ({ canvasElement }) => {
          const page = within(canvasElement.ownerDocument.body);
          const dialog = await page.findByRole('dialog', { name: title(words['reasonDialog.title']) }, SLOW);
          await within(dialog).findByRole('button', { name: words['reasonDialog.start'] }, SLOW);
          await expect(await within(dialog).findByRole('textbox', { name: words['reasonDialog.stepUp'] }, SLOW)).toBeVisible();
        },
      },
    ),
    CountdownBanner: story(
      { preset: 'account-admin', setup: async ({ as }: SetupTools) => void (await as('u_owner').session.start(START)) },
      {
        name: 'CountdownBanner',
        render: () => <CountdownBanner />,
        play: async ({ canvas }) => {
          const banner = await canvas.findByRole('region', { name: words['banner.label'] }, SLOW);
          await expect(within(banner).getByRole('button', { name: words['banner.end'] })).toBeVisible();
        },
      },
    ),
    SessionEndedPrompt: story(
      { preset: 'account-admin', setup: async ({ as }: SetupTools) => void (await as('u_owner').session.start(START)) },
      {
        name: 'SessionEndedPrompt',
        render: () => (
          <>
            <CountdownBanner />
            <SessionEndedPrompt />
          </>
        ),
        play: async ({ canvas, canvasElement }) => {
          const banner = await canvas.findByRole('region', { name: words['banner.label'] }, SLOW);
          await userEvent.click(within(banner).getByRole('button', { name: words['banner.end'] }));
          // A deliberate End opens no dialog: a polite status says who you are again, with a quiet Restart.
          const page = within(canvasElement.ownerDocument.body);
          const back = words['endedPrompt.backAs'].replace('{name}', owner);
          const status = await page.findByText(back, undefined, SLOW);
          await expect(status.closest('[role="status"]')).not.toBeNull();
          await expect(await page.findByRole('button', { name: words['endedPrompt.restart'] }, SLOW)).toBeVisible();
          await expect(page.queryByRole('alertdialog')).not.toBeInTheDocument();
        },
      },
    ),
    ConsentSettings: story(
      { preset: 'consent', viewer: 'u_alice', setup: async ({ as }: SetupTools) => void (await as('u_alice').consent.grant({ durationHours: 24 })) },
      {
        name: 'ConsentSettings',
        render: () => <ConsentSettings />,
        play: async ({ canvas }) => {
          await canvas.findByRole('heading', { name: words['consent.heading'] }, SLOW);
          await canvas.findByText(words['consent.statusActive'], undefined, SLOW);
          await canvas.findByText(words['consent.sessionsEmpty'], undefined, SLOW);
        },
      },
    ),
    AuditTable: story(
      {
        preset: 'account-admin',
        setup: async ({ as }: SetupTools) => {
          await as('u_owner').session.start(START);
          await as('u_owner').session.end();
        },
      },
      {
        name: 'AuditTable',
        render: () => <AuditTable height={320} />,
        play: async ({ canvas }) => {
          await canvas.findByRole('table', { name: words['audit.label'] }, SLOW);
          await expect((await canvas.findAllByText(words['audit.type.impersonation.started'], undefined, SLOW)).length).toBeGreaterThan(0);
        },
      },
    ),
  };
}
