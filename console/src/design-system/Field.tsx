import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from 'react';
import './Field.css';

export interface FieldProps {
  label: ReactNode;
  /** Help under the label, always visible. */
  hint?: ReactNode;
  /** The problem with the current value; marks the control invalid and is read with it. */
  error?: ReactNode;
  /** One input, select or textarea; the field wires id, aria-describedby and aria-invalid. */
  children: ReactElement<Record<string, unknown>>;
}

/** A labelled form control with its hint and error. */
export function Field({ label, hint, error, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const control = isValidElement(children)
    ? cloneElement(children, {
        id,
        'aria-describedby': describedBy,
        'aria-invalid': error ? true : undefined,
        className: ['ds-input', children.props.className as string | undefined].filter(Boolean).join(' '),
      })
    : children;
  return (
    <div className={['ds-field', error ? 'ds-field--invalid' : ''].filter(Boolean).join(' ')}>
      <label className="ds-field__label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="ds-field__hint">
          {hint}
        </p>
      ) : null}
      {control}
      {error ? (
        <p id={errorId} className="ds-field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
