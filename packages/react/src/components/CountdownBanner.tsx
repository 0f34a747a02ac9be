'use client';
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
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

function CountdownBannerContent({ className, onEnded }: CountdownBannerProps) {
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
  // Keyed by session: a restarted session starts with no leftover failure or announcement.
  return <ActiveBanner key={state.session.id} session={state.session} ending={state.status === 'ending'} className={className} />;
}

interface ActiveBannerProps {
  session: Session;
  ending: boolean;
  className: string | undefined;
}

function ActiveBanner({ session, ending, className }: ActiveBannerProps) {
  const { client, t, locale } = useImpersonationContext();
  const rootRef = useRef<HTMLDivElement>(null);
  const timeLabelId = useId();
  const expiresAtMs = Date.parse(session.expiresAt);
  const level = useWarningLevel(client.ticker, expiresAtMs);
  const announcement = useThresholdAnnouncement(level, () => expiresAtMs - client.ticker.getSnapshot(), t);
  const { failure, endSession } = useEndWithRetry(client);
  useHeightVariable(rootRef);

  const state = ending ? 'ending' : 'active';
  const warning = level === 'none' ? undefined : level;
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
      data-state={state}
      data-warning={warning}
    >
      <div className="ik-banner__who" data-state={state}>
        <p className="ik-banner__title" data-state={state}>
          {t('banner.title', { name: session.target.name, email: session.target.email })}
        </p>
        {session.reasonCategory !== null && (
          <p className="ik-banner__category" data-state={state}>
            {t('banner.category', { category: session.reasonCategory })}
          </p>
        )}
        {session.reason !== null && (
          <p className="ik-banner__reason" data-state={state}>
            {t('banner.reason', { reason: session.reason })}
          </p>
        )}
      </div>
      <div className="ik-banner__time" data-state={state} data-warning={warning}>
        <span id={timeLabelId} className="ik-banner__time-label" data-state={state}>
          {t('banner.timeLeft')}
        </span>{' '}
        <CountdownTimer labelledBy={timeLabelId} state={state} />{' '}
        <span className="ik-banner__ends" data-state={state}>
          {endsBecauseText(session, client.serverNow(), t, locale)}
        </span>
      </div>
      {failure !== null && (
        <p role="alert" className="ik-banner__error" data-state={state}>
          {t(failure.retrying ? 'banner.endFailed' : 'banner.endFailedFinal', { error: t(errorMessageKey(failure.error.code)) })}
        </p>
      )}
      <button
        type="button"
        className="ik-button ik-banner__end"
        data-state={state}
        aria-disabled={ending || undefined}
        aria-busy={ending || undefined}
        onClick={onEnd}
      >
        {ending ? t('banner.ending') : t('banner.end')}
      </button>
      {/* Its text changes only when a threshold is crossed, so it speaks twice per session at most. */}
      <p aria-live="polite" aria-atomic="true" className="ik-visually-hidden ik-banner__announcement" data-state={state} data-warning={warning}>
        {announcement}
      </p>
    </div>
  );
}

const DAY_MS = 86_400_000;

/** What will end the session, in words: the time limit, inactivity, or the consent's end. */
function endsBecauseText(session: Session, nowMs: number, t: ImpersonationContextValue['t'], locale: string | undefined): string {
  switch (session.expiresBecause) {
    case 'consent': {
      // Consent can last days: a bare time of day would be ambiguous beyond the next 24 hours.
      const soon = Date.parse(session.expiresAt) - nowMs < DAY_MS;
      return t('banner.endsBecause.consent', { time: soon ? formatTime(session.expiresAt, locale) : formatDateTime(session.expiresAt, locale) });
    }
    case 'idle':
      return t('banner.endsBecause.idle');
    case 'max_duration':
      return t('banner.endsBecause.max_duration');
  }
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
  const retryHandle = useRef<unknown>(undefined);
  const mounted = useRef(false);

  const cancelRetry = useCallback(() => {
    if (retryHandle.current !== undefined) client.clock.clearTimeout(retryHandle.current);
    retryHandle.current = undefined;
  }, [client]);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      cancelRetry();
    };
  }, [cancelRetry]);

  const attempt = useCallback(
    function run(retry: number) {
      cancelRetry();
      client.session.end().catch((cause: unknown) => {
        // A banner that is gone (the session ended another way) has nothing left to retry.
        if (!mounted.current) return;
        const error = toImpersonationError(cause);
        const delay = RETRIED_CODES.includes(error.code) ? RETRY_DELAYS_MS[retry] : undefined;
        setFailure({ error, retrying: delay !== undefined });
        if (delay !== undefined) {
          retryHandle.current = client.clock.setTimeout(() => {
            retryHandle.current = undefined;
            run(retry + 1);
          }, delay);
        }
      });
    },
    [client, cancelRetry],
  );

  const endSession = useCallback(() => attempt(0), [attempt]);
  return { failure, endSession };
}

/** Publishes the banner's height as `--ik-banner-height` on `<html>` while it is mounted. */
function useHeightVariable(ref: RefObject<HTMLElement | null>): void {
  // After every render, not once: content (an error line) changes the height, and where there is
  // no ResizeObserver nothing else would tell. The banner renders rarely, so this costs little.
  useIsomorphicLayoutEffect(() => {
    const node = ref.current;
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
 * The sticky banner shown while a session is active: who, why, time left and End session. Only
 * its timer re-renders every second; it disappears as soon as the session ends for any reason.
 */
export const CountdownBanner = /* @__PURE__ */ guarded<CountdownBannerProps>('banner', CountdownBannerContent);
