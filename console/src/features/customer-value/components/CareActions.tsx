import { CARE_ACTION_OUTCOMES, type CareActionOutcome, type RetentionActionView } from '@callcentre/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Button, Field, Table, UserText, type TableColumn } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { ValueTierBadge } from '../../agent-desktop/components/ValueTierBadge';
import { recordOutcome, type OutcomeInput } from '../api/customer-value-api';

type Closing = OutcomeInput['status'];

/** Records how a care action went: done with an outcome, or skipped, with a note. */
export function OutcomeForm({ action, onRecorded, onCancel }: { action: RetentionActionView; onRecorded(action: RetentionActionView): void; onCancel(): void }) {
  const { t } = useTranslation();
  const describe = useActionErrorMessage();
  const [status, setStatus] = useState<Closing>('done');
  const [outcome, setOutcome] = useState<CareActionOutcome | ''>('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<{ field: 'outcome' | 'form'; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (status === 'done' && !outcome) return setProblem({ field: 'outcome', message: t('worklist.outcomeRequired') });
    setBusy(true);
    setProblem(null);
    try {
      onRecorded(await recordOutcome(action.id, { status, outcome: outcome || null, note: note.trim() }));
    } catch (error) {
      setProblem({ field: 'form', message: describe(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="cc-cv-form cc-cv-outcome" onSubmit={submit} noValidate aria-label={t('worklist.recordFor', { name: action.customerName })}>
      <fieldset className="cc-cv-choice">
        <legend>{t('worklist.status')}</legend>
        {(['done', 'skipped'] as const).map((choice) => (
          <label key={choice}>
            <input type="radio" name={`status-${action.id}`} value={choice} checked={status === choice} onChange={() => setStatus(choice)} /> {t(`worklist.statuses.${choice}`)}
          </label>
        ))}
      </fieldset>
      <Field label={t('worklist.outcome')} error={problem?.field === 'outcome' ? problem.message : undefined}>
        <select value={outcome} onChange={(event) => setOutcome(event.target.value as CareActionOutcome | '')}>
          <option value="">{t('worklist.chooseOutcome')}</option>
          {CARE_ACTION_OUTCOMES.map((value) => (
            <option key={value} value={value}>
              {t(`worklist.outcomes.${value}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('worklist.note')}>
        <textarea rows={2} value={note} onChange={(event) => setNote(event.target.value)} maxLength={2000} />
      </Field>
      {problem?.field === 'form' ? (
        <p className="cc-cv-error" role="alert">
          {problem.message}
        </p>
      ) : null}
      <div className="cc-cv-buttons">
        <Button type="submit" variant="primary" busy={busy}>
          {t('worklist.save')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}

export interface CareActionsTableProps {
  actions: readonly RetentionActionView[];
  /** Offer to record outcomes of open actions. */
  mayRecord: boolean;
  onRecorded(action: RetentionActionView): void;
  /** Leave out the customer column (on the customer's own page). */
  withoutCustomer?: boolean;
}

/** Care actions with their status and outcome; an open one gets a form to record how it went. */
export function CareActionsTable({ actions, mayRecord, onRecorded, withoutCustomer = false }: CareActionsTableProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const [recording, setRecording] = useState<string | null>(null);
  const columns: Array<TableColumn<RetentionActionView>> = [
    ...(withoutCustomer
      ? []
      : [
          {
            key: 'customer',
            header: t('worklist.customer'),
            render: (row: RetentionActionView) => (
              <Link to={`/customers/${encodeURIComponent(row.customerId)}`}>
                <UserText>{row.customerName}</UserText>
              </Link>
            ),
          },
          { key: 'tier', header: t('customerValue.tier'), render: (row: RetentionActionView) => <ValueTierBadge tier={row.valueTier} /> },
        ]),
    { key: 'segment', header: t('customerValue.cell'), render: (row) => (row.segment ? t(`rfm.${row.segment}`) : t('customerValue.inactive')) },
    { key: 'churn', header: t('worklist.churn'), numeric: true, render: (row) => format.number(row.churnScore) },
    { key: 'action', header: t('worklist.action'), render: (row) => t(`worklist.actions.${row.action}`) },
    {
      key: 'status',
      header: t('worklist.status'),
      render: (row) => (
        <span className="cc-cv-status">
          <Badge tone={row.status === 'open' ? 'info' : row.status === 'done' ? 'good' : 'neutral'}>{t(`worklist.statuses.${row.status}`)}</Badge>
          {row.outcome ? <span>{t(`worklist.outcomes.${row.outcome}`)}</span> : null}
          {row.outcomeNote ? <UserText className="cc-cv-muted">{row.outcomeNote}</UserText> : null}
        </span>
      ),
    },
    {
      key: 'record',
      header: <span className="cc-visually-hidden">{t('worklist.record')}</span>,
      render: (row) =>
        mayRecord && row.status === 'open' ? (
          recording === row.id ? (
            <OutcomeForm
              action={row}
              onCancel={() => setRecording(null)}
              onRecorded={(updated) => {
                setRecording(null);
                onRecorded(updated);
              }}
            />
          ) : (
            <Button size="sm" onClick={() => setRecording(row.id)} aria-label={t('worklist.recordFor', { name: row.customerName })}>
              {t('worklist.record')}
            </Button>
          )
        ) : row.completedAt ? (
          <span className="cc-cv-muted">{format.date(new Date(row.completedAt))}</span>
        ) : null,
    },
  ];
  return <Table stackOnPhone caption={t('worklist.caption')} columns={columns} rows={[...actions]} rowKey={(row) => row.id} empty={t('worklist.empty')} />;
}
