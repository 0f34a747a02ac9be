'use client';
import { useMemo } from 'react';
import { clsx } from 'clsx';
import { MAX_REDACTED_BYTES, isTruncatedBody, redact } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import { bodyText } from './bodyText';

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

/** What to show for a body: text of its redacted form, or of a cut one's preview. */
function present(body: unknown): { text: string; shortened: boolean; cutFromBytes: number | null } {
  // Redacted again on purpose: the display must never depend on the server having done it.
  const clean = isTruncatedBody(body) ? body : redact(body);
  if (isTruncatedBody(clean) && typeof clean.originalBytes === 'number') {
    // The contract's preview is at most 8 KiB; a hostile server's can be any length.
    const shortened = clean.preview.length > MAX_REDACTED_BYTES;
    return { text: shortened ? clean.preview.slice(0, MAX_REDACTED_BYTES) : clean.preview, shortened, cutFromBytes: clean.originalBytes };
  }
  return { text: bodyText(clean), shortened: false, cutFromBytes: null };
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
  const { text, shortened, cutFromBytes } = useMemo(() => present(body), [body]);
  const number = (value: number) => new Intl.NumberFormat(locale).format(value);
  return (
    <div id={id} className={clsx('ik-audit__body', className)} data-state="open" data-truncated={cutFromBytes !== null || shortened ? '' : undefined}>
      {/* Text only: React escapes it, and nothing of the body ever becomes markup or elements. */}
      <pre className="ik-audit__body-text">{text}</pre>
      {shortened ? <p className="ik-audit__body-note">{t('audit.bodyShortened', { count: number(MAX_REDACTED_BYTES) })}</p> : null}
      {cutFromBytes !== null ? (
        <p className="ik-audit__body-note">
          {/* A cut body within 8 KiB was cut for its depth, not its size. */}
          {cutFromBytes > MAX_REDACTED_BYTES ? t('audit.truncated', { bytes: number(cutFromBytes) }) : t('audit.truncatedDeep')}
        </p>
      ) : null}
    </div>
  );
}
