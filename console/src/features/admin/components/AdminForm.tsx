import type { ReactNode } from 'react';
import { Notice } from '../../../design-system';
import { useAdminErrorText } from '../i18n';

/** A refusal of the API above a form, in the reader's language. */
export function FormError({ error }: { error: unknown }) {
  const text = useAdminErrorText();
  if (!error) return null;
  return (
    <div role="alert" data-testid="admin-error">
      <Notice tone="critical">{text(error)}</Notice>
    </div>
  );
}

/** A form laid out in a grid that folds to one column on a phone. */
export function FormGrid({ children }: { children: ReactNode }) {
  return <div className="cc-admin-grid">{children}</div>;
}

export const toInt = (text: string): number => (text.trim() === '' ? NaN : Number(text));
