import type { LiveContact } from '@callcentre/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Countdown, Field, Notice } from '../../../design-system';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { useRealtimeLive, useServerClock } from '../../realtime';
import { finishWrapUp } from '../api/desk-api';
import { DISPOSITION_CODES } from '../dispositions';

/** After-call work: the disposition, notes, and the countdown to the end the queue grants. */
export function WrapUpForm({ contact, suggested }: { contact: LiveContact; suggested?: string }) {
  const { t } = useTranslation();
  const clock = useServerClock();
  const live = useRealtimeLive();
  const describe = useActionErrorMessage();
  const [disposition, setDisposition] = useState(suggested ?? '');
  const [notes, setNotes] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!disposition) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await finishWrapUp(contact.id, disposition, notes);
    } catch (error) {
      setFailure(describe(error));
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
        <Field label={t('wrapUp.notes')} hint={t('wrapUp.notesHint')}>
          <textarea rows={2} value={notes} maxLength={2000} onChange={(event) => setNotes(event.target.value)} />
        </Field>
      </div>
      <div className="cc-wrap-up__actions">
        <Button type="submit" variant="primary" busy={busy} disabled={!live}>
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
