import { useId, type ReactNode } from 'react';
import type { Tone } from './Badge';
import './Tile.css';

export interface TileProps {
  title: ReactNode;
  /** Next to the title: a code, a status badge. */
  aside?: ReactNode;
  /** Colours the tile's edge; the content must also say the status in words. */
  tone?: Tone;
  children?: ReactNode;
  footer?: ReactNode;
  className?: string;
  'data-testid'?: string;
}

/** A self-contained summary of one thing (a queue, an agent), laid out in grids on boards. */
export function Tile({ title, aside, tone = 'neutral', children, footer, className, ...rest }: TileProps) {
  const titleId = useId();
  const classes = ['ds-tile', `ds-tile--${tone}`, className ?? ''].filter(Boolean).join(' ');
  return (
    <article className={classes} aria-labelledby={titleId} data-testid={rest['data-testid']}>
      <header className="ds-tile__header">
        <h3 id={titleId} className="ds-tile__title">
          {title}
        </h3>
        {aside ? <div className="ds-tile__aside">{aside}</div> : null}
      </header>
      {children ? <div className="ds-tile__body">{children}</div> : null}
      {footer ? <footer className="ds-tile__footer">{footer}</footer> : null}
    </article>
  );
}

export function TileGrid({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <div className="ds-tile-grid" role="list" aria-label={label}>
      {children}
    </div>
  );
}

export function TileGridItem({ children }: { children: ReactNode }) {
  return (
    <div className="ds-tile-grid__item" role="listitem">
      {children}
    </div>
  );
}
