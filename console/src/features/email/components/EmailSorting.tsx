import { EMAIL_DEPARTMENTS, EMAIL_PRIORITIES, type EmailContactView, type EmailDepartment, type EmailPriority } from '@callcentre/shared';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useResource } from '../../../api/use-resource';
import { Button, Field, Notice } from '../../../design-system';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { changeEmailSorting, fetchEmailContact } from '../api/email-api';
import { useEmailTranslation } from '../i18n';

export interface EmailSortingProps {
  interactionId: string;
  department: EmailDepartment;
  priority: EmailPriority;
  onChanged?(view: EmailContactView): void;
}

/** A supervisor re-sorts an e-mail contact: another department (its queue follows) or priority (its due time follows). */
export function EmailSorting({ interactionId, department, priority, onChanged }: EmailSortingProps) {
  const { t } = useEmailTranslation();
  const describe = useActionErrorMessage();
  const [draft, setDraft] = useState({ department, priority });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  useEffect(() => setDraft({ department, priority }), [department, priority]);
  const unchanged = draft.department === department && draft.priority === priority;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      const change = { ...(draft.department !== department ? { department: draft.department } : {}), ...(draft.priority !== priority ? { priority: draft.priority } : {}) };
      const view = await changeEmailSorting(interactionId, change);
      setDone(true);
      onChanged?.(view);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="cc-email__sorting" onSubmit={submit} aria-label={t('resort')} data-testid="email-sorting">
      <Field label={t('department')}>
        <select value={draft.department} onChange={(event) => { setDone(false); setDraft({ ...draft, department: event.target.value as EmailDepartment }); }}>
          {EMAIL_DEPARTMENTS.map((name) => <option key={name} value={name}>{t(`departments.${name}`)}</option>)}
        </select>
      </Field>
      <Field label={t('priority')}>
        <select value={draft.priority} onChange={(event) => { setDone(false); setDraft({ ...draft, priority: Number(event.target.value) as EmailPriority }); }}>
          {EMAIL_PRIORITIES.map((value) => <option key={value} value={value}>{t(`priorities.${value}`)}</option>)}
        </select>
      </Field>
      <Button type="submit" size="sm" disabled={unchanged} busy={busy}>{t('resort')}</Button>
      {error ? <Notice tone="critical">{describe(error)}</Notice> : null}
      {done ? <p role="status" className="cc-email__muted">{t('resorted')}</p> : null}
    </form>
  );
}

/** The same control where only the contact's id is known (the floor's queue drill-down): reads its sorting first. */
export function EmailSortingFor({ interactionId, onChanged }: { interactionId: string; onChanged?(): void }) {
  const load = useCallback((signal: AbortSignal) => fetchEmailContact(interactionId, signal), [interactionId]);
  const contact = useResource(load);
  const { reload } = contact;
  if (!contact.data) return null;
  return <EmailSorting interactionId={interactionId} department={contact.data.department} priority={contact.data.priority} onChanged={() => { reload(); onChanged?.(); }} />;
}
