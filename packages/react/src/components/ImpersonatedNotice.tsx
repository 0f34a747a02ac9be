'use client';
import { useId, useRef, useState } from 'react';
import { clsx } from 'clsx';
import type { Session } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import { formatDateTime } from '../format';
import { useConsent } from '../hooks/useConsent';
import { useImpersonatedBy } from '../hooks/useImpersonatedBy';
import { useViewer } from '../hooks/useViewer';
import { guarded } from './KitBoundary';
import { RevokeConsentDialog, useRevokeConsent } from './RevokeConsentDialog';

/** Props of `ImpersonatedNotice`. */
export interface ImpersonatedNoticeProps {
  /** Where the viewer's audit of these sessions lives (the page with ConsentSettings): "See what they do" links there. */
  auditHref?: string;
  /** Called by "See what they do" with the session, instead of a link. */
  onShowAudit?: (session: Session) => void;
  /** Class of the root section. */
  className?: string;
}

/** Props of `NoticeView`: the sessions, and what its buttons do. */
export interface NoticeViewProps extends ImpersonatedNoticeProps {
  sessions: Session[];
  /** Opens the revoke confirmation; "Revoke consent" shows only when set (consent applies). */
  onRevoke?: () => void;
}

/** Whether revoking consent can end these sessions: the policy requires consent and the viewer's is active. */
export function useConsentApplies(): boolean {
  const { policy } = useViewer();
  const { state } = useConsent();
  return !!policy?.consent.required && state.consent?.status === 'active';
}

/** The notice itself: one entry per session acting as the viewer (who, since when, why) with its actions; nothing when there is none. */
export function NoticeView({ sessions, onRevoke, auditHref, onShowAudit, className }: NoticeViewProps) {
  const { t, locale } = useImpersonationContext();
  const id = useId();
  if (sessions.length === 0) return null;
  return (
    <section className={clsx('ik-notice', className)} data-state="active" aria-labelledby={`${id}-0`}>
      {sessions.map((session, index) => (
        <div key={session.id} className="ik-notice__item">
          <p id={`${id}-${index}`} className="ik-notice__title">
            {t('notice.title', { name: session.impersonator.name })}
          </p>
          <p className="ik-notice__details">
            <time dateTime={session.startedAt}>{t('notice.since', { time: formatDateTime(session.startedAt, locale) })}</time>
            {' · '}
            {/* Plain text: a reason is what someone typed, never markup. */}
            {session.reason ? t('notice.reason', { reason: session.reason }) : t('notice.noReason')}
          </p>
          <div className="ik-notice__actions">
            {onRevoke ? (
              <button type="button" className="ik-button ik-notice__revoke" data-variant="danger" onClick={onRevoke}>
                {t('consent.revoke')}
              </button>
            ) : null}
            {auditHref ? (
              <a className="ik-button ik-notice__audit" href={auditHref}>
                {t('notice.showAudit')}
              </a>
            ) : onShowAudit ? (
              <button type="button" className="ik-button ik-notice__audit" onClick={() => onShowAudit(session)}>
                {t('notice.showAudit')}
              </button>
            ) : null}
          </div>
        </div>
      ))}
    </section>
  );
}

function ImpersonatedNoticeContent(props: ImpersonatedNoticeProps) {
  const { sessions } = useImpersonatedBy();
  const applies = useConsentApplies();
  const [open, setOpen] = useState(false);
  const revoking = useRevokeConsent(open, setOpen);
  const rootRef = useRef<HTMLDivElement>(null);
  return (
    <div ref={rootRef} tabIndex={-1} className="ik-notice-host">
      <NoticeView {...props} sessions={sessions} onRevoke={applies ? () => setOpen(true) : undefined} />
      <RevokeConsentDialog {...revoking} showTrigger={false} fallbackFocusRef={rootRef} />
    </div>
  );
}

/**
 * A prominent notice, for the top of a host page, while someone is acting as the viewer: who, since
 * when and why, "Revoke consent" where consent applies (it asks first and ends the session), and
 * "See what they do" given `auditHref` or `onShowAudit`. Renders nothing while nobody is.
 */
export const ImpersonatedNotice = /* @__PURE__ */ guarded<ImpersonatedNoticeProps>('consent', ImpersonatedNoticeContent);
