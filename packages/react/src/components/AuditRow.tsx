'use client';
import { memo } from 'react';
import type { Ref } from 'react';
import { clsx } from 'clsx';
import type { AuditEvent } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import type { ImpersonationContextValue } from '../context';
import type { MessageKey } from '../messages';
import { auditTime, hasBody } from './auditPages';
import { RequestBody } from './RequestBody';

/** The table's columns: every event row fills these four cells, header rows span them. */
export const AUDIT_COLUMNS = 4;

/** Class names for the parts of one audit row. */
export interface AuditRowClassNames {
  row?: string;
  cell?: string;
  /** A session's header row. */
  session?: string;
  bodyToggle?: string;
  body?: string;
}

/** Props of `AuditRow`. */
export interface AuditRowProps {
  event: AuditEvent;
  /** The row under an action that holds its open body, instead of the action itself. */
  bodyRow?: boolean;
  /** The virtualizer's index, read back by its measuring ref; `aria-rowindex` is 2 more (1-based, after the column headers). */
  index: number;
  expanded: boolean;
  onToggle: (eventId: string) => void;
  /** The virtualizer's measuring ref. */
  measureRef: Ref<HTMLDivElement>;
  /** Unique per table, so two tables on a page never share an id. */
  idPrefix: string;
  classNames?: AuditRowClassNames;
}

/** What an event is, on one line: the request for an action, who for a consent change, the type otherwise. */
function what(event: AuditEvent, t: ImpersonationContextValue['t']) {
  const { request, actor, type } = event;
  if (request) {
    return (
      <code className="ik-audit__request-line">
        <span className="ik-audit__method">{request.method}</span> <span className="ik-audit__path">{request.path}</span>
      </code>
    );
  }
  // Consent changes name the consenting user as who acted: never as an "impersonated user".
  if (type.startsWith('consent.')) return <span className="ik-audit__type">{t(`audit.consentBy.${type}` as MessageKey, { name: actor.name, email: actor.email })}</span>;
  return (
    <>
      <span className="ik-audit__type">{t(`audit.type.${type}`)}</span>
      {event.endReason && ' '}
      {event.endReason && <span className="ik-audit__end-reason">{t(`audit.end.${event.endReason}`)}</span>}
    </>
  );
}

/** One event as a one-line row (time, what, status, body toggle), or the row holding an action's open body. */
export const AuditRow = memo(function AuditRow({ event, bodyRow, index, expanded, onToggle, measureRef, idPrefix, classNames }: AuditRowProps) {
  const { t, locale } = useImpersonationContext();
  const bodyId = `${idPrefix}-body-${event.id}`;
  const cell = clsx('ik-audit__cell', classNames?.cell);
  const status = event.request?.status;
  // The server answers a policy-blocked call with 403 and records that status: the badge says so in words.
  const blocked = status === 403;
  const state = hasBody(event) ? (expanded ? 'expanded' : 'collapsed') : 'static';
  const rowProps = { ref: measureRef, role: 'row', 'data-index': index, 'aria-rowindex': index + 2, 'data-type': event.type };
  if (bodyRow) {
    return (
      <div {...rowProps} className={clsx('ik-audit__row ik-audit__body-row', classNames?.row)} data-state="body">
        <div role="cell" id={bodyId} aria-colspan={AUDIT_COLUMNS} className={clsx(cell, 'ik-audit__body-cell')}>
          <RequestBody body={event.request?.body} className={classNames?.body} />
        </div>
      </div>
    );
  }
  return (
    <div {...rowProps} className={clsx('ik-audit__row', classNames?.row)} data-state={state} data-blocked={blocked || undefined}>
      <div role="cell" className={clsx(cell, 'ik-audit__time')}>
        <time dateTime={event.at}>{auditTime(event.at, locale)}</time>
      </div>
      <div role="cell" className={clsx(cell, 'ik-audit__what')}>
        {what(event, t)}
      </div>
      <div role="cell" className={clsx(cell, 'ik-audit__http-status')} data-outcome={status === undefined ? undefined : status < 400 ? 'success' : 'failure'}>
        {status}
        {blocked && ' '}
        {blocked && <span className="ik-audit__badge">{t('audit.blocked')}</span>}
      </div>
      <div role="cell" className={clsx(cell, 'ik-audit__more')}>
        {state === 'static' ? null : (
          <button
            type="button"
            className={clsx('ik-button ik-audit__body-toggle', classNames?.bodyToggle)}
            data-state={expanded ? 'open' : 'closed'}
            aria-expanded={expanded}
            aria-controls={bodyId}
            onClick={() => onToggle(event.id)}
          >
            {t(expanded ? 'audit.hideBody' : 'audit.showBody')}
          </button>
        )}
      </div>
    </div>
  );
});
