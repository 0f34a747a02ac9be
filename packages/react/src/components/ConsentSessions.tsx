'use client';
import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { clsx } from 'clsx';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { Session } from '@impersonate-kit/sdk';
import { QUERY_KEY_ROOT, useImpersonationContext } from '../context';
import { formatDateTime, formatDuration } from '../format';
import { useViewer } from '../hooks/useViewer';
import { AuditTable } from './AuditTable';
import type { ConsentSettingsClassNames, HeadingLevel } from './consentParts';
import { canRetry, headingTag, sessionEndReasonKey } from './consentParts';
import { failureMessageKey } from '../messages';
import type { MessageKey } from '../messages';
import { useFocusHandOff } from './useFocusHandOff';
import { ConsentError } from './ErrorText';

/** Sessions asked for per page unless told otherwise. */
export const DEFAULT_SESSIONS_PAGE_SIZE = 20;

/** Props of `ConsentSessions`. */
export interface ConsentSessionsProps {
  /** The level of the "Sessions" heading. */
  headingLevel: HeadingLevel;
  pageSize?: number;
  /** Opens that session's audit log and brings it into view; a new object asks again. */
  auditRequest?: AuditRequest | null;
  classNames?: ConsentSettingsClassNames;
}

/** A request to show one session's audit log ("See what they do"). */
export interface AuditRequest {
  sessionId: string;
}

/** The query key of the sessions that ran as `viewerId`, so the host can invalidate them. */
export function impersonatedSessionsKey(viewerId: string | null) {
  return [QUERY_KEY_ROOT, 'sessions', 'impersonated', viewerId] as const;
}

