import type { ReactNode } from 'react';
import { Button } from './Button';
import { AlertIcon, RefreshIcon } from './icons';
import './States.css';

export interface ErrorStateProps {
  title: ReactNode;
  /** What went wrong, in plain words. */
  message: ReactNode;
  /** Offers a retry button when given. */
  onRetry?: () => void;
  retryLabel?: ReactNode;
  retrying?: boolean;
  /** A technical reference (an error code) that support can search for. */
  reference?: ReactNode;
}

export function ErrorState({ title, message, onRetry, retryLabel, retrying = false, reference }: ErrorStateProps) {
  return (
    <div className="ds-state ds-state--error" role="alert">
      <div className="ds-state__icon" aria-hidden="true">
        <AlertIcon />
      </div>
      <h3 className="ds-state__title">{title}</h3>
      <div className="ds-state__body">
        <p>{message}</p>
        {reference ? <p className="ds-state__reference">{reference}</p> : null}
      </div>
      {onRetry ? (
        <div className="ds-state__actions">
          <Button variant="primary" icon={<RefreshIcon />} onClick={onRetry} busy={retrying}>
            {retryLabel}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
