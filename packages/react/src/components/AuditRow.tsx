'use client';
import { memo, useCallback } from 'react';
import type { Ref } from 'react';
import { clsx } from 'clsx';
import type { AuditEvent, UserRef } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import { formatDateTime } from '../format';
import { impersonatedOf } from './auditPages';
import { RequestBody } from './RequestBody';

/** Class names for the parts of one audit row. */
export interface AuditRowClassNames {
  row?: string;
  cell?: string;
  bodyToggle?: string;
  body?: string;
}

/** Props of `AuditRow`. */
export interface AuditRowProps {
  event: AuditEvent;
  /** The virtualizer's index, read back by its measuring ref. */
  index: number;
  /** 1-based position among the table's rows (the header is 1). */
  ariaRowIndex: number;
  expanded: boolean;
  onToggle: (eventId: string) => void;
  /** The virtualizer's measuring ref. */
  measureRef: Ref<HTMLTableRowElement>;
  /** Unique per table, so two tables on a page never share an id. */
  idPrefix: string;
  classNames?: AuditRowClassNames;
}

/** A request's outcome, for styling: success below 400, failure from 400. */
function outcomeOf(status: number): 'success' | 'failure' {
  return status < 400 ? 'success' : 'failure';
}

function hasBody(event: AuditEvent): boolean {
  return event.request !== null && event.request.body !== null && event.request.body !== undefined;
}

function Person({ user, none }: { user: UserRef | null; none: string }) {
  if (!user) return <span className="ik-audit__none">{none}</span>;
  return (
    <>
      <span className="ik-audit__name">{user.name}</span> <span className="ik-audit__email">{user.email}</span>
    </>
  );
}

/** One event as a table row; memoised so scrolling renders only the rows that enter the window. */
export const AuditRow = memo(function AuditRow({ event, index, ariaRowIndex, expanded, onToggle, measureRef, idPrefix, classNames }: AuditRowProps) {
  const { t, locale } = useImpersonationContext();
  const toggle = useCallback(() => onToggle(event.id), [onToggle, event.id]);
  const none = t('audit.none');
  const cell = clsx('ik-audit__cell', classNames?.cell);
  const { request } = event;
  const withBody = hasBody(event);
  const state = withBody ? (expanded ? 'expanded' : 'collapsed') : 'static';
  return (
    <tr
      ref={measureRef}
      data-index={index}
      aria-rowindex={ariaRowIndex}
      className={clsx('ik-audit__row', classNames?.row)}
      data-state={state}
      data-type={event.type}
    >
      <td className={clsx(cell, 'ik-audit__time')} data-state={state}>
        <time dateTime={event.at}>{formatDateTime(event.at, locale)}</time>
      </td>
      <td className={clsx(cell, 'ik-audit__event')} data-state={state}>
        <span className="ik-audit__type">{t(`audit.type.${event.type}`)}</span>
        {event.endReason ? (
          <>
            {' '}
            <span className="ik-audit__end-reason">{t(`audit.end.${event.endReason}`)}</span>
          </>
        ) : null}
      </td>
      <td className={clsx(cell, 'ik-audit__request')} data-state={state}>
        {request ? (
          <>
            <code className="ik-audit__request-line">
              <span className="ik-audit__method">{request.method}</span> <span className="ik-audit__path">{request.path}</span>
            </code>
            {withBody ? ' ' : null}
            {withBody ? (
              <RequestBody
                body={request.body}
                id={`${idPrefix}-body-${event.id}`}
                expanded={expanded}
                onToggle={toggle}
                toggleClassName={classNames?.bodyToggle}
                bodyClassName={classNames?.body}
              />
            ) : null}
          </>
        ) : (
          <span className="ik-audit__none">{none}</span>
        )}
      </td>
      <td className={clsx(cell, 'ik-audit__http-status')} data-state={state} data-outcome={request ? outcomeOf(request.status) : undefined}>
        {request ? request.status : <span className="ik-audit__none">{none}</span>}
      </td>
      <td className={clsx(cell, 'ik-audit__impersonator')} data-state={state}>
        <Person user={event.impersonator} none={none} />
      </td>
      <td className={clsx(cell, 'ik-audit__impersonated')} data-state={state}>
        <Person user={impersonatedOf(event)} none={none} />
      </td>
      <td className={clsx(cell, 'ik-audit__reason')} data-state={state}>
        {event.reason ?? <span className="ik-audit__none">{none}</span>}
      </td>
    </tr>
  );
});
