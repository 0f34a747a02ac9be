import type { Meta, StoryObj } from '@storybook/react-vite';
import { de } from '../../packages/react/src/locales/de';
import { kitStories } from './kitStories';

// Every component in German: `<ImpersonationProvider locale="de" messages={de}>`, the table shipped as
// `@impersonate-kit/react/locales/de`. Each story's play function finds the German words.
const german = kitStories(de, { provider: { locale: 'de', messages: de } });

const meta = {
  title: 'I18n/German',
  parameters: { docs: { description: { component: 'Every component with `locale="de"` and `messages={de}`.' } } },
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

/** Der Menüeintrag „Identität übernehmen“. */
export const MenuItem: Story = german.MenuItem;
/** Der Dialog mit Begründung und Bestätigungscode (enterprise). */
export const ReasonDialog: Story = german.ReasonDialog;
/** Das Banner während einer Sitzung. */
export const CountdownBanner: Story = german.CountdownBanner;
/** Die Meldung nach „Sitzung beenden“. */
export const SessionEndedPrompt: Story = german.SessionEndedPrompt;
/** Die Einstellungen zur Zustimmung, mit erteilter Zustimmung. */
export const ConsentSettings: Story = german.ConsentSettings;
/** Das Prüfprotokoll nach einer Sitzung. */
export const AuditTable: Story = german.AuditTable;
