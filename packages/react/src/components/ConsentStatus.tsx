'use client';
import { useEffect, useReducer } from 'react';
import { clsx } from 'clsx';
import type { Consent } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import { formatDateTime, formatRelative } from '../format';
import type { ConsentSettingsClassNames } from './consentParts';

/** How often the relative expiry ("in 2 hours") is rewritten. */
const RELATIVE_REFRESH_MS = 30_000;

/** Props of `ConsentStatus`. */
export interface ConsentStatusProps {
  consent: Consent | null;
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

/** The viewer's consent status ("Active" / "Not enabled") and, when active, its expiry absolute and relative. */
export function ConsentStatus({ consent, classNames }: ConsentStatusProps) {
  const { client, t, locale } = useImpersonationContext();
  useRerenderEvery(RELATIVE_REFRESH_MS);
  const active = consent?.status === 'active';
  const state = active ? 'active' : 'inactive';
  const expiresAt = active ? consent.expiresAt : null;
  return (
    <>
      <dl className={clsx('ik-consent__status', classNames?.status)} data-state={state}>
        <dt>{t('consent.status')}</dt>
        <dd data-state={state}>{t(active ? 'consent.statusActive' : 'consent.statusInactive')}</dd>
      </dl>
      {expiresAt ? (
        <p className={clsx('ik-consent__expiry', classNames?.expiry)} data-state={state}>
          <time dateTime={expiresAt}>
            {t('consent.expires', {
              absolute: formatDateTime(expiresAt, locale),
              // Skew-corrected server time: the server's clock decides when consent ends.
              relative: formatRelative(expiresAt, client.serverNow(), locale),
            })}
          </time>
        </p>
      ) : null}
    </>
  );
}
