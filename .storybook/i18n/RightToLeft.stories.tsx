import type { Meta, StoryObj } from '@storybook/react-vite';
import { DEFAULT_CAST } from '../../packages/mock-api/src';
import { defaultMessages } from '../../packages/react/src/messages';
import { kitStories } from './kitStories';

// Every component mirrored (`dir="rtl"` on <html>, the toolbar's Direction), with Arabic and Hebrew
// names and emails from the backend, so bidirectional text sits inside the kit's layout.
const NAMES: Record<string, string> = {
  u_owner: 'ليلى حداد',
  u_admin: 'עמית לוי',
  u_ada: 'سلمى خوري',
  u_alice: 'נועה כהן',
  u_bob: 'يوسف منصور',
  u_bill: 'דניאל מזרחי',
  u_nora: 'نورة العلي',
  u_sam: 'שרה אברהם',
};
const users = DEFAULT_CAST.map((user) => ({ ...user, name: NAMES[user.id] ?? user.name }));
const rtl = kitStories(defaultMessages, { mock: { users } });

const meta = {
  title: 'I18n/Right to left',
  globals: { dir: 'rtl' },
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

/** The menu item for נועה כהן, mirrored. */
export const MenuItem: Story = rtl.MenuItem;
/** The reason dialog (enterprise: with the code), mirrored, after an empty submit. */
export const ReasonDialog: Story = rtl.ReasonDialog;
/** The banner while ليلى حداد impersonates נועה כהן. */
export const CountdownBanner: Story = rtl.CountdownBanner;
/** After End session: the polite "back as" status with a quiet Restart. */
export const SessionEndedPrompt: Story = rtl.SessionEndedPrompt;
/** Consent settings of נועה כהן, consent given. */
export const ConsentSettings: Story = rtl.ConsentSettings;
/** The audit log after one session. */
export const AuditTable: Story = rtl.AuditTable;
