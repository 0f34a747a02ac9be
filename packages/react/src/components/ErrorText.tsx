'use client';
import { clsx } from 'clsx';
import { isImpersonationError } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import { failureMessageKey } from '../messages';
import type { ConsentSettingsClassNames } from './consentParts';

/** Props of `ErrorText`. */
export interface ErrorTextProps {
  /** The failure; an ImpersonationError says which, anything else reads as the generic message. */
  error: unknown;
  className: string;
}

/** A failure in words, announced at once (role="alert"); its code is in `data-code` for styling and tests. */
export function ErrorText({ error, className }: ErrorTextProps) {
  const { t } = useImpersonationContext();
  return (
    <p role="alert" className={className} data-state="error" data-code={isImpersonationError(error) ? error.code : 'internal_error'}>
      {t(failureMessageKey(error))}
    </p>
  );
}

/** Props of `ConsentError`. */
export interface ConsentErrorProps {
  /** The failure, in words. */
  text: string;
  id?: string;
  /** Offered as Retry, when asking again can help. */
  onRetry?: () => void;
  /** True while the retry runs. */
  pending?: boolean;
  classNames?: ConsentSettingsClassNames;
}

/** A consent part's failure, announced at once (role="alert"), with Retry beside it when given: one look across ConsentSettings. */
export function ConsentError({ text, id, onRetry, pending, classNames }: ConsentErrorProps) {
  const { t } = useImpersonationContext();
  return (
    <div id={id} role="alert" className={clsx('ik-field__error', 'ik-consent__error', classNames?.error)} data-state="error">
      <p>{text}</p>
      {onRetry ? (
        <button type="button" className={clsx('ik-button', 'ik-consent__retry', classNames?.retry)} data-state={pending ? 'pending' : 'idle'} onClick={onRetry}>
          {t('consent.retry')}
        </button>
      ) : null}
    </div>
  );
}
