'use client';
import { useId } from 'react';
import { clsx } from 'clsx';
import { consentHoursRange } from '@impersonate-kit/sdk';
import type { UserRef } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import { useViewer } from '../hooks/useViewer';
import { ConsentForm, DEFAULT_PRESET_HOURS } from './ConsentForm';
import type { ConsentSettingsClassNames, HeadingLevel } from './consentParts';
import { headingTag } from './consentParts';

/** Props of `ConsentWhileImpersonating`. */
export interface ConsentWhileImpersonatingProps {
  /** Who the viewer is acting as. */
  target: UserRef;
  headingLevel?: HeadingLevel;
  className?: string;
  classNames?: ConsentSettingsClassNames;
}

const ignoreGrant = () => {};

/**
 * ConsentSettings while the viewer acts as someone else: the form, disabled, and why. Neither the
 * viewer's own consent nor their history is read or shown, so nothing of theirs passes for the target's.
 */
export function ConsentWhileImpersonating({ target, headingLevel = 2, className, classNames }: ConsentWhileImpersonatingProps) {
  const { t } = useImpersonationContext();
  const { policy } = useViewer();
  const id = useId();
  const Heading = headingTag(headingLevel);
  return (
    <section className={clsx('ik-consent', className)} data-state="impersonating" aria-labelledby={`${id}-heading`}>
      <Heading id={`${id}-heading`} className={clsx('ik-consent__heading', classNames?.heading)}>
        {t('consent.heading')}
      </Heading>
      <p className={clsx('ik-consent__description', classNames?.description)}>{t('consent.description')}</p>
      <p id={`${id}-why`} className={clsx('ik-consent__note', classNames?.note)} data-state="impersonating">
        {t('consent.impersonating', { name: target.name })}
      </p>
      <ConsentForm
        consent={null}
        presetHours={policy?.consent.presetHours ?? DEFAULT_PRESET_HOURS}
        range={consentHoursRange(policy)}
        pending={false}
        onGrant={ignoreGrant}
        disabledBy={`${id}-why`}
        classNames={classNames}
      />
    </section>
  );
}
