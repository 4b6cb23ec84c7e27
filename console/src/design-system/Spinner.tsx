import './Spinner.css';

export interface SpinnerProps {
  /** What is loading; read by screen readers and, unless `labelHidden`, shown next to the spinner. */
  label: string;
  labelHidden?: boolean;
  size?: 'sm' | 'md';
}

export function Spinner({ label, labelHidden = false, size = 'md' }: SpinnerProps) {
  return (
    <span className={`ds-spinner ds-spinner--${size}`} role="status">
      <span className="ds-spinner__ring" aria-hidden="true" />
      <span className={labelHidden ? 'cc-visually-hidden' : 'ds-spinner__label'}>{label}</span>
    </span>
  );
}
