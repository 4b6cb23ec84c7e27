import type { ReactNode } from 'react';
import './States.css';

export interface EmptyStateProps {
  /** A large, decorative icon. */
  icon?: ReactNode;
  title: ReactNode;
  /** What will appear here and when: the reader should never wonder whether something is broken. */
  children?: ReactNode;
  actions?: ReactNode;
  /** Heading level of the title, to fit the page outline. */
  headingLevel?: 2 | 3;
}

export function EmptyState({ icon, title, children, actions, headingLevel = 3 }: EmptyStateProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="ds-state ds-state--empty">
      {icon ? (
        <div className="ds-state__icon" aria-hidden="true">
          {icon}
        </div>
      ) : null}
      <Heading className="ds-state__title">{title}</Heading>
      {children ? <div className="ds-state__body">{children}</div> : null}
      {actions ? <div className="ds-state__actions">{actions}</div> : null}
    </div>
  );
}
