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
  className?: string;
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

/** The redacted request body as bounded text in a <pre> (never as HTML), with a note where it was cut. */
export function RequestBody({ body, className }: RequestBodyProps) {
  const { t, locale } = useImpersonationContext();
  const { text, shortened, cutFromBytes } = useMemo(() => present(body), [body]);
  const number = (value: number) => new Intl.NumberFormat(locale).format(value);
  return (
    <div className={clsx('ik-audit__body', className)} data-state="open" data-truncated={cutFromBytes !== null || shortened ? '' : undefined}>
      {/* Text only: React escapes it, and nothing of the body ever becomes markup or elements. */}
      <pre className="ik-audit__body-text">{text}</pre>
      {shortened && <p className="ik-audit__body-note">{t('audit.bodyShortened', { count: number(MAX_REDACTED_BYTES) })}</p>}
      {cutFromBytes !== null && (
        <p className="ik-audit__body-note">
          {/* A cut body within 8 KiB was cut for its depth, not its size. */}
          {t(cutFromBytes > MAX_REDACTED_BYTES ? 'audit.truncated' : 'audit.truncatedDeep', { bytes: number(cutFromBytes) })}
        </p>
      )}
    </div>
  );
}
