import { STAFFING_FIELD_RULES, type StaffingAnswer, type StaffingLevel } from '@callcentre/shared';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/http';
import { Badge, Button, Field, Notice, Panel, Table, type TableColumn } from '../../../design-system';
import { checkField, serverFieldProblems, useFieldProblemMessage, type FieldProblem } from '../../../i18n/field-problems';
import { useFormatters } from '../../../i18n/formatters';
import { useErrorMessage } from '../../../i18n/use-error-message';
import type { Queue } from '../../queues';
import { fetchStaffing, type StaffingRequest } from '../api/staffing-api';
import { useStaffingTranslation } from '../i18n';
import './StaffingPanel.css';

export interface StaffingPanelProps {
  /** Queues to size from their live load; without them the panel sizes a typed forecast only. */
  queues?: readonly Queue[];
}

interface FormValues {
  queueId: string;
  arrivalsPerHour: string;
  ahtSeconds: string;
  targetPercent: string;
  thresholdSeconds: string;
  patienceSeconds: string;
}

const NUMERIC_FIELDS = ['arrivalsPerHour', 'ahtSeconds', 'targetPercent', 'thresholdSeconds', 'patienceSeconds'] as const;
type NumericField = (typeof NUMERIC_FIELDS)[number];
/** Left empty, target and threshold are the chosen queue's own, else 80/20 (the server decides). */
const PLACEHOLDERS: Partial<Record<NumericField, string>> = { targetPercent: '80', thresholdSeconds: '20' };
const HINTS: Partial<Record<NumericField, string>> = { targetPercent: 'targetHint', thresholdSeconds: 'thresholdHint', patienceSeconds: 'patienceHint' };

/** One field's problem: a rule the server applies too, or something the staffing panel words itself. */
type FieldIssue = { problem: FieldProblem } | { own: 'needForecast' } | { own: 'noLiveAht'; queue: string };

/** Empty text is "not given"; anything else is checked with the server's own rules for the field. */
function parse(values: FormValues): { request: StaffingRequest; problems: Partial<Record<NumericField, FieldIssue>> } {
  const request: StaffingRequest = {};
  const problems: Partial<Record<NumericField, FieldIssue>> = {};
  for (const field of NUMERIC_FIELDS) {
    const problem = checkField(STAFFING_FIELD_RULES[field], values[field]);
    if (problem) problems[field] = { problem };
    else if (values[field].trim() !== '') request[field] = Number(values[field].trim());
  }
  if (values.queueId) request.queueId = values.queueId;
  return { request, problems };
}

