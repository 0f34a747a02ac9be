// Each preset wears its product's words (from that product's help page) through the kit's `messages`,
// and its colours through CSS variables keyed on <html data-preset>: a host matches its product without forking.
import type { Messages } from '@impersonate-kit/react';
import type { DemoPreset } from './demoApi';

/** Per preset, the kit messages that differ from the defaults (account-admin's words are the kit's own). */
export const PRESET_MESSAGES: Record<DemoPreset, Partial<Messages>> = {
  'account-admin': {},
  // "The UI shows a yellow banner: 'You are impersonating [user email]' … Click Stop impersonating in the banner."
  enterprise: { 'banner.title': 'You are impersonating {email}', 'banner.end': 'Stop impersonating' },
  // "Banner at top: 'You are impersonating [User Name]' … Click Exit Impersonation button in banner."
  consent: { 'banner.title': 'You are impersonating {name}', 'banner.end': 'Exit impersonation' },
};

/** Marks the document with the preset so app.css can set that product's `--ik-*` variables. */
export function applyPresetTheme(preset: DemoPreset): void {
  document.documentElement.dataset.preset = preset;
}
