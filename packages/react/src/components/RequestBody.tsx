'use client';
import { useMemo } from 'react';
import { clsx } from 'clsx';
import { isTruncatedBody, redact } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';

/** Props of `RequestBody`. */
export interface RequestBodyProps {
  /** The recorded body, as the server stored it. */
  body: unknown;
  /** The id of the body's container, for the toggle's aria-controls. */
  id: string;
  expanded: boolean;
  onToggle: () => void;
  toggleClassName?: string;
  bodyClassName?: string;
}

/** What to show for a body: pretty JSON of its redacted form, or the preview of a cut one. */
function present(body: unknown): { text: string; cutFromBytes: number | null } {
  // Redacted again on purpose: the display must never depend on the server having done it.
  const clean = isTruncatedBody(body) ? body : redact(body);
  if (isTruncatedBody(clean)) return { text: clean.preview, cutFromBytes: clean.originalBytes };
  return { text: JSON.stringify(clean, null, 2) ?? 'null', cutFromBytes: null };
}

/** A disclosure button and, when open, the redacted request body as text (never as HTML). */
export function RequestBody({ body, id, expanded, onToggle, toggleClassName, bodyClassName }: RequestBodyProps) {
  const { t, locale } = useImpersonationContext();
  const state = expanded ? 'open' : 'closed';
  return (
    <>
      <button
        type="button"
        className={clsx('ik-button', 'ik-audit__body-toggle', toggleClassName)}
        data-state={state}
        aria-expanded={expanded}
        aria-controls={id}
        onClick={onToggle}
      >
        {t(expanded ? 'audit.hideBody' : 'audit.showBody')}
      </button>
      {expanded ? <OpenBody id={id} body={body} locale={locale} className={bodyClassName} /> : null}
    </>
  );
}

function OpenBody({ id, body, locale, className }: { id: string; body: unknown; locale: string | undefined; className: string | undefined }) {
  const { t } = useImpersonationContext();
  const { text, cutFromBytes } = useMemo(() => present(body), [body]);
  return (
    <div id={id} className={clsx('ik-audit__body', className)} data-state="open" data-truncated={cutFromBytes !== null ? '' : undefined}>
      <pre className="ik-audit__body-text">{text}</pre>
      {cutFromBytes !== null ? (
        <p className="ik-audit__body-note">{t('audit.truncated', { bytes: new Intl.NumberFormat(locale).format(cutFromBytes) })}</p>
      ) : null}
    </div>
  );
}
