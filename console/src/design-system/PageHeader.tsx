import type { ReactNode } from 'react';
import './PageHeader.css';

export interface PageHeaderProps {
  title: ReactNode;
  description?: ReactNode;
  /** Status and actions at the right: last update, refresh, full screen. */
  actions?: ReactNode;
}

/** The title block every page starts with; the h1 takes focus after navigation. */
export function PageHeader({ title, description, actions }: PageHeaderProps) {
  return (
    <div className="ds-page-header">
      <div className="ds-page-header__text">
        <h1 className="ds-page-header__title" tabIndex={-1} data-page-title="">
          {title}
        </h1>
        {description ? <p className="ds-page-header__description">{description}</p> : null}
      </div>
      {actions ? <div className="ds-page-header__actions">{actions}</div> : null}
    </div>
  );
}
