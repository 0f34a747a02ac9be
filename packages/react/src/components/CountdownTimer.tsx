'use client';
import { clsx } from 'clsx';
import { useCountdown } from '../hooks/useCountdown';

/** Props of `CountdownTimer`. */
export interface CountdownTimerProps {
  /** The id of the element that names the timer ("Time left"). */
  labelledBy?: string;
  /** The session's state, mirrored as `data-state`. */
  state?: 'active' | 'ending';
  className?: string;
}

/**
 * Time left of the active session as role="timer". It is the only part of the banner that
 * re-renders every second, so nothing around it does. A timer is not a live region: screen
 * readers would otherwise read it out every second (the banner announces thresholds instead).
 */
export function CountdownTimer({ labelledBy, state = 'active', className }: CountdownTimerProps) {
  const { text, warning } = useCountdown();
  return (
    <span
      role="timer"
      aria-labelledby={labelledBy}
      className={clsx('ik-banner__timer', className)}
      data-state={state}
      data-warning={warning || undefined}
    >
      {text}
    </span>
  );
}
