import type { ReactNode } from 'react';
import type { Tone } from './Badge';
import { AlertIcon, InfoIcon } from './icons';
import './Notice.css';

export interface NoticeProps {
  tone?: Extract<Tone, 'info' | 'warning' | 'critical'>;
  children: ReactNode;
}

/** A one-line message across a page or form: what the reader should know before going on. */
export function Notice({ tone = 'info', children }: NoticeProps) {
  return (
    <div className={`ds-notice ds-notice--${tone}`} role={tone === 'info' ? 'note' : 'status'}>
      <span className="ds-notice__icon" aria-hidden="true">
        {tone === 'info' ? <InfoIcon /> : <AlertIcon />}
      </span>
      <div className="ds-notice__text">{children}</div>
    </div>
  );
}
