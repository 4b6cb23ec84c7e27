/** The console's design system: every page builds from these parts and the tokens in tokens.css. */
import './tokens.css';
import './base.css';

export { Badge, type BadgeProps, type Tone } from './Badge';
export { Button, type ButtonProps, type ButtonVariant } from './Button';
export { Countdown, countdownTone, formatRemaining, type CountdownProps } from './Countdown';
export { EmptyState, type EmptyStateProps } from './EmptyState';
export { ErrorState, type ErrorStateProps } from './ErrorState';
export { Field, type FieldProps } from './Field';
export { Kbd } from './Kbd';
export { Notice, type NoticeProps } from './Notice';
export { PageHeader, type PageHeaderProps } from './PageHeader';
export { Panel, type PanelProps } from './Panel';
export { Spinner, type SpinnerProps } from './Spinner';
export { Table, type TableColumn, type TableProps } from './Table';
export { Tile, TileGrid, TileGridItem, type TileProps } from './Tile';
export { UserText, withUserText } from './UserText';
export * from './icons';
