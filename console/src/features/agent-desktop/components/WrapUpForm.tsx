import { WRAP_UP_NOTES_MAX_LENGTH, type LiveContact } from '@callcentre/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/http';
import { Button, Countdown, Field, Notice } from '../../../design-system';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { useRealtimeLive, useServerClock } from '../../realtime';
import { finishWrapUp } from '../api/desk-api';
import { DISPOSITION_CODES } from '../dispositions';
import { useWrapUpDraft, type DraftStatus } from '../hooks/useWrapUpDraft';

/** The character counter shows from this share of the limit on. */
const COUNTER_FROM = 0.9;

/** After-call work: the disposition, notes, and the countdown to the end the queue grants. */
export function WrapUpForm({ contact, suggested }: { contact: LiveContact; suggested?: string }) {
  const { t } = useTranslation();
  const clock = useServerClock();
  const live = useRealtimeLive();
  const describe = useActionErrorMessage();
  const [disposition, setDisposition] = useState(suggested ?? '');
  const draft = useWrapUpDraft(contact.id);
  const notes = draft.notes;
  const over = notes.length - WRAP_UP_NOTES_MAX_LENGTH;
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!disposition) {
      setMissing(true);
      return;
    }
    if (over > 0) return;
    setBusy(true);
    setFailure(null);
    try {
      await draft.flush();
      await finishWrapUp(contact.id, disposition, notes);
    } catch (error) {
      // The server names the field it refused; say it in the reader's words (the notes' limit is the only one it has).
      const refusedNotes = error instanceof ApiError && error.fields.some((field) => field.field === 'notes');
      setFailure(refusedNotes ? t('validation.tooLong', { max: WRAP_UP_NOTES_MAX_LENGTH }) : describe(error));
      setBusy(false);
    }
  };

  return (
    <form className="cc-wrap-up" onSubmit={submit} noValidate aria-label={t('wrapUp.title')}>
      <div className="cc-wrap-up__head">
        <strong>{t('wrapUp.title')}</strong>
        {contact.wrapUpEndsAt ? (
          <span className="cc-wrap-up__timer">
            {t('wrapUp.endsIn')}{' '}
            <Countdown deadline={contact.wrapUpEndsAt} now={clock} label={t('wrapUp.timeLeft')} warnAtSeconds={15} criticalAtSeconds={5} />
          </span>
        ) : null}
      </div>
      <div className="cc-wrap-up__fields">
        <Field label={t('wrapUp.disposition')} error={missing && !disposition ? t('wrapUp.dispositionRequired') : undefined}>
          <select value={disposition} onChange={(event) => setDisposition(event.target.value)}>
            <option value="">{t('wrapUp.choose')}</option>
            {DISPOSITION_CODES.map((code) => (
              <option key={code} value={code}>
                {t(`dispositions.${code}`)}
              </option>
            ))}
          </select>
        </Field>
        <div className="cc-wrap-up__notes">
          <Field label={t('wrapUp.notes')} hint={t('wrapUp.notesHint')} error={over > 0 ? t('wrapUp.notesTooLong', { count: over, max: WRAP_UP_NOTES_MAX_LENGTH }) : undefined}>
            <textarea rows={2} value={notes} dir="auto" onChange={(event) => draft.setNotes(event.target.value)} />
          </Field>
          <div className="cc-wrap-up__notes-foot">
            <DraftState status={draft.status} />
            {notes.length >= WRAP_UP_NOTES_MAX_LENGTH * COUNTER_FROM ? (
              <span className={['cc-wrap-up__counter', over > 0 ? 'cc-wrap-up__counter--over' : ''].filter(Boolean).join(' ')} data-testid="notes-counter" aria-live="polite">
                {t('wrapUp.counter', { count: notes.length, max: WRAP_UP_NOTES_MAX_LENGTH })}
              </span>
            ) : null}
          </div>
        </div>
      </div>
      <div className="cc-wrap-up__actions">
        <Button type="submit" variant="primary" busy={busy} disabled={!live || over > 0}>
          {t('wrapUp.finish')}
        </Button>
        <span className="cc-wrap-up__auto">{t('wrapUp.auto')}</span>
      </div>
      {failure ? (
        <div role="alert">
          <Notice tone="critical">{failure}</Notice>
        </div>
      ) : null}
    </form>
  );
}

/** Whether the notes are safe on the server: they are kept with the contact even if the time runs out. */
function DraftState({ status }: { status: DraftStatus }) {
  const { t } = useTranslation();
  if (status === 'idle' || status === 'too_long') return <span />;
  return (
    <span className={`cc-wrap-up__draft cc-wrap-up__draft--${status}`} role="status">
      {t(`wrapUp.draft.${status}`)}
    </span>
  );
}
