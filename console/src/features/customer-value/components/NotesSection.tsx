import { CUSTOMER_NOTE_MAX_LENGTH, type CustomerNoteView } from '@callcentre/shared';
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../../../api/use-resource';
import { Button, Field, withUserText } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { addCustomerNote, fetchCustomerNotes } from '../api/customer-value-api';
import { Loadable } from './Loadable';

/** Notes by anyone on the team, newest first, and a form to add one: the record is shared, not one agent's. */
export function NotesSection({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const describe = useActionErrorMessage();
  const load = useCallback((signal: AbortSignal) => fetchCustomerNotes(customerId, signal), [customerId]);
  const notes = useResource(load);
  const [added, setAdded] = useState<readonly CustomerNoteView[]>([]);
  // Older notes, asked for with "load more" from where the last page ended.
  const [older, setOlder] = useState<{ items: readonly CustomerNoteView[]; nextBefore: string | null } | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderFailure, setOlderFailure] = useState<string | null>(null);

  const loadOlder = async (before: string) => {
    setLoadingOlder(true);
    setOlderFailure(null);
    try {
      const page = await fetchCustomerNotes(customerId, undefined, before);
      setOlder((previous) => ({ items: [...(previous?.items ?? []), ...page.items], nextBefore: page.nextBefore }));
    } catch (error) {
      setOlderFailure(describe(error));
    } finally {
      setLoadingOlder(false);
    }
  };
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = body.trim();
    if (!text) return setProblem(t('validation.required'));
    if (text.length > CUSTOMER_NOTE_MAX_LENGTH) return setProblem(t('validation.tooLong', { max: format.number(CUSTOMER_NOTE_MAX_LENGTH) }));
    setBusy(true);
    setProblem(null);
    try {
      const note = await addCustomerNote(customerId, text);
      setAdded((previous) => [note, ...previous]);
      setBody('');
    } catch (error) {
      setProblem(describe(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="cc-cv-section">
      <form className="cc-cv-form" onSubmit={submit} noValidate>
        <Field label={t('customerPage.notes.add')} hint={t('customerPage.notes.counter', { used: format.number(body.length), max: format.number(CUSTOMER_NOTE_MAX_LENGTH) })} error={problem}>
          <textarea rows={3} value={body} onChange={(event) => setBody(event.target.value)} maxLength={CUSTOMER_NOTE_MAX_LENGTH} />
        </Field>
        <div>
          <Button type="submit" variant="primary" busy={busy}>
            {t('customerPage.notes.save')}
          </Button>
        </div>
      </form>
      <Loadable resource={notes} errorTitle={t('customerPage.notes.error')}>
        {(data) => {
          const loaded = [...data.items, ...(older?.items ?? [])];
          const shown = [...added, ...loaded.filter((note) => !added.some((mine) => mine.id === note.id))];
          const nextBefore = older ? older.nextBefore : data.nextBefore;
          return shown.length === 0 ? (
            <p className="cc-cv-muted">{t('customerPage.notes.empty')}</p>
          ) : (
            <>
              <ul className="cc-cv-notes" aria-label={t('customerPage.notes.listLabel')}>
                {shown.map((note) => (
                  <li key={note.id}>
                    <p className="cc-cv-muted">
                      {withUserText((values) => t('customerPage.notes.byline', { author: values.author, when: format.dateTime(new Date(note.createdAt)) }), {
                        author: note.authorName ?? t('customerPage.notes.someone'),
                      })}
                    </p>
                    <p className="cc-cv-pre" dir="auto">
                      {note.body}
                    </p>
                  </li>
                ))}
              </ul>
              {nextBefore ? (
                <div className="cc-cv-more">
                  <Button onClick={() => void loadOlder(nextBefore)} busy={loadingOlder}>
                    {t('customerPage.purchases.more')}
                  </Button>
                </div>
              ) : null}
              {olderFailure ? (
                <p className="cc-cv-error" role="alert">
                  {olderFailure}
                </p>
              ) : null}
            </>
          );
        }}
      </Loadable>
    </div>
  );
}
