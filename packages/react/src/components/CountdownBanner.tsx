'use client';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { clsx } from 'clsx';
import { toImpersonationError } from '@impersonate-kit/sdk';
import type { EndReason, ImpersonationClient, ImpersonationError, Session } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import type { ImpersonationContextValue } from '../context';
import { formatDateTime, formatTime } from '../format';
import { useImpersonation } from '../hooks/useImpersonation';
import { errorMessageKey } from '../messages';
import { CountdownTimer } from './CountdownTimer';
import { useWarningLevel } from './useWarningLevel';
import type { WarningLevel } from './useWarningLevel';
import { guarded } from './KitBoundary';

/** Props of `CountdownBanner`. */
export interface CountdownBannerProps {
  className?: string;
  /** `bar` (default): a slim sticky bar across the top; `badge`: a small floating pill pinned to the end corner, for dense apps. */
  variant?: 'bar' | 'badge';
  /** Called once when the session the banner showed ends, for any reason. */
  onEnded?: (endReason: EndReason, session: Session) => void;
}

/** The CSS variable on `<html>` that holds the banner's height while it shows, so hosts can offset fixed headers. */
export const BANNER_HEIGHT_VARIABLE = '--ik-banner-height';

/** Failures of End session that are worth retrying on their own: the server was not reached. */
const RETRIED_CODES: readonly string[] = ['network_error', 'timeout'];

/** Waits before each automatic retry of End session. */
const RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000];

const useIsomorphicLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

function CountdownBannerContent({ className, variant = 'bar', onEnded }: CountdownBannerProps) {
  const { state } = useImpersonation();
  const running = state.status === 'active' || state.status === 'ending';
  const shownId = useRef<string | null>(null);

  useEffect(() => {
    if (running) {
      shownId.current = state.session?.id ?? null;
      return;
    }
    if (state.status === 'ended' && state.session !== null && shownId.current === state.session.id) {
      shownId.current = null;
      onEnded?.(state.endReason ?? 'ended', state.session);
    }
  }, [running, state, onEnded]);

  if (!running || state.session === null) return null;
  // Keyed by session: a restarted session starts with no leftover failure, disclosure or announcement.
  return <ActiveBanner key={state.session.id} session={state.session} ending={state.status === 'ending'} variant={variant} className={className} />;
}

interface ActiveBannerProps {
  session: Session;
  ending: boolean;
  variant: 'bar' | 'badge';
  className: string | undefined;
}

/** The mark that says "special mode" beside the words: a person behind a mask, decorative. */
const ICON = (
  <svg className="ik-banner__icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
    <path fill="currentColor" d="M12 2a5 5 0 0 1 5 5v1h1.5a1.5 1.5 0 0 1 0 3H17a5 5 0 0 1-10 0H5.5a1.5 1.5 0 0 1 0-3H7V7a5 5 0 0 1 5-5Zm-2.5 8a1.25 1.25 0 1 0 0 2.5 1.25 1.25 0 0 0 0-2.5Zm5 0a1.25 1.25 0 1 0 0 2.5 1.25 1.25 0 0 0 0-2.5ZM4 22a8 8 0 0 1 16 0Z" />
  </svg>
);

function ActiveBanner({ session, ending, variant, className }: ActiveBannerProps) {
  const { client, t, locale } = useImpersonationContext();
  const rootRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  const [open, setOpen] = useState(false);
  const expiresAtMs = Date.parse(session.expiresAt);
  const level = useWarningLevel(client.ticker, expiresAtMs);
  const announcement = useThresholdAnnouncement(level, () => expiresAtMs - client.ticker.getSnapshot(), t);
  const { failure, endSession } = useEndWithRetry(client);
  // A floating badge covers nothing in the flow, so hosts have nothing to offset.
  useHeightVariable(variant === 'bar' ? rootRef : null);

  const state = ending ? 'ending' : 'active';
  const warning = level === 'none' ? undefined : level;
  const { target, impersonator } = session;
  const title = t('banner.title', { name: target.name, email: target.email });
  const actor = t('banner.actor', { name: impersonator.name });
  const onEnd = () => {
    // aria-disabled keeps the button focusable while pending, so clicks must be ignored here.
    if (!ending) endSession();
  };

  return (
    <div
      ref={rootRef}
      role="region"
      aria-label={t('banner.label')}
      className={clsx('ik-banner', className)}
      data-variant={variant}
      data-state={state}
      data-warning={warning}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return;
        // Escape closes the details and hands focus back to the button that opened them.
        event.preventDefault();
        setOpen(false);
        toggleRef.current?.focus();
      }}
    >
      {/* Names are cut with an ellipsis so the bar keeps its height; the full text is in the title and the details. */}
      <p className="ik-banner__who">
        {variant === 'badge' ? (
          <span className="ik-banner__avatar" aria-hidden="true">
            {target.name.trim().charAt(0).toUpperCase() || ICON}
          </span>
        ) : (
          ICON
        )}
        <span className="ik-banner__title" title={title}>
          {variant === 'badge' ? t('banner.badge', { name: target.name }) : title}
        </span>{' '}
        <span className="ik-banner__actor" title={actor}>
          {actor}
        </span>
      </p>
      <p className="ik-banner__time" data-warning={warning}>
        <span id={`${id}-time`} className="ik-banner__time-label">
          {t('banner.timeLeft')}
        </span>{' '}
        <CountdownTimer labelledBy={`${id}-time`} state={state} />
      </p>
      <button
        ref={toggleRef}
        type="button"
        className="ik-banner__toggle"
        aria-expanded={open}
        aria-controls={`${id}-details`}
        onClick={() => setOpen(!open)}
      >
        {t('banner.details')}
      </button>
      <button
        type="button"
        className="ik-banner__end"
        data-state={state}
        aria-disabled={ending || undefined}
        aria-busy={ending || undefined}
        onClick={onEnd}
      >
        {/* Both labels share one grid cell, the hidden one holding the width, so the button never resizes. */}
        <span aria-hidden={ending || undefined}>{t('banner.end')}</span>
        <span aria-hidden={!ending || undefined}>{t('banner.ending')}</span>
      </button>
      {/* Focusable, so a long reason that scrolls can be scrolled from the keyboard. */}
      <div id={`${id}-details`} role="group" aria-label={t('banner.details')} tabIndex={0} className="ik-banner__details" hidden={!open}>
        <p>{title}</p>
        <p>{actor}</p>
        {session.reasonCategory !== null && <p>{t('banner.category', { category: session.reasonCategory })}</p>}
        {session.reason !== null && <p>{t('banner.reason', { reason: session.reason })}</p>}
        <p>{endsBecauseText(session, client.serverNow(), t, locale)}</p>
      </div>
      {failure !== null && (
        // Below the bar, over the page: the bar itself never grows.
        <p role="alert" className="ik-banner__error">
          {failure.retrying ? t('banner.endRetrying') : t('banner.endFailedFinal', { error: t(errorMessageKey(failure.error.code)) })}
        </p>
      )}
      {/* Its text changes only when a threshold is crossed, so it speaks twice per session at most. */}
      <p aria-live="polite" aria-atomic="true" className="ik-visually-hidden ik-banner__announcement">
        {announcement}
      </p>
    </div>
  );
}

