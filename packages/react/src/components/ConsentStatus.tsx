'use client';
import { useEffect, useReducer } from 'react';
import { clsx } from 'clsx';
import type { Consent } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import { formatDateTime, formatRelative } from '../format';
import type { ConsentSettingsClassNames } from './consentParts';
import { ConsentError } from './ErrorText';

/** How often the relative expiry ("in 2 hours") is rewritten. */
const RELATIVE_REFRESH_MS = 30_000;

/** Props of `ConsentStatus`. */
export interface ConsentStatusProps {
  consent: Consent | null;
  /** Id of the line under the status, so the disabled form can point at why. */
  detailId: string;
  /** Set when the consent could not be read: what happened, in words. */
  error?: string | null;
  /** Offered with the error when asking again can help. */
  onRetry?: () => void;
  classNames?: ConsentSettingsClassNames;
}

/** Re-renders its caller every `intervalMs` on the client's clock, so tests and time travel move it too. */
function useRerenderEvery(intervalMs: number): void {
  const { client } = useImpersonationContext();
  const [, bump] = useReducer((count: number) => count + 1, 0);
  useEffect(() => {
    let handle: unknown;
    const tick = () => {
      bump();
      handle = client.clock.setTimeout(tick, intervalMs);
    };
    handle = client.clock.setTimeout(tick, intervalMs);
    return () => client.clock.clearTimeout(handle);
  }, [client, intervalMs]);
}

/**
 * The consent's status ("Active" / "Not enabled") and one line under it: the expiry absolute and
 * relative, or why it is off, or that it is loading, or why it could not be read. Same two rows in
 * every state, so the form below never moves.
 */
export function ConsentStatus({ consent, detailId, error, onRetry, classNames }: ConsentStatusProps) {
  const { client, t, locale } = useImpersonationContext();
  useRerenderEvery(RELATIVE_REFRESH_MS);
  const active = consent?.status === 'active';
  const state = error ? 'error' : !consent ? 'loading' : active ? 'active' : 'inactive';
  const expiresAt = active ? consent.expiresAt : null;
  return (
    <div className="ik-consent__summary" data-state={state}>
      <dl className={clsx('ik-consent__status', classNames?.status)} data-state={state}>
        <dt>{t('consent.status')}</dt>
        <dd data-state={state}>{t(consent ? (active ? 'consent.statusActive' : 'consent.statusInactive') : error ? 'consent.statusUnknown' : 'consent.statusChecking')}</dd>
      </dl>
      {error ? (
        <ConsentError id={detailId} text={error} onRetry={onRetry} classNames={classNames} />
      ) : (
        <p id={detailId} role={consent ? undefined : 'status'} className={clsx('ik-consent__expiry', classNames?.expiry)} data-state={state}>
          {expiresAt ? (
            <time dateTime={expiresAt}>
              {t('consent.expires', {
                absolute: formatDateTime(expiresAt, locale),
                // Skew-corrected server time: the server's clock decides when consent ends.
                relative: formatRelative(expiresAt, client.serverNow(), locale),
              })}
            </time>
          ) : (
            t(consent ? 'consent.inactiveHint' : 'consent.loading')
          )}
        </p>
      )}
    </div>
  );
}