/** The "Sessions" history: every session that ran as the viewer, newest first, each with its audit log. */
export function ConsentSessions({ headingLevel, pageSize = DEFAULT_SESSIONS_PAGE_SIZE, auditRequest, classNames }: ConsentSessionsProps) {
  const { client, t, queryClient } = useImpersonationContext();
  const viewer = useViewer();
  const viewerId = viewer.viewer?.user.id ?? null;
  const headingId = useId();
  const Heading = headingTag(headingLevel);
  const query = useInfiniteQuery({
    queryKey: [...impersonatedSessionsKey(viewerId), pageSize],
    queryFn: ({ pageParam }) => client.listSessions({ role: 'impersonated', limit: pageSize, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // Keyed by the viewer so another user's cached history never shows; waits for /viewer to answer.
    enabled: viewer.status === 'ready' || viewer.status === 'error',
  }, queryClient);
  const sessions = query.data?.pages.flatMap((page) => page.items) ?? [];
  // The last page takes Load more away: focus goes to the last session it loaded.
  const loadMoreRef = useFocusHandOff('li:last-child button');
  const state = query.isError && !query.data ? 'error' : query.isPending ? 'loading' : sessions.length === 0 ? 'empty' : 'ready';

  return (
    <section
      className={clsx('ik-consent__sessions', classNames?.sessions)}
      data-state={state}
      aria-labelledby={headingId}
      aria-busy={query.isFetching || undefined}
    >
      <Heading id={headingId} className={clsx('ik-consent__sessions-heading', classNames?.sessionsHeading)}>
        {t('consent.sessions')}
      </Heading>
      {state === 'loading' ? (
        <p role="status" className="ik-consent__sessions-loading" data-state="loading">
          {t('consent.sessionsLoading')}
        </p>
      ) : null}
      {state === 'empty' ? (
        <p className="ik-consent__sessions-empty" data-state="empty">
          {t('consent.sessionsEmpty')}
        </p>
      ) : null}
      {query.isError ? (
        <ConsentError
          text={t('consent.sessionsError', { detail: t(failureMessageKey(query.error)) })}
          onRetry={canRetry(query.error) ? () => void query.refetch() : undefined}
          pending={query.isFetching}
          classNames={classNames}
        />
      ) : null}
      {sessions.length > 0 ? (
        <ul className={clsx('ik-consent__session-list', classNames?.sessionList)} data-state={state}>
          {sessions.map((session) => (
            <SessionItem
              key={session.id}
              session={session}
              request={auditRequest?.sessionId === session.id ? auditRequest : null}
              classNames={classNames}
            />
          ))}
        </ul>
      ) : null}
      {query.hasNextPage ? (
        <button
          ref={loadMoreRef}
          type="button"
          className={clsx('ik-button', 'ik-consent__load-more', classNames?.loadMore)}
          data-state={query.isFetchingNextPage ? 'pending' : 'idle'}
          aria-disabled={query.isFetchingNextPage || undefined}
          onClick={() => {
            if (!query.isFetchingNextPage) void query.fetchNextPage();
          }}
        >
          {query.isFetchingNextPage ? t('consent.loadingMore') : t('consent.loadMore')}
        </button>
      ) : null}
    </section>
  );
}

/** One session that ran as the viewer: when, how long, who, whether it still runs, and its audit log on demand. */
function SessionItem({
  session,
  request,
  classNames,
}: {
  session: Session;
  request: AuditRequest | null;
  classNames: ConsentSettingsClassNames | undefined;
}) {
  const { client, t, locale } = useImpersonationContext();
  const [open, setOpen] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!request) return;
    setOpen(true);
    // The viewer asked from the notice above: take them to this session's log.
    toggleRef.current?.scrollIntoView?.({ block: 'start' });
    toggleRef.current?.focus();
  }, [request]);
  const id = useId();
  const ongoing = session.status === 'active';
  const state = ongoing ? 'ongoing' : 'ended';
  const impersonator = session.impersonator;
  const endMs = session.endedAt ? Date.parse(session.endedAt) : client.serverNow();
  const duration = formatDuration(endMs - Date.parse(session.startedAt), locale);
  const time = (at: string) => <time dateTime={at}>{formatDateTime(at, locale)}</time>;
  // Each row: its term, its value, and the id (who and when describe the audit toggle) or state it carries.
  const details: [MessageKey, ReactNode, string?, string?][] = [
    ['consent.started', time(session.startedAt), `${id}-started`],
    ['consent.ended', session.endedAt ? time(session.endedAt) : t('consent.notEnded')],
    ['consent.sessionDuration', ongoing ? t('consent.durationSoFar', { duration }) : duration],
    ['consent.impersonator', t('consent.impersonatorName', { name: impersonator.name, email: impersonator.email }), `${id}-impersonator`],
    [
      'consent.sessionStatus',
      <>
        <span className="ik-consent__session-status">{t(ongoing ? 'consent.ongoing' : 'consent.sessionEnded')}</span>
        {session.endReason ? (
          <>
            {' '}
            <span className="ik-consent__session-reason">{t(sessionEndReasonKey(session.endReason), { name: impersonator.name })}</span>
          </>
        ) : null}
      </>,
      undefined,
      state,
    ],
  ];

  return (
    <li className={clsx('ik-consent__session', classNames?.session)} data-state={state}>
      <dl className="ik-consent__session-details">
        {details.map(([key, value, detailId, detailState]) => (
          <div key={key}>
            <dt>{t(key)}</dt>
            <dd id={detailId} data-state={detailState}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <button
        ref={toggleRef}
        type="button"
        className={clsx('ik-button', 'ik-consent__audit-toggle', classNames?.auditToggle)}
        data-state={open ? 'open' : 'closed'}
        aria-expanded={open}
        aria-controls={`${id}-audit`}
        // Every row has this button: who and when tell them apart for a screen reader.
        aria-describedby={`${id}-impersonator ${id}-started`}
        onClick={() => setOpen((value) => !value)}
      >
        {t(open ? 'consent.hideAudit' : 'consent.showAudit')}
      </button>
      <div id={`${id}-audit`} className={clsx('ik-consent__audit', classNames?.auditPanel)} data-state={open ? 'open' : 'closed'} hidden={!open}>
        {open ? <AuditTable sessionId={session.id} /> : null}
      </div>
    </li>
  );
}
