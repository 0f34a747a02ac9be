// The named parts of ConsentSettings, so a host can put its own class on each one.
import { isImpersonationError } from '@impersonate-kit/sdk';
import type { EndReason } from '@impersonate-kit/sdk';
import type { MessageKey } from '../messages';

/** Every part of `ConsentSettings` that takes a class through `classNames`. */
export type ConsentSettingsPart =
  | 'heading'
  | 'description'
  | 'note'
  | 'status'
  | 'expiry'
  | 'form'
  | 'durations'
  | 'duration'
  | 'customInput'
  | 'fieldError'
  | 'submit'
  | 'announcement'
  | 'error'
  | 'retry'
  | 'revoke'
  | 'dialogOverlay'
  | 'dialog'
  | 'dialogTitle'
  | 'dialogDescription'
  | 'dialogConfirm'
  | 'dialogCancel'
  | 'sessions'
  | 'sessionsHeading'
  | 'sessionList'
  | 'session'
  | 'auditToggle'
  | 'auditPanel'
  | 'loadMore';

/** Extra classes for the parts of `ConsentSettings`, added after the built-in `ik-consent__*` ones. */
export type ConsentSettingsClassNames = Partial<Record<ConsentSettingsPart, string>>;

/** A heading level from 1 to 6. */
export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

/** The heading element for `level`, one level deeper per `depth`, never past h6. */
export function headingTag(level: HeadingLevel, depth = 0): 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6' {
  return `h${Math.min(6, level + depth)}` as 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6';
}

/** The message key that tells the impersonated user why a session that ran as them ended (the kit's `end.*` messages speak to the impersonator: "You ended…"). */
export function sessionEndReasonKey(reason: EndReason): MessageKey {
  return `consent.endReason.${reason}`;
}

/** Whether asking again can help: not when the viewer is signed out or not allowed, which a retry does not change. */
export function canRetry(error: unknown): boolean {
  return !isImpersonationError(error) || !['unauthenticated', 'forbidden', 'target_unavailable'].includes(error.code);
}
