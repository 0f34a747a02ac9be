'use client';
import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import * as Dialog from '@radix-ui/react-dialog';
import { clsx } from 'clsx';
import { checkReason, checkReasonCategory, normalizeReason, reasonLength } from '@impersonate-kit/sdk';
import type { ReasonProblem, Session, UserRef } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import { useImpersonation } from '../hooks/useImpersonation';
import { useViewer } from '../hooks/useViewer';
import type { MessageKey } from '../messages';
import { ErrorText } from './ErrorText';
import type { ReasonDialogClassNames } from './ReasonDialog';
import { ReasonField } from './ReasonField';
import { checkStepUpCode } from './stepUpCode';

/** Props of `ReasonForm`. */
export interface ReasonFormProps {
  target: UserRef;
  classNames: ReasonDialogClassNames;
  /** Shared with the dialog, which stays open while a start is in flight. A ref: state can lag a fast double click. */
  pendingRef: { current: boolean };
  /** Shared with the dialog: once a field was edited, a click outside does not close it. */
  dirtyRef: { current: boolean };
  onStarted: (session: Session) => void;
}

type Field = 'reason' | 'category' | 'code';

const REASON_MESSAGES: Record<NonNullable<ReasonProblem>, MessageKey> = {
  required: 'reasonDialog.reasonRequired',
  tooShort: 'reasonDialog.reasonTooShort',
  tooLong: 'reasonDialog.reasonTooLong',
};

const ALL_TOUCHED: Partial<Record<Field, boolean>> = { reason: true, category: true, code: true };

/** Whether the server refused the second factor: the code field is where the fix goes. */
const refusesCode = (error: unknown) => ['step_up_invalid', 'step_up_required'].includes((error as { code?: string } | null)?.code as string);

/**
 * The form of `ReasonDialog`: reason, category and second factor as the policy asks, then one
 * start request. It lives inside Dialog.Content, so every opening starts with an empty form.
 */
