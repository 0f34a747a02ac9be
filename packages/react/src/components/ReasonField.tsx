'use client';
import type { ReactNode } from 'react';
import { clsx } from 'clsx';
import { useImpersonationContext } from '../context';
import type { ReasonDialogClassNames } from './ReasonDialog';

/** The attributes every control of the reason form takes from its field. */
export interface ReasonControlProps {
  id: string;
  className: string;
  onBlur: () => void;
  'aria-required': boolean;
  'aria-invalid': boolean;
  'aria-describedby': string;
  'data-state': 'valid' | 'invalid';
}

/** Props of `ReasonField`. */
export interface ReasonFieldProps {
  /** The control's id; the field's other parts add `-optional`, `-hint`, `-count` and `-message` to it. */
  id: string;
  /** Which field: its `data-field`, and the control's `ik-reason-dialog__<name>` class. */
  name: 'reason' | 'category' | 'code';
  label: string;
  required: boolean;
  invalid: boolean;
  /** The validation message; always in the DOM (a polite live region), empty when null. */
  message: string | null;
  /** Help under the control. */
  hint?: string;
  /** A character count beside the hint, never announced on its own. */
  count?: { text: string; over: boolean };
  classNames: ReasonDialogClassNames;
  onBlur: () => void;
  /** Renders the control with the field's attributes. */
  children: (control: ReasonControlProps) => ReactNode;
}

/** One field of the reason form: label (and "Optional"), the control, hint and count, and its live message. */
export function ReasonField({ id, name, label, required, invalid, message, hint, count, classNames, onBlur, children }: ReasonFieldProps) {
  const { t } = useImpersonationContext();
  const state = invalid ? 'invalid' : 'valid';
  const describedBy = [!required && `${id}-optional`, hint && `${id}-hint`, count && `${id}-count`, `${id}-message`];
  return (
    <div className={clsx('ik-field ik-reason-dialog__field', classNames.field)} data-field={name} data-state={state}>
      <div className="ik-reason-dialog__label-row">
        <label htmlFor={id} className={clsx('ik-field__label ik-reason-dialog__label', classNames.label)}>
          {label}
        </label>
        {!required && (
          <span id={`${id}-optional`} className={clsx('ik-field__hint ik-reason-dialog__optional', classNames.optional)}>
            {t('reasonDialog.reasonOptional')}
          </span>
        )}
      </div>
      {children({
        id,
        className: clsx(`ik-input ik-reason-dialog__${name}`, classNames.control),
        onBlur,
        'aria-required': required,
        'aria-invalid': invalid,
        'aria-describedby': describedBy.filter(Boolean).join(' '),
        'data-state': state,
      })}
      {hint && (
        <div className="ik-reason-dialog__meta">
          <span id={`${id}-hint`} className={clsx('ik-field__hint ik-reason-dialog__hint', classNames.hint)}>
            {hint}
          </span>
          {/* Read with the field, never announced per keystroke: only the message below is live. */}
          {count && (
            <span id={`${id}-count`} className={clsx('ik-field__hint ik-reason-dialog__count', classNames.count)} data-state={count.over ? 'over' : 'ok'}>
              {count.text}
            </span>
          )}
        </div>
      )}
      <p
        id={`${id}-message`}
        className={clsx('ik-field__error ik-reason-dialog__message', classNames.message)}
        aria-live="polite"
        data-state={message ? 'shown' : 'hidden'}
      >
        {message}
      </p>
    </div>
  );
}