const DAY_MS = 86_400_000;

/** What will end the session, in words: the time limit, inactivity, or the consent's end. */
function endsBecauseText(session: Session, nowMs: number, t: ImpersonationContextValue['t'], locale: string | undefined): string {
  if (session.expiresBecause !== 'consent') return t(`banner.endsBecause.${session.expiresBecause}`);
  // Consent can last days: a bare time of day would be ambiguous beyond the next 24 hours.
  const soon = Date.parse(session.expiresAt) - nowMs < DAY_MS;
  return t('banner.endsBecause.consent', { time: soon ? formatTime(session.expiresAt, locale) : formatDateTime(session.expiresAt, locale) });
}

/**
 * The text of the polite announcement: empty until a threshold is crossed, then the time left in
 * whole minutes. It is derived while rendering, so it changes in the same commit as the level.
 */
function useThresholdAnnouncement(level: WarningLevel, remainingMs: () => number, t: ImpersonationContextValue['t']): string {
  // A banner that mounts already in warning says nothing: new content is not announced reliably, and the next threshold will be.
  const [announced, setAnnounced] = useState<{ level: WarningLevel; text: string }>(() => ({ level, text: '' }));
  if (announced.level !== level) {
    const minutes = Math.max(1, Math.ceil(remainingMs() / 60_000));
    const text = level === 'none' ? '' : t('banner.warning', { minutes });
    setAnnounced({ level, text });
  }
  return announced.text;
}

interface EndFailure {
  error: ImpersonationError;
  /** True while an automatic retry is scheduled. */
  retrying: boolean;
}

/** End session, retried with backoff when the server could not be reached; a click retries at once. */
function useEndWithRetry(client: ImpersonationClient): { failure: EndFailure | null; endSession: () => void } {
  const [failure, setFailure] = useState<EndFailure | null>(null);
  // Cancels the scheduled retry; `gone` once the banner is, which has nothing left to retry.
  const [live] = useState<{ cancel?: () => void; gone?: boolean }>({});

  useEffect(() => {
    live.gone = false;
    return () => {
      live.gone = true;
      live.cancel?.();
    };
  }, [live]);

  function run(retry: number) {
    live.cancel?.();
    live.cancel = undefined;
    client.session.end().catch((cause: unknown) => {
      if (live.gone) return;
      const error = toImpersonationError(cause);
      const delay = RETRIED_CODES.includes(error.code) ? RETRY_DELAYS_MS[retry] : undefined;
      setFailure({ error, retrying: delay !== undefined });
      if (delay !== undefined) {
        const handle = client.clock.setTimeout(() => run(retry + 1), delay);
        live.cancel = () => client.clock.clearTimeout(handle);
      }
    });
  }

  return { failure, endSession: () => run(0) };
}

/** Publishes the banner's height as `--ik-banner-height` on `<html>` while it is mounted. */
function useHeightVariable(ref: RefObject<HTMLElement | null> | null): void {
  // After every render, not once: content (an error line) changes the height, and where there is
  // no ResizeObserver nothing else would tell. The banner renders rarely, so this costs little.
  useIsomorphicLayoutEffect(() => {
    const node = ref?.current;
    if (!node) return;
    const root = node.ownerDocument.documentElement;
    const view = node.ownerDocument.defaultView;
    const publish = () => root.style.setProperty(BANNER_HEIGHT_VARIABLE, `${Math.ceil(node.getBoundingClientRect().height)}px`);
    publish();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(publish);
    observer?.observe(node);
    view?.addEventListener('resize', publish);
    return () => {
      observer?.disconnect();
      view?.removeEventListener('resize', publish);
      root.style.removeProperty(BANNER_HEIGHT_VARIABLE);
    };
  });
}

/**
 * Shown while a session is active: whom you act as, who you really are, time left and End session,
 * with the reason behind a disclosure; a slim sticky bar or (`variant="badge"`) a floating pill.
 * Only its timer re-renders every second; it disappears as soon as the session ends for any reason.
 */
export const CountdownBanner = /* @__PURE__ */ guarded<CountdownBannerProps>('banner', CountdownBannerContent);
