'use client';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import { clsx } from 'clsx';
import { useInfiniteQuery } from '@tanstack/react-query';
import { AUDIT_EVENT_TYPES, isImpersonationError } from '@impersonate-kit/sdk';
import type { AuditEvent, AuditEventType, Page, UserRef } from '@impersonate-kit/sdk';
import { QUERY_KEY_ROOT, useImpersonationContext } from '../context';
import { useViewer } from '../hooks/useViewer';
import { failureMessageKey } from '../messages';
import { AuditRow } from './AuditRow';
import type { AuditRowClassNames } from './AuditRow';
import { AuditSessionRow } from './AuditSessionRow';
import { groupEvents, mergeUsers } from './auditPages';
import { useFocusHandOff } from './useFocusHandOff';
import { useAuditVirtualizer } from './useAuditVirtualizer';
import { guarded } from './KitBoundary';

/** Events per request unless told otherwise (the contract's default). */
export const DEFAULT_AUDIT_PAGE_SIZE = 50;

/** The scroll viewport's height unless told otherwise, in px. */
export const DEFAULT_AUDIT_HEIGHT = 480;


const COLUMNS = ['time', 'event', 'status', 'body'] as const;

/** The contract's permission for the account's trail, named in the refusal so the viewer knows what to ask for. */
const AUDIT_PERMISSION = 'impersonate:users';

/** Failures a second try can mend: no answer, a late one, a garbled one, or the server's own fault. */
function retryable(error: unknown): boolean {
  return !isImpersonationError(error) || error.status >= 500 || ['network_error', 'timeout', 'invalid_response'].includes(error.code);
}

const NO_PAGES: readonly Page<AuditEvent>[] = [];

/** Class names for each part of the table, laid over the `ik-audit__*` ones. */
export interface AuditTableClassNames extends AuditRowClassNames {
  filters?: string;
  filter?: string;
  /** The "Show page views" checkbox's label. */
  pageViews?: string;
  select?: string;
  viewport?: string;
  table?: string;
  headerCell?: string;
  spacer?: string;
  /** The polite line under the table: loading, empty, or how many events are loaded. */
  message?: string;
  error?: string;
  retry?: string;
  loadMore?: string;
}

/** Props of `AuditTable`. */
export interface AuditTableProps {
  /** One session's events; without it, the account's trail (needs the impersonate:users permission). */
  sessionId?: string;
  /** Events per request, 1..200; default 50. */
  pageSize?: number;
  /** The user filter's choices; by default the users seen in loaded events. */
  users?: readonly UserRef[];
  /** The scroll viewport's height in px; default 480. Rows outside it are not rendered. */
  height?: number;
  /**
   * Whether page views (recorded GET and HEAD calls) show at first; default: hidden on the account's
   * trail, where they drown what was done, shown for one session, where what was looked at matters.
   */
  defaultShowPageViews?: boolean;
  className?: string;
  classNames?: AuditTableClassNames;
}

/** Where the table stands, as `data-state` on its root. */
type AuditTableState = 'loading' | 'error' | 'empty' | 'ready';

/** Within the contract's page size bounds, 1..200. */
function clampPageSize(pageSize: number): number {
  return Math.min(200, Math.max(1, Math.floor(pageSize) || DEFAULT_AUDIT_PAGE_SIZE));
}

