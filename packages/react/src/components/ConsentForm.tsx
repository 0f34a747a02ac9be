'use client';
import { useId, useRef, useState } from 'react';
import type { FormEvent, RefObject } from 'react';
import { clsx } from 'clsx';
import { validateConsentDuration } from '@impersonate-kit/sdk';
import type { Consent } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import type { ConsentSettingsClassNames } from './consentParts';

/** The durations offered when the policy has not loaded (the consent preset's). */
export const DEFAULT_PRESET_HOURS: readonly number[] = [1, 24, 72];

/** Which duration is chosen: one of the presets, or custom hours typed in. */
type Choice = number | 'custom';

/** Props of `ConsentForm`. */
export interface ConsentFormProps {
  /** The consent as the server last said; picks the initial duration and the button's words. */
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
  classNames?: ConsentSettingsClassNames;
}

/** Whole hours from what was typed, or null: "1.5", "1e2", "" and words are not whole hours. */
export function parseWholeHours(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : null;
}

function initialChoice(consent: Consent | null, presets: readonly number[]): { choice: Choice; custom: string } {
  const current = consent?.status === 'active' ? consent.durationHours : null;
  if (current !== null && presets.includes(current)) return { choice: current, custom: '' };
  if (current !== null) return { choice: 'custom', custom: String(current) };
  const first = presets[0];
  return first === undefined ? { choice: 'custom', custom: '' } : { choice: first, custom: '' };
}

/** The duration choice (the policy's presets as radios, plus custom whole hours) and Enable / Update. */
export function ConsentForm({ consent, presetHours, range, pending, onGrant, submitRef, disabledBy, classNames }: ConsentFormProps) {
  const { t } = useImpersonationContext();
  const [initial] = useState(() => initialChoice(consent, presetHours));
  const [choice, setChoice] = useState<Choice>(initial.choice);
  const [custom, setCustom] = useState(initial.custom);
  const [touched, setTouched] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const groupName = `${id}-duration`;
  const inputId = `${id}-hours`;
  const errorId = `${id}-hours-error`;

  const customHours = parseWholeHours(custom);
  const customValid = customHours !== null && validateConsentDuration(customHours, range) === null;
  const invalid = choice === 'custom' && !customValid;
  const showInvalid = invalid && touched;
  const active = consent?.status === 'active';

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || disabledBy) return;
    const hours = choice === 'custom' ? customHours : choice;
    if (invalid || hours === null) {
      // Refused here, with the reason beside the field: no request goes out.
      setTouched(true);
      inputRef.current?.focus();
      return;
    }
    onGrant(hours);
  }

  const hoursLabel = (hours: number) => t('consent.hours', { count: hours });

  return (
    <form
      className={clsx('ik-consent__form', classNames?.form)}
      data-state={disabledBy ? 'disabled' : pending ? 'pending' : showInvalid ? 'invalid' : 'idle'}
      onSubmit={submit}
      // The field explains itself inline; the browser's own bubbles would say something else.
      noValidate
    >
      <fieldset className={clsx('ik-consent__durations', classNames?.durations)} disabled={!!disabledBy} aria-describedby={disabledBy}>
        <legend>{t('consent.duration')}</legend>
        {presetHours.map((hours) => (
          <label
            key={hours}
            className={clsx('ik-consent__duration', classNames?.duration)}
            data-state={choice === hours ? 'checked' : 'unchecked'}
          >
            <input type="radio" name={groupName} value={hours} checked={choice === hours} onChange={() => setChoice(hours)} />
            {hoursLabel(hours)}
          </label>
        ))}
        <label
          className={clsx('ik-consent__duration', classNames?.duration)}
          data-state={choice === 'custom' ? 'checked' : 'unchecked'}
          data-custom=""
        >
          <input type="radio" name={groupName} value="custom" checked={choice === 'custom'} onChange={() => setChoice('custom')} />
          {t('consent.custom')}
        </label>
        <div className="ik-field ik-consent__custom" data-state={choice === 'custom' ? 'checked' : 'unchecked'}>
          <label htmlFor={inputId} className="ik-field__label">{t('consent.customHours', { min: range.min, max: range.max })}</label>
          <input
            ref={inputRef}
            id={inputId}
            className={clsx('ik-input', 'ik-consent__custom-input', classNames?.customInput)}
            data-state={choice === 'custom' ? 'checked' : 'unchecked'}
            data-invalid={showInvalid ? '' : undefined}
            type="number"
            inputMode="numeric"
            min={range.min}
            max={range.max}
            step={1}
            value={custom}
            aria-invalid={showInvalid ? true : undefined}
            aria-describedby={showInvalid ? errorId : undefined}
            onChange={(event) => {
              // Typing hours is choosing them.
              setCustom(event.target.value);
              setChoice('custom');
              setTouched(true);
            }}
          />
          {showInvalid ? (
            <p id={errorId} className={clsx('ik-field__error', 'ik-consent__field-error', classNames?.fieldError)} data-state="invalid">
              {t('consent.customInvalid', { min: range.min, max: range.max })}
            </p>
          ) : null}
        </div>
      </fieldset>
      <button
        ref={submitRef}
        type="submit"
        className={clsx('ik-button', 'ik-consent__submit', classNames?.submit)}
        data-variant="primary"
        data-state={pending ? 'pending' : 'idle'}
        // aria-disabled, not disabled: the button keeps focus while the request runs.
        aria-disabled={pending ? true : undefined}
        aria-busy={pending ? true : undefined}
        disabled={!!disabledBy}
        aria-describedby={disabledBy}
      >
        {pending ? t('consent.saving') : t(active ? 'consent.update' : 'consent.enable')}
      </button>
    </form>
  );
}
