'use client';
import { useId, useRef, useState } from 'react';
import type { FormEvent, ReactNode, RefObject } from 'react';
import { clsx } from 'clsx';
import { validateConsentDuration } from '@impersonate-kit/sdk';
import type { Consent } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import type { ConsentSettingsClassNames } from './consentParts';
import { ConsentError } from './ErrorText';

/** The durations offered when the policy has not loaded (the consent preset's). */
export const DEFAULT_PRESET_HOURS: readonly number[] = [1, 24, 72];

/** Which duration is chosen: one of the presets, or custom hours typed in. */
type Choice = number | 'custom';

/** Props of `ConsentForm`. */
export interface ConsentFormProps {
  /** The consent as the server last said; picks the duration shown and the button's words. */
  consent: Consent | null;
  presetHours: readonly number[];
  range: { min: number; max: number };
  /** True while a grant is in flight. */
  pending: boolean;
  /** Called with valid whole hours only. */
  onGrant: (durationHours: number) => void;
  /** The submit button, so focus can land on it when the revoke button disappears. */
  submitRef?: RefObject<HTMLButtonElement | null>;
  /** The id of the text that says why the form cannot be used now; the form is disabled while set. */
  disabledBy?: string;
  /** A refused save in words, shown in the form's message line. */
  error?: string | null;
  /** What just happened ("enabled until …"), spoken politely; an error in the same line replaces it. */
  announcement?: string;
  /** More actions, beside the submit button (Revoke). */
  children?: ReactNode;
  classNames?: ConsentSettingsClassNames;
}

/** Whole hours from what was typed, or null: "1.5", "1e2", "" and words are not whole hours. */
export function parseWholeHours(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : null;
}

function initialChoice(consent: Consent | null, presets: readonly number[]): { choice: Choice; custom: string } {
  // The active consent's hours, else the first preset; hours no preset offers are custom.
  const hours = (consent?.status === 'active' ? consent.durationHours : null) ?? presets[0];
  return hours !== undefined && presets.includes(hours) ? { choice: hours, custom: '' } : { choice: 'custom', custom: hours === undefined ? '' : String(hours) };
}

/**
 * The duration as a segmented control (the policy's presets and Custom, one radio group: arrow keys
 * move the choice), custom whole hours inline beside it, one message line, and the actions side by side.
 * Every part is always in the DOM, whatever the state, so nothing below it moves.
 */
export function ConsentForm({ consent, presetHours, range, pending, onGrant, submitRef, disabledBy, error, announcement, children, classNames }: ConsentFormProps) {
  const { t } = useImpersonationContext();
  // What the server said last; when it changes (loaded, saved, revoked) the choice follows it.
  const seenKey = consent ? `${consent.status}:${consent.durationHours}` : '';
  const [seen, setSeen] = useState(seenKey);
  const [choice, setChoice] = useState<Choice>(() => initialChoice(consent, presetHours).choice);
  const [custom, setCustom] = useState(() => initialChoice(consent, presetHours).custom);
  const [touched, setTouched] = useState(false);
  if (seen !== seenKey) {
    const next = initialChoice(consent, presetHours);
    setSeen(seenKey);
    setChoice(next.choice);
    setCustom(next.custom);
    setTouched(false);
  }
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const inputId = `${id}-hours`;
  const errorId = `${id}-hours-error`;

  const customHours = parseWholeHours(custom);
  const isCustom = choice === 'custom';
  const invalid = isCustom && (customHours === null || validateConsentDuration(customHours, range) !== null);
  const showInvalid = invalid && touched;
  const active = consent?.status === 'active';

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || disabledBy) return;
    const hours = isCustom ? customHours : choice;
    if (invalid || hours === null) {
      // Refused here, with the reason in the message line: no request goes out.
      setTouched(true);
      inputRef.current?.focus();
      return;
    }
    onGrant(hours);
  }

  const segment = (value: Choice, label: string) => (
    <label
      key={value}
      className={clsx('ik-consent__duration', classNames?.duration)}
      data-state={choice === value ? 'checked' : 'unchecked'}
    >
      <input
        type="radio"
        className="ik-consent__radio"
        name={`${id}-duration`}
        value={value}
        checked={choice === value}
        onChange={() => setChoice(value)}
      />
      <span>{label}</span>
    </label>
  );

  return (
    <form
      className={clsx('ik-consent__form', classNames?.form)}
      data-state={disabledBy ? 'disabled' : pending ? 'pending' : showInvalid ? 'invalid' : 'idle'}
      onSubmit={submit}
      // The field explains itself inline; the browser's own bubbles would say something else.
      noValidate
    >
      <fieldset className={clsx('ik-consent__durations', classNames?.durations)} disabled={!!disabledBy} aria-describedby={disabledBy}>
        <legend id={`${id}-legend`} className="ik-consent__legend">
          {t('consent.duration')}
        </legend>
        <div className="ik-consent__row">
          <div role="radiogroup" aria-labelledby={`${id}-legend`} className="ik-consent__segments">
            {presetHours.map((hours) => segment(hours, t('consent.hours', { count: hours })))}
            {segment('custom', t('consent.custom'))}
          </div>
          {/* Always laid out, shown only for Custom (CSS): choosing it moves nothing. */}
          <span className="ik-consent__custom" data-state={isCustom ? 'checked' : 'unchecked'}>
            {/* Sized here: the input fills it (.ik-input is width 100%). */}
            <span className="ik-consent__hours">
            <input
              ref={inputRef}
              id={inputId}
              className={clsx('ik-input', 'ik-consent__custom-input', classNames?.customInput)}
              data-state={isCustom ? 'checked' : 'unchecked'}
              data-invalid={showInvalid ? '' : undefined}
              type="number"
              inputMode="numeric"
              min={range.min}
              max={range.max}
              step={1}
              value={custom}
              aria-invalid={showInvalid || undefined}
              aria-describedby={showInvalid ? errorId : undefined}
              onChange={(event) => {
                // Typing hours is choosing them.
                setCustom(event.target.value);
                setChoice('custom');
                setTouched(true);
              }}
            />
            </span>
            <label htmlFor={inputId} className="ik-consent__custom-label">
              {t('consent.customHours', { min: range.min, max: range.max })}
            </label>
          </span>
        </div>
      </fieldset>
      {/* One line kept for a message, so one appearing moves nothing. */}
      <div className="ik-consent__message">
        {/* Always mounted, so screen readers hear what is put into it. */}
        <p role="status" aria-live="polite" className={clsx('ik-consent__announcement', classNames?.announcement)}>
          {showInvalid || error ? '' : announcement}
        </p>
        {showInvalid ? (
          <p id={errorId} className={clsx('ik-field__error', 'ik-consent__field-error', classNames?.fieldError)} data-state="invalid">
            {t('consent.customInvalid', { min: range.min, max: range.max })}
          </p>
        ) : error ? (
          <ConsentError text={error} classNames={classNames} />
        ) : null}
      </div>
      <div className="ik-consent__actions">
        <button
          ref={submitRef}
          type="submit"
          className={clsx('ik-button', 'ik-consent__submit', classNames?.submit)}
          data-variant="primary"
          data-state={pending ? 'pending' : 'idle'}
          // aria-disabled, not disabled: the button keeps focus while the request runs.
          aria-disabled={pending || undefined}
          aria-busy={pending || undefined}
          disabled={!!disabledBy}
          aria-describedby={disabledBy}
        >
          {pending ? t('consent.saving') : t(active ? 'consent.update' : 'consent.enable')}
        </button>
        {children}
      </div>
    </form>
  );
}
