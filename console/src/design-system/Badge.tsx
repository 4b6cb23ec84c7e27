import type { HTMLAttributes } from 'react';
import './Badge.css';

export type Tone = 'neutral' | 'info' | 'good' | 'warning' | 'critical';

export interface BadgeProps extends HTMLAttributes<HTMLSpanElement> {
  tone?: Tone;
  /** Monospaced, for codes and identifiers. */
  code?: boolean;
  /** A status dot before the text (the text still says the status). */
  dot?: boolean;
}

export function Badge({ tone = 'neutral', code = false, dot = false, className, children, ...rest }: BadgeProps) {
  const classes = ['ds-badge', `ds-badge--${tone}`, code ? 'ds-badge--code' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <span className={classes} {...rest}>
      {dot ? <span className="ds-badge__dot" aria-hidden="true" /> : null}
      {children}
    </span>
  );
}
