import { useId, type ReactNode } from 'react';
import './Panel.css';

export interface PanelProps {
  title: ReactNode;
  /** One line under the title saying what the panel holds. */
  description?: ReactNode;
  /** Buttons or filters at the right of the header. */
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** A titled region of a page. */
export function Panel({ title, description, actions, children, className }: PanelProps) {
  const titleId = useId();
  return (
    <section className={['ds-panel', className ?? ''].filter(Boolean).join(' ')} aria-labelledby={titleId}>
      <div className="ds-panel__header">
        <div>
          <h2 id={titleId} className="ds-panel__title">
            {title}
          </h2>
          {description ? <p className="ds-panel__description">{description}</p> : null}
        </div>
        {actions ? <div className="ds-panel__actions">{actions}</div> : null}
      </div>
      <div className="ds-panel__body">{children}</div>
    </section>
  );
}