function AuditTableContent({
  sessionId,
  pageSize = DEFAULT_AUDIT_PAGE_SIZE,
  users,
  height = DEFAULT_AUDIT_HEIGHT,
  defaultShowPageViews,
  className,
  classNames,
}: AuditTableProps) {
  const { client, t, locale, queryClient } = useImpersonationContext();
  const baseId = useId();
  const scope = sessionId === undefined ? 'account' : 'session';
  const limit = clampPageSize(pageSize);
  const [typeFilter, setTypeFilter] = useState('');
  const [userFilter, setUserFilter] = useState('');
  // A session's events all name its two people, and its endpoint takes no filters: they apply account-wide only.
  const type = scope === 'account' && typeFilter !== '' ? (typeFilter as AuditEventType) : undefined;
  const userId = scope === 'account' && userFilter !== '' ? userFilter : undefined;
  const filtered = type !== undefined || userId !== undefined;

  const viewer = useViewer();
  const viewerId = viewer.viewer?.user.id ?? null;
  const query = useInfiniteQuery({
    // Keyed by the viewer so another user's cached trail never shows; waits for /viewer to answer.
    queryKey: [QUERY_KEY_ROOT, 'audit', viewerId, { sessionId: sessionId ?? null, type: type ?? null, userId: userId ?? null, limit }],
    queryFn: ({ pageParam }) => client.listEvents({ sessionId, type, userId, cursor: pageParam, limit }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Refetching an infinite query refetches every loaded page: not worth it on each focus.
    refetchOnWindowFocus: false,
    enabled: viewer.status === 'ready' || viewer.status === 'error',
  }, queryClient);
  const { data, error, hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage, refetch } = query;
  const pages = data?.pages ?? NO_PAGES;
  // Flattened once per loaded page, not per render: scrolling reads rows by index.
  const events = useMemo(() => pages.flatMap((page) => page.items), [pages]);
  const [showReads, setShowReads] = useState(defaultShowPageViews ?? scope === 'session');

  // The user filter keeps every user seen under any filter, so choosing one never hides the others.
  // Kept per viewer: the next user signed in on this page never gets the last one's names.
  const [seen, setSeen] = useState<{ viewerId: string | null; users: readonly UserRef[] }>({ viewerId, users: [] });
  useEffect(() => {
    if (users !== undefined || scope !== 'account') return;
    setSeen((last) => {
      const known = last.viewerId === viewerId ? last.users : [];
      const next = mergeUsers(known, pages, locale);
      return next === last.users ? last : { viewerId, users: next };
    });
  }, [users, scope, pages, locale, viewerId]);
  const userOptions = users ?? (seen.viewerId === viewerId ? seen.users : []);

  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const toggleBody = useCallback((eventId: string) => {
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(eventId)) next.add(eventId);
      return next;
    });
  }, []);
  const rows = useMemo(() => groupEvents(events, showReads, expanded), [events, showReads, expanded]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const getItemKey = useCallback((index: number) => rows.at(index)?.key ?? index, [rows]);
  const virtualizer = useAuditVirtualizer({ count: rows.length, scrollRef, height, getItemKey });
  const items = virtualizer.getVirtualItems();
  const total = virtualizer.getTotalSize();
  const padBefore = items[0]?.start ?? 0;
  const padAfter = Math.max(0, total - (items.at(-1)?.end ?? total));

  // Stands in for the rows outside the window, so the scrollbar spans every loaded row.
  const spacer = (height: number) =>
    height > 0 && <div aria-hidden="true" className={clsx('ik-audit__spacer', classNames?.spacer)} data-state="spacer" style={{ height }} />;

  // New filters mean a new list: start it from the top.
  const filterBy = (set: (value: string) => void) => (event: ChangeEvent<HTMLSelectElement>) => {
    set(event.target.value);
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  };

  const state: AuditTableState = data === undefined ? (error ? 'error' : 'loading') : events.length === 0 ? 'empty' : 'ready';
  const statusText =
    state === 'error'
      ? ''
      : t(
          state === 'loading'
            ? 'audit.loading'
            : state === 'empty'
              ? filtered
                ? 'audit.emptyFiltered'
                : 'audit.empty'
              : hasNextPage
                ? 'audit.moreAvailable'
                : 'audit.loaded',
          { count: events.length },
        );
  const retry = () => void (isFetchNextPageError ? fetchNextPage() : refetch());
  // The last page takes Load more away: focus goes to the rows it loaded.
  const loadMoreRef = useFocusHandOff('.ik-audit__viewport');
  const loadMore = () => {
    if (!isFetchingNextPage) void fetchNextPage();
  };

  return (
    <div className={clsx('ik-audit', className)} data-state={state} data-scope={scope}>
      <div className={clsx('ik-audit__filters', classNames?.filters)} data-state={state}>
        {scope === 'account' && (
          <>
          <div className={clsx('ik-field ik-audit__filter', classNames?.filter)} data-state={typeFilter === '' ? 'all' : 'set'}>
            <label className="ik-field__label" htmlFor={`${baseId}-type`}>
              {t('audit.filterType')}
            </label>
            <select
              id={`${baseId}-type`}
              className={clsx('ik-input ik-audit__select', classNames?.select)}
              data-state={typeFilter === '' ? 'all' : 'set'}
              value={typeFilter}
              onChange={filterBy(setTypeFilter)}
            >
              <option value="">{t('audit.filterAll')}</option>
              {AUDIT_EVENT_TYPES.map((value) => (
                <option key={value} value={value}>
                  {t(`audit.type.${value}`)}
                </option>
              ))}
            </select>
          </div>
          <div className={clsx('ik-field ik-audit__filter', classNames?.filter)} data-state={userFilter === '' ? 'all' : 'set'}>
            <label className="ik-field__label" htmlFor={`${baseId}-user`}>
              {t('audit.filterUser')}
            </label>
            <select
              id={`${baseId}-user`}
              className={clsx('ik-input ik-audit__select', classNames?.select)}
              data-state={userFilter === '' ? 'all' : 'set'}
              value={userFilter}
              onChange={filterBy(setUserFilter)}
            >
              <option value="">{t('audit.filterAnyUser')}</option>
              {userOptions.map((user) => (
                <option key={user.id} value={user.id}>
                  {t('audit.userOption', { name: user.name, email: user.email })}
                </option>
              ))}
            </select>
          </div>
          </>
        )}
        <label className={clsx('ik-audit__page-views', classNames?.pageViews)} data-state={showReads ? 'on' : 'off'}>
          <input type="checkbox" className="ik-audit__checkbox" checked={showReads} onChange={(event) => setShowReads(event.target.checked)} />
          {t('audit.showPageViews')}
        </label>
      </div>

      {/* Functional inline styles: without a bounded, scrolling viewport and sized spacers there is no virtualisation. */}
      <div
        ref={scrollRef}
        className={clsx('ik-audit__viewport', classNames?.viewport)}
        data-state={state}
        // Focusable so keyboard users can scroll rows that hold no button.
        tabIndex={0}
        style={{ maxHeight: height, overflowY: 'auto' }}
      >
        <div
          role="table"
          className={clsx('ik-audit__table', classNames?.table)}
          data-state={state}
          aria-label={t('audit.label')}
          // The total row count when it is known; -1 while more pages exist (ARIA's "unknown").
          aria-rowcount={data === undefined ? undefined : hasNextPage ? -1 : rows.length + 1}
          aria-busy={query.isFetching || undefined}
        >
          <div role="row" aria-rowindex={1} className="ik-audit__head-row">
            {COLUMNS.map((column) => (
              <div key={column} role="columnheader" className={clsx(`ik-audit__header ik-audit__header--${column}`, classNames?.headerCell)}>
                {t(`audit.${column}`)}
              </div>
            ))}
          </div>
          {spacer(padBefore)}
          {items.map((item) => {
            const row = rows.at(item.index);
            if (!row) return null;
            const at = { index: item.index, measureRef: virtualizer.measureElement, classNames };
            if (row.kind === 'session') return <AuditSessionRow key={item.key} {...at} sessionId={row.sessionId} events={row.events} hiddenReads={row.hiddenReads} viewerId={viewerId} />;
            return (
              <AuditRow key={item.key} {...at} event={row.event} bodyRow={row.kind === 'body'} expanded={expanded.has(row.event.id)} onToggle={toggleBody} idPrefix={baseId} />
            );
          })}
          {spacer(padAfter)}
        </div>
      </div>

      <p className={clsx('ik-audit__message', classNames?.message)} data-state={state} role="status">
        {statusText}
      </p>

      {error && (
        <div className={clsx('ik-audit__error', classNames?.error)} data-state="error" role="alert">
          <p className="ik-audit__error-text">
            {isImpersonationError(error) && error.code === 'forbidden'
              ? t('audit.forbidden', { permission: AUDIT_PERMISSION })
              : `${t('audit.error')} ${t(failureMessageKey(error))}`}
          </p>
          {retryable(error) && (
          <button type="button" className={clsx('ik-button ik-audit__retry', classNames?.retry)} data-state={query.isFetching ? 'pending' : 'idle'} onClick={retry}>
            {t('audit.retry')}
          </button>
          )}
        </div>
      )}

      {hasNextPage && (
        <button
          ref={loadMoreRef}
          type="button"
          className={clsx('ik-button ik-audit__load-more', classNames?.loadMore)}
          data-state={isFetchingNextPage ? 'pending' : 'idle'}
          // aria-disabled, not disabled: the button keeps focus while the next page loads.
          aria-disabled={isFetchingNextPage || undefined}
          onClick={loadMore}
        >
          {t(isFetchingNextPage ? 'audit.loadingMore' : 'audit.loadMore')}
        </button>
      )}
    </div>
  );
}

/**
 * The impersonation audit trail as a table grouped by session: a header row per session (who
 * impersonated whom, the reason, start–end, duration, how it ended) over one-line event rows whose
 * redacted request bodies open below them; page views behind a toggle, filters, cursor pages
 * (Load more) and virtualised rows, so thousands of loaded events keep a small DOM. Under 600 px
 * of its own width (container query) rows become stacked cards.
 */
export const AuditTable = /* @__PURE__ */ guarded<AuditTableProps>('audit', AuditTableContent);
