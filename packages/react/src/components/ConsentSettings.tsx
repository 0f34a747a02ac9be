'use client';
import { useId, useRef, useState } from 'react';
import { clsx } from 'clsx';
import { consentHoursRange } from '@impersonate-kit/sdk';
import type { Consent, Session, SessionStatus } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import { formatDateTime } from '../format';
import { useConsent } from '../hooks/useConsent';
import { useImpersonation } from '../hooks/useImpersonation';
import { useViewer } from '../hooks/useViewer';
import { failureMessageKey } from '../messages';
import { useImpersonatedBy } from '../hooks/useImpersonatedBy';
import { ConsentForm, DEFAULT_PRESET_HOURS } from './ConsentForm';
import { ConsentSessions } from './ConsentSessions';
import type { AuditRequest } from './ConsentSessions';
import { NoticeView, useConsentApplies } from './ImpersonatedNotice';
import { ConsentStatus } from './ConsentStatus';
import type { ConsentSettingsClassNames, HeadingLevel } from './consentParts';
import { canRetry, headingTag } from './consentParts';
import { RevokeConsentDialog, useRevokeConsent } from './RevokeConsentDialog';
import { useOpenState } from './useOpenState';
import { guarded } from './KitBoundary';

export type { ConsentSettingsClassNames, ConsentSettingsPart, HeadingLevel } from './consentParts';

/** Props of `ConsentSettings`. */
export interface ConsentSettingsProps {
  /** Level of the "Impersonation consent" heading (default 2); "Sessions" sits one level below. */
  headingLevel?: HeadingLevel;
  /** Show the history of sessions that ran as the viewer (default true). */
  showSessions?: boolean;
  /** Sessions per page of the history (default 20). */
  sessionsPageSize?: number;
  /** The revoke confirmation's open state, when controlled. */
  revokeOpen?: boolean;
  /** Whether the revoke confirmation starts open, when uncontrolled. */
  defaultRevokeOpen?: boolean;
  /** Called when the revoke confirmation opens or closes. */
  onRevokeOpenChange?: (open: boolean) => void;
  /** Called after consent was granted or updated. */
  onSaved?: (consent: Consent) => void;
  /** Called after consent was revoked. */
  onRevoked?: (consent: Consent) => void;
  /** Class of the root section. */
  className?: string;
  /** Classes of the other parts. */
  classNames?: ConsentSettingsClassNames;
}