/** "How many agents for 80/20 at this forecast?": a small form and the answer with figures around it. */
export function StaffingPanel({ queues = [] }: StaffingPanelProps) {
  const { t } = useStaffingTranslation();
  const { t: tCommon } = useTranslation();
  const format = useFormatters();
  const describeProblem = useFieldProblemMessage();
  const describeError = useErrorMessage();
  const [values, setValues] = useState<FormValues>({ queueId: '', arrivalsPerHour: '', ahtSeconds: '', targetPercent: '', thresholdSeconds: '', patienceSeconds: '' });
  const [answer, setAnswer] = useState<StaffingAnswer | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [fieldIssues, setFieldIssues] = useState<Partial<Record<NumericField, FieldIssue>>>({});
  const [busy, setBusy] = useState(false);
  const pending = useRef<AbortController | null>(null);

  const set = (field: keyof FormValues) => (event: { target: { value: string } }) => setValues((previous) => ({ ...previous, [field]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { request, problems } = parse(values);
    if (!request.queueId) {
      for (const field of ['arrivalsPerHour', 'ahtSeconds'] as const) if (request[field] === undefined && !problems[field]) problems[field] = { own: 'needForecast' };
    }
    setFieldIssues(problems);
    if (Object.keys(problems).length > 0) return;
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    setBusy(true);
    setError(null);
    try {
      setAnswer(await fetchStaffing(request, controller.signal));
    } catch (caught) {
      if (controller.signal.aborted) return;
      const apiError = caught instanceof ApiError ? caught : new ApiError(0, 'UNEXPECTED', String(caught));
      if (apiError.code === 'NO_LIVE_HANDLE_TIME') {
        setError(apiError);
        setFieldIssues({ ahtSeconds: { own: 'noLiveAht', queue: String(apiError.details.queueName ?? '') } });
      } else {
        setError(apiError);
        const refused = serverFieldProblems<NumericField>(apiError, STAFFING_FIELD_RULES, values);
        setFieldIssues(Object.fromEntries(Object.entries(refused).map(([field, problem]) => [field, { problem }])));
      }
      setAnswer(null);
    } finally {
      if (pending.current === controller) setBusy(false);
    }
  };

  const issueMessage = (issue: FieldIssue | undefined): string | undefined => {
    if (!issue) return undefined;
    if ('problem' in issue) return describeProblem(issue.problem);
    return issue.own === 'noLiveAht' ? t('noLiveAht', { queue: issue.queue }) : t('needForecast');
  };
  // A refusal that names its fields is said under them; the notice only points there, in the reader's language.
  const errorMessage = (failure: ApiError): string => {
    if (failure.code === 'NO_LIVE_HANDLE_TIME') return issueMessage(fieldIssues.ahtSeconds) ?? describeError(failure);
    if (failure.fields.some((field) => field.field in STAFFING_FIELD_RULES)) return tCommon('validation.checkFields');
    return describeError(failure);
  };

  const columns: Array<TableColumn<StaffingLevel>> = [
    { key: 'agents', header: t('agents'), numeric: true, render: (row) => format.number(row.agents) },
    { key: 'serviceLevel', header: t('serviceLevel'), numeric: true, render: (row) => format.percent(row.serviceLevel) },
    { key: 'asa', header: t('asa'), numeric: true, render: (row) => (row.asaSeconds === null ? t('unbounded') : format.seconds(row.asaSeconds)) },
    { key: 'occupancy', header: t('occupancy'), numeric: true, render: (row) => format.percent(row.occupancy) },
    ...(answer?.model === 'erlang_a' ? [{ key: 'abandon', header: t('abandonRate'), numeric: true, render: (row: StaffingLevel) => format.percent(row.abandonRate) }] : []),
    {
      key: 'meets',
      header: t('meetsTarget'),
      render: (row) => <Badge tone={row.meetsTarget ? 'good' : 'critical'}>{row.meetsTarget ? t('yes') : t('no')}</Badge>,
    },
  ];

  return (
    <Panel title={t('title')} description={t('description')}>
      <form className="cc-staffing__form" onSubmit={submit} noValidate>
        {queues.length > 0 ? (
          <div className="cc-staffing__queue">
            <Field label={t('queue')} hint={t('queueHint')}>
              <select value={values.queueId} onChange={set('queueId')}>
                <option value="">{t('forecastOnly')}</option>
                {queues.map((queue) => (
                  <option key={queue.id} value={queue.id}>
                    {queue.name}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        ) : null}
        {NUMERIC_FIELDS.map((field) => (
          <Field key={field} label={t(field)} hint={HINTS[field] ? t(HINTS[field]) : undefined} error={issueMessage(fieldIssues[field])}>
            <input type="text" inputMode="decimal" value={values[field]} onChange={set(field)} placeholder={PLACEHOLDERS[field]} />
          </Field>
        ))}
        <div className="cc-staffing__actions">
          <Button type="submit" variant="primary" busy={busy}>
            {t('calculate')}
          </Button>
        </div>
      </form>
      {error ? (
        <div className="cc-staffing__result">
          <Notice tone="critical">{errorMessage(error)}</Notice>
        </div>
      ) : null}
      {answer ? (
        <div className="cc-staffing__result" aria-live="polite">
          <p className="cc-staffing__required">{t('required', { count: answer.requiredAgents })}</p>
          <p className="cc-staffing__summary">
            {t('summary', {
              target: format.number(answer.forecast.targetPercent),
              threshold: format.number(answer.forecast.thresholdSeconds),
              arrivals: format.number(Math.round(answer.forecast.arrivalsPerHour * 10) / 10),
              aht: format.seconds(answer.forecast.ahtSeconds),
              traffic: format.seconds(answer.trafficErlangs),
            })}{' '}
            · {t(`model.${answer.model}`)}
          </p>
          {answer.live ? (
            <Notice tone="info">
              {t('live', { queue: answer.live.queueName, offered: answer.live.offered, completed: answer.live.completed, minutes: answer.live.windowMinutes })}
            </Notice>
          ) : null}
          <Table caption={t('tableCaption')} showCaption columns={columns} rows={answer.table} rowKey={(row) => String(row.agents)} />
        </div>
      ) : null}
    </Panel>
  );
}
