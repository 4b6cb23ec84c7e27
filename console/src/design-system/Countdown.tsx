import { useEffect, useRef, useState } from 'react';
import type { Tone } from './Badge';
import './Countdown.css';

export interface CountdownProps {
  /** When the time is up, in epoch milliseconds. */
  deadline: number;
  /** What the time is for, e.g. "Time left to accept"; read by screen readers. */
  label: string;
  /** Reads the current time; Date.now unless a test or a replay passes its own clock. */
  now?: () => number;
  /** Turns amber at or below this many seconds left. */
  warnAtSeconds?: number;
  /** Turns red at or below this many seconds left (and when elapsed). */
  criticalAtSeconds?: number;
  /** Called once when the deadline passes. */
  onElapsed?: () => void;
  /** How often the display updates, in milliseconds. */
  tickMs?: number;
}

/** Seconds shown as m:ss, or h:mm:ss from an hour up; never negative. */
export function formatRemaining(totalSeconds: number): string {
  const seconds = Math.max(0, Math.ceil(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

export function countdownTone(secondsLeft: number, warnAtSeconds: number, criticalAtSeconds: number): Tone {
  if (secondsLeft <= criticalAtSeconds) return 'critical';
  if (secondsLeft <= warnAtSeconds) return 'warning';
  return 'neutral';
}

/** Time left until a deadline (an offer to accept, a wrap-up to finish), ticking down. */
export function Countdown({
  deadline,
  label,
  now = Date.now,
  warnAtSeconds = 10,
  criticalAtSeconds = 5,
  onElapsed,
  tickMs = 250,
}: CountdownProps) {
  const [current, setCurrent] = useState(() => now());
  const elapsedReported = useRef(false);
  const onElapsedRef = useRef(onElapsed);
  onElapsedRef.current = onElapsed;

  const secondsLeft = Math.max(0, (deadline - current) / 1000);
  const elapsed = secondsLeft <= 0;

  useEffect(() => {
    elapsedReported.current = false;
    setCurrent(now());
  }, [deadline, now]);

  useEffect(() => {
    if (elapsed) {
      if (!elapsedReported.current) {
        elapsedReported.current = true;
        onElapsedRef.current?.();
      }
      return undefined;
    }
    const timer = setInterval(() => setCurrent(now()), tickMs);
    return () => clearInterval(timer);
  }, [elapsed, now, tickMs]);

  const tone = countdownTone(secondsLeft, warnAtSeconds, criticalAtSeconds);
  const whole = Math.ceil(secondsLeft);
  return (
    <span className={`ds-countdown ds-countdown--${tone}`} role="timer" aria-label={label}>
      <time dateTime={`PT${whole}S`}>{formatRemaining(secondsLeft)}</time>
    </span>
  );
}