function ConsentSettingsContent(props: ConsentSettingsProps) {
  const { t } = useImpersonationContext();
  const { state } = useImpersonation();
  const { policy } = useViewer();
  const id = useId();
  // This API answers for the real user even while they act as someone else: showing their own
  // consent (or history) then would pass it off as the target's. Until the session is known, nothing shows.
  const acting = state.status === 'active' || state.status === 'ending' ? state.session : null;
  if (!acting) return <OwnConsent {...props} sessionStatus={state.status} />;
  const { headingLevel = 2, className, classNames } = props;
  const Heading = headingTag(headingLevel);
  return (
    <section className={clsx('ik-consent', className)} data-state="impersonating" aria-labelledby={`${id}-heading`}>
      <Heading id={`${id}-heading`} className={clsx('ik-consent__heading', classNames?.heading)}>
        {t('consent.heading')}
      </Heading>
      <p className={clsx('ik-consent__description', classNames?.description)}>{t('consent.description')}</p>
      <p id={`${id}-why`} className={clsx('ik-consent__note', classNames?.note)} data-state="impersonating">
        {t('consent.impersonating', { name: acting.target.name })}
      </p>
      {/* Shown disabled, choosing nothing: neither the viewer's consent nor the target's is read. */}
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

const ignoreGrant = () => {};

/** The viewer's own consent, once it is known that they act as nobody else. */
function OwnConsent({
  sessionStatus,
  headingLevel = 2,
  showSessions = true,
  sessionsPageSize,
  revokeOpen,
  defaultRevokeOpen = false,
  onRevokeOpenChange,
  onSaved,
  onRevoked,
  className,
  classNames,
}: ConsentSettingsProps & { sessionStatus: SessionStatus }) {
  const { client, t, locale } = useImpersonationContext();
  const { state, grant, refresh } = useConsent();
  const { policy } = useViewer();
  const [granting, setGranting] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [grantError, setGrantError] = useState<string | null>(null);
  const [dialogOpen, setDialogOpen] = useOpenState(revokeOpen, defaultRevokeOpen, onRevokeOpenChange);
  const submitRef = useRef<HTMLButtonElement>(null);
  const [auditRequest, setAuditRequest] = useState<AuditRequest | null>(null);
  const headingId = useId();
  const Heading = headingTag(headingLevel);
  const { sessions: actingAsViewer } = useImpersonatedBy();
  const consentApplies = useConsentApplies();

  const range = consentHoursRange(policy);
  const presetHours = policy?.consent.presetHours ?? DEFAULT_PRESET_HOURS;
  const sessionKnown = sessionStatus !== 'unknown' && sessionStatus !== 'error';
  const consent = sessionKnown ? state.consent : null;
  const known = consent !== null;
  // A session that could not be read fails the section too: whose consent it shows would be a guess.
  const failed = state.status === 'error' || sessionStatus === 'error';
  const active = consent?.status === 'active';
  const revoking = useRevokeConsent(
    dialogOpen,
    setDialogOpen,
    (saved) => {
      setAnnouncement(t('consent.revoked'));
      onRevoked?.(saved);
    },
    range,
  );

  async function onGrant(durationHours: number) {
    setGranting(true);
    setGrantError(null);
    setAnnouncement('');
    const wasActive = active;
    try {
      const saved = await grant({ durationHours });
      const absolute = saved.expiresAt ? formatDateTime(saved.expiresAt, locale) : '';
      setAnnouncement(t(wasActive ? 'consent.updated' : 'consent.enabled', { absolute }));
      onSaved?.(saved);
    } catch (error) {
      // The form keeps what was chosen; the reason shows beside it.
      setGrantError(t(failureMessageKey(error), range));
    } finally {
      setGranting(false);
    }
  }

  const rootState = granting || revoking.pending ? 'saving' : known ? consent.status : failed ? 'error' : 'loading';
  const loadError = !known && failed ? (state.error ?? (sessionStatus === 'error' ? client.session.getSnapshot().error : null)) : null;
  const retry = () => {
    if (!sessionKnown) client.session.refresh().catch(() => {});
    refresh().catch(() => {});
  };
  const openAudit = (session: Session) => setAuditRequest({ sessionId: session.id });

  return (
    <section className={clsx('ik-consent', className)} data-state={rootState} aria-labelledby={headingId}>
      <Heading id={headingId} className={clsx('ik-consent__heading', classNames?.heading)}>
        {t('consent.heading')}
      </Heading>
      <NoticeView
        sessions={actingAsViewer}
        onRevoke={consentApplies ? () => setDialogOpen(true) : undefined}
        onShowAudit={showSessions ? openAudit : undefined}
      />
      <p className={clsx('ik-consent__description', classNames?.description)}>{t('consent.description')}</p>
      {policy && !policy.consent.required ? (
        <p className={clsx('ik-consent__note', classNames?.note)} data-state="not-required">
          {t('consent.notRequired')}
        </p>
      ) : null}

      <ConsentStatus
        consent={consent}
        detailId={`${headingId}-detail`}
        error={failed && !known ? t('consent.loadError', { detail: t(failureMessageKey(loadError)) }) : null}
        onRetry={canRetry(loadError) ? retry : undefined}
        classNames={classNames}
      />
      {/* Mounted in every state, disabled until the consent is known: nothing moves when it loads. */}
      <ConsentForm
        consent={consent}
        presetHours={presetHours}
        range={range}
        pending={granting}
        onGrant={(hours) => void onGrant(hours)}
        submitRef={submitRef}
        disabledBy={known ? undefined : `${headingId}-detail`}
        error={grantError}
        announcement={announcement}
        classNames={classNames}
      >
        <RevokeConsentDialog
          {...revoking}
          onConfirm={() => {
            setAnnouncement('');
            revoking.onConfirm();
          }}
          showTrigger={active}
          fallbackFocusRef={submitRef}
          classNames={classNames}
        />
      </ConsentForm>

      {showSessions ? (
        <ConsentSessions
          headingLevel={Math.min(6, headingLevel + 1) as HeadingLevel}
          pageSize={sessionsPageSize}
          auditRequest={auditRequest}
          classNames={classNames}
        />
      ) : null}
    </section>
  );
}

/**
 * The viewer's own impersonation consent: status and expiry, a duration (the policy's presets or
 * custom whole hours) to enable or update it, revoke with confirmation, and the sessions that ran
 * as them with each one's audit log. Shown whatever the policy: where consent is not required a
 * note says so, and the user can still record it.
 */
export const ConsentSettings = /* @__PURE__ */ guarded<ConsentSettingsProps>('consent', ConsentSettingsContent);
