import { LOSS_CAUSES, VALUE_TIERS, type CustomerView, type LossCause, type ValueTier } from '@callcentre/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Field } from '../../../design-system';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { clearTierOverride, markLost, overrideTier, reinstateCustomer } from '../api/customer-value-api';

/** The longest texts the server takes: a loss note, and the reason of a tier set by hand. */
const NOTE_MAX_LENGTH = 2000;
const REASON_MAX_LENGTH = 500;

/** Tomorrow, as the default end of an override (YYYY-MM-DD, local). */
function tomorrow(now = new Date()): string {
  const date = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

function useAction(onDone: () => void) {
  const describe = useActionErrorMessage();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setFailure(null);
    try {
      await action();
      onDone();
    } catch (error) {
      setFailure(describe(error));
    } finally {
      setBusy(false);
    }
  };
  return { busy, failure, run };
}

/** Sets the customer's tier by hand, with a reason and an end date, or removes such a setting. */
export function TierOverrideForm({ customer, onChanged }: { customer: CustomerView; onChanged(): void }) {
  const { t } = useTranslation();
  const current = customer.value?.tierSource === 'override' ? customer.value.override : null;
  const [tier, setTier] = useState<ValueTier>(customer.valueTier);
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState(tomorrow());
  const [problems, setProblems] = useState<{ reason?: string; until?: string }>({});
  const { busy, failure, run } = useAction(() => {
    setReason('');
    onChanged();
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: { reason?: string; until?: string } = {};
    if (!reason.trim()) found.reason = t('validation.required');
    const expiresAt = until ? new Date(`${until}T23:59:59`) : null;
    if (!expiresAt || Number.isNaN(expiresAt.getTime())) found.until = t('validation.required');
    else if (expiresAt.getTime() <= Date.now()) found.until = t('customerPage.override.untilFuture');
    setProblems(found);
    if (found.reason || found.until || !expiresAt) return;
    void run(() => overrideTier(customer.id, { valueTier: tier, reason: reason.trim(), expiresAt: expiresAt.toISOString() }));
  };

  // Going back to the computed tier is audited with a reason too: the same field.
  const remove = () => {
    if (!reason.trim()) return setProblems({ reason: t('customerPage.override.reasonForRemoval') });
    setProblems({});
    void run(() => clearTierOverride(customer.id, reason.trim()));
  };

  return (
    <form className="cc-cv-form" onSubmit={submit} noValidate aria-label={t('customerPage.override.title')}>
      <h3 className="cc-cv-form__title">{t('customerPage.override.title')}</h3>
      <Field label={t('customerPage.override.tier')}>
        <select value={tier} onChange={(event) => setTier(event.target.value as ValueTier)}>
          {VALUE_TIERS.map((value) => (
            <option key={value} value={value}>
              {t(`valueTiers.${value}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('customerPage.override.reason')} error={problems.reason}>
        <textarea rows={2} value={reason} onChange={(event) => setReason(event.target.value)} maxLength={REASON_MAX_LENGTH} />
      </Field>
      <Field label={t('customerPage.override.until')} error={problems.until}>
        <input type="date" value={until} onChange={(event) => setUntil(event.target.value)} />
      </Field>
      {failure ? (
        <p className="cc-cv-error" role="alert">
          {failure}
        </p>
      ) : null}
      <div className="cc-cv-buttons">
        <Button type="submit" variant="primary" busy={busy}>
          {t('customerPage.override.save')}
        </Button>
        {current ? (
          <Button variant="secondary" disabled={busy} onClick={remove}>
            {t('customerPage.override.remove')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** Marks the customer lost with a cause and a note, or takes them back. */
export function LossForm({ customer, onChanged }: { customer: CustomerView; onChanged(): void }) {
  const { t } = useTranslation();
  const [cause, setCause] = useState<LossCause | ''>('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const { busy, failure, run } = useAction(() => {
    setNote('');
    setCause('');
    onChanged();
  });

  if (customer.lost) {
    return (
      <div className="cc-cv-form">
        <h3 className="cc-cv-form__title">{t('customerPage.loss.reinstateTitle')}</h3>
        <p className="cc-cv-muted">{t('customerPage.loss.reinstateBody')}</p>
        {failure ? (
          <p className="cc-cv-error" role="alert">
            {failure}
          </p>
        ) : null}
        <div>
          <Button variant="primary" busy={busy} onClick={() => void run(() => reinstateCustomer(customer.id))}>
            {t('customerPage.loss.reinstate')}
          </Button>
        </div>
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!cause) return setProblem(t('customerPage.loss.causeRequired'));
    setProblem(undefined);
    void run(() => markLost(customer.id, { cause, note: note.trim() }));
  };

  return (
    <form className="cc-cv-form" onSubmit={submit} noValidate aria-label={t('customerPage.loss.title')}>
      <h3 className="cc-cv-form__title">{t('customerPage.loss.title')}</h3>
      <Field label={t('customerPage.loss.cause')} error={problem}>
        <select value={cause} onChange={(event) => setCause(event.target.value as LossCause | '')}>
          <option value="">{t('customerPage.loss.chooseCause')}</option>
          {LOSS_CAUSES.map((value) => (
            <option key={value} value={value}>
              {t(`customerValue.lossCauses.${value}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('customerPage.loss.note')}>
        <textarea rows={2} value={note} onChange={(event) => setNote(event.target.value)} maxLength={NOTE_MAX_LENGTH} />
      </Field>
      {failure ? (
        <p className="cc-cv-error" role="alert">
          {failure}
        </p>
      ) : null}
      <div>
        <Button type="submit" variant="danger" busy={busy}>
          {t('customerPage.loss.save')}
        </Button>
      </div>
    </form>
  );
}
