'use client';
import { memo } from 'react';
import type { Ref } from 'react';
import { clsx } from 'clsx';
import { useQuery } from '@tanstack/react-query';
import type { AuditEvent, Session } from '@impersonate-kit/sdk';
import { QUERY_KEY_ROOT, useImpersonationContext } from '../context';
import { formatDuration } from '../format';
import { AUDIT_COLUMNS } from './AuditRow';
import type { AuditRowClassNames } from './AuditRow';
import { auditTime } from './auditPages';

/** Props of `AuditSessionRow`. */
export interface AuditSessionRowProps {
  sessionId: string;
  /** The session's loaded events, newest first (at least one). */
  events: readonly AuditEvent[];
  /** Page views left out of the rows below. */
  hiddenReads: number;
  /** Keys the session's cache entry, so one signed-in user never sees another's. */
  viewerId: string | null;
  /** The virtualizer's index; `aria-rowindex` is 2 more (1-based, after the column headers). */
  index: number;
  measureRef: Ref<HTMLDivElement>;
  classNames?: AuditRowClassNames;
}

/**
 * A session's header row: who impersonated whom, the reason once, start–end, duration, how it ended
 * and whether it restarted an earlier one. The loaded events give the first draft; the session itself
 * (asked for once this row renders) gives what they cannot: a restart, an end on a page not yet loaded.
 */
export const AuditSessionRow = memo(function AuditSessionRow({ sessionId, events, hiddenReads, viewerId, index, measureRef, classNames }: AuditSessionRowProps) {
  const { client, t, locale, queryClient } = useImpersonationContext();
  const { data: session } = useQuery({
    queryKey: [QUERY_KEY_ROOT, 'audit-session', viewerId, sessionId],
    queryFn: async (): Promise<Session> => (await client.api.getSession(sessionId)).session,
    // An ended session never changes: scrolling it back into view asks nothing again.
    staleTime: (query) => (query.state.data?.status === 'ended' ? Infinity : 0),
  }, queryClient);
  const first = events[0] as AuditEvent;
  const find = (type: AuditEvent['type']) => events.find((event) => event.type === type);
  const ended = find('impersonation.ended');
  const impersonator = session?.impersonator ?? first.impersonator ?? first.actor;
  const target = session?.target ?? first.impersonated;
  const reason = session ? session.reason : first.reason;
  const startedAt = session?.startedAt ?? find('impersonation.started')?.at;
  const endedAt = session ? session.endedAt : ended?.at;
  const endReason = session ? session.endReason : ended?.endReason;
  const ongoing = session?.status === 'active';
  return (
    <div
      ref={measureRef}
      role="row"
      data-index={index}
      aria-rowindex={index + 2}
      className={clsx('ik-audit__session', classNames?.session)}
      data-state={ongoing ? 'active' : endedAt ? 'ended' : 'unknown'}
    >
      <div role="rowheader" aria-colspan={AUDIT_COLUMNS} className="ik-audit__session-cell">
        <p className="ik-audit__who">
          <span className="ik-audit__people">{t('audit.sessionTitle', { impersonator: impersonator.name, target: target?.name ?? '' })}</span>
          {' '}
          {session?.restartOf && (
            <span className="ik-audit__badge" data-variant="restart">
              {t('audit.restarted')}
            </span>
          )}{' '}
          {ongoing ? (
            <span className="ik-audit__badge" data-variant="active">
              {t('audit.ongoing')}
            </span>
          ) : (
            endReason && <span className="ik-audit__badge">{t(`audit.end.${endReason}`)}</span>
          )}
        </p>
        <p className="ik-audit__reason">
          {reason ? t('audit.sessionReason', { reason }) : t('audit.noReason')}
          {' '}
          {session?.reasonCategory && <span className="ik-audit__category">{t('audit.sessionCategory', { category: session.reasonCategory })}</span>}
        </p>
        <p className="ik-audit__span">
          {startedAt && <time dateTime={startedAt}>{auditTime(startedAt, locale, true)}</time>}
          {startedAt && endedAt && ' – '}
          {endedAt && <time dateTime={endedAt}>{auditTime(endedAt, locale)}</time>}
          {' '}
          {startedAt && endedAt && <span className="ik-audit__duration">{formatDuration(Date.parse(endedAt) - Date.parse(startedAt), locale)}</span>}
          {' '}
          {hiddenReads > 0 && <span className="ik-audit__hidden">{t('audit.pageViewsHidden', { count: hiddenReads })}</span>}
        </p>
      </div>
    </div>
  );
});
