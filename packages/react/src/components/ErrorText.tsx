'use client';
import { isImpersonationError } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import { failureMessageKey } from '../messages';

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