export function ReasonForm({ target, classNames, pendingRef, dirtyRef, onStarted }: ReasonFormProps) {
  const { t, locale, client } = useImpersonationContext();
  const { policy, status: viewerStatus, error: viewerError } = useViewer();
  const { start } = useImpersonation();
  const [reason, setReason] = useState('');
  const [category, setCategory] = useState('');
  const [code, setCode] = useState('');
  const [touched, setTouched] = useState<Partial<Record<Field, boolean>>>({});
  const [pending, setPending] = useState(false);
  const [serverError, setServerError] = useState<unknown>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();

  if (!policy) {
    return viewerStatus === 'error' && viewerError ? (
      <>
        <ErrorText error={viewerError} className={clsx('ik-field__error ik-reason-dialog__error', classNames.error)} />
        {/* Never a dead end: the policy can be asked for again, or the dialog left. */}
        <div className={clsx('ik-dialog-actions ik-reason-dialog__actions', classNames.actions)}>
          <Dialog.Close asChild>
            <button type="button" className={clsx('ik-button ik-reason-dialog__cancel', classNames.cancel)}>
              {t('reasonDialog.cancel')}
            </button>
          </Dialog.Close>
          <button type="button" className="ik-button ik-reason-dialog__retry" data-variant="primary" onClick={() => void client.viewer.refresh()}>
            {t('reasonDialog.retry')}
          </button>
        </div>
      </>
    ) : (
      <p className={clsx('ik-reason-dialog__loading', classNames.hint)} data-state="loading">
        {t('reasonDialog.loading')}
      </p>
    );
  }

  // The sdk's rules, the very ones the server applies: the dialog never asks for more (a category
  // is always optional), counts what the server counts (graphemes), and calls invisible text blank.
  const rules = policy.reason;
  const stepUp = policy.stepUp.required;
  const reasonProblem = checkReason(rules, reason);
  const categoryProblem = checkReasonCategory(rules, category);
  const codeProblem = checkStepUpCode(stepUp, code);
  const valid = !reasonProblem && !categoryProblem && !codeProblem;
  const number = (value: number) => new Intl.NumberFormat(locale).format(value);
  const limits = { min: number(rules.minLength), max: number(rules.maxLength) };
  const length = reasonLength(reason);

  const edit = (set: (value: string) => void) => (event: { target: { value: string } }) => {
    set(event.target.value);
    setServerError(null);
    dirtyRef.current = true;
  };
  const leave = (field: Field) => () => setTouched((current) => (current[field] ? current : { ...current, [field]: true }));
  const control = (field: Field) => formRef.current?.ownerDocument.getElementById(`${id}-${field}`);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pendingRef.current) return;
    if (!valid) {
      // Start is aria-disabled, not disabled: pressing it says what is missing instead of nothing.
      setTouched(ALL_TOUCHED);
      control(reasonProblem ? 'reason' : categoryProblem ? 'category' : 'code')?.focus();
      return;
    }
    pendingRef.current = true;
    setPending(true);
    setServerError(null);
    const normalized = normalizeReason(reason);
    start({
      targetUserId: target.id,
      ...(normalized && { reason: normalized }),
      ...(category && { reasonCategory: category }),
      ...(stepUp && { stepUpCode: code.trim() }),
    }).then(
      (session) => {
        pendingRef.current = false;
        onStarted(session);
      },
      (error: unknown) => {
        pendingRef.current = false;
        setPending(false);
        setServerError(error);
        // Focused as well as selected: after a click on Start, focus is on Start, and the fix is typed into the code.
        const codeField = refusesCode(error) ? (control('code') as HTMLInputElement | null) : null;
        codeField?.focus();
        codeField?.select();
      },
    );
  };

  // Too long shows at once (the user is past the limit now); the rest once the field was left.
  const shownReason = reasonProblem === 'tooLong' || touched.reason ? reasonProblem : null;
  const shownCategory = touched.category ? categoryProblem : null;
  const shownCode = touched.code ? codeProblem : null;

  return (
    <form
      ref={formRef}
      className={clsx('ik-reason-dialog__form', classNames.form)}
      noValidate
      onSubmit={submit}
      data-state={pending ? 'pending' : 'idle'}
      aria-busy={pending || undefined}
    >
      <ReasonField
        id={`${id}-reason`}
        name="reason"
        label={t('reasonDialog.reason')}
        required={rules.required}
        invalid={!!shownReason}
        message={shownReason && t(REASON_MESSAGES[shownReason], limits)}
        hint={t(rules.minLength > 0 ? 'reasonDialog.reasonHint' : 'reasonDialog.reasonHintMax', limits)}
        count={{ text: t('reasonDialog.reasonCount', { count: number(length), max: limits.max }), over: length > rules.maxLength }}
        classNames={classNames}
        onBlur={leave('reason')}
      >
        {(props) => <textarea {...props} name="reason" rows={3} value={reason} onChange={edit(setReason)} />}
      </ReasonField>

      {rules.categories.length > 0 && (
        <ReasonField
          id={`${id}-category`}
          name="category"
          label={t('reasonDialog.category')}
          required={false}
          invalid={!!shownCategory}
          message={shownCategory && t('reasonDialog.categoryUnknown')}
          classNames={classNames}
          onBlur={leave('category')}
        >
          {(props) => (
            <select {...props} name="reasonCategory" value={category} onChange={edit(setCategory)}>
              <option value="">{t('reasonDialog.categoryNone')}</option>
              {rules.categories.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </ReasonField>
      )}

      {stepUp && (
        <ReasonField
          id={`${id}-code`}
          name="code"
          label={t('reasonDialog.stepUp')}
          required
          invalid={!!shownCode || refusesCode(serverError)}
          message={shownCode && t('reasonDialog.stepUpMissing')}
          hint={t('reasonDialog.stepUpHint')}
          classNames={classNames}
          onBlur={leave('code')}
        >
          {(props) => (
            <input {...props} name="stepUpCode" type="text" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={edit(setCode)} />
          )}
        </ReasonField>
      )}

      {serverError !== null && <ErrorText error={serverError} className={clsx('ik-reason-dialog__error', classNames.error)} />}

      <div className={clsx('ik-dialog-actions ik-reason-dialog__actions', classNames.actions)}>
        <Dialog.Close asChild>
          <button
            type="button"
            className={clsx('ik-button ik-reason-dialog__cancel', classNames.cancel)}
            aria-disabled={pending || undefined}
            data-state={pending ? 'pending' : 'idle'}
          >
            {t('reasonDialog.cancel')}
          </button>
        </Dialog.Close>
        <button
          type="submit"
          className={clsx('ik-button ik-reason-dialog__start', classNames.start)}
          data-variant="primary"
          aria-disabled={!valid || pending}
          data-state={pending ? 'pending' : valid ? 'ready' : 'invalid'}
        >
          {t(pending ? 'reasonDialog.starting' : 'reasonDialog.start')}
        </button>
      </div>
    </form>
  );
}
