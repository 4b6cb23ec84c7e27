import { useState, type FormEvent, type ReactNode } from 'react';
import { REPORT_INTERVALS, type ReportInterval } from '@callcentre/shared';
import { Button, Field } from '../../../design-system';
import type { QueueOption, ReportFilters } from '../api/reports-api';
import { useReportsTranslation } from '../i18n';

/** From, to, interval and queue of a report; applied together with "Show". */
export function ReportFiltersForm({
  value,
  onChange,
  queues,
  intervals = REPORT_INTERVALS,
  withQueue = true,
  allQueues = true,
  children,
}: {
  value: ReportFilters;
  onChange: (filters: ReportFilters) => void;
  queues: readonly QueueOption[];
  intervals?: readonly ReportInterval[];
  withQueue?: boolean;
  allQueues?: boolean;
  children?: ReactNode;
}) {
  const { t } = useReportsTranslation();
  const [draft, setDraft] = useState(value);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange(draft);
  };
  return (
    <form className="cc-rep-filters" onSubmit={submit}>
      <Field label={t('filters.from')}>
        <input type="date" value={draft.from} required onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
      </Field>
      <Field label={t('filters.to')}>
        <input type="date" value={draft.to} required onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
      </Field>
      <Field label={t('filters.interval')}>
        <select value={draft.interval} onChange={(event) => setDraft({ ...draft, interval: event.target.value as ReportInterval })}>
          {intervals.map((interval) => (
            <option key={interval} value={interval}>
              {t(`intervals.${interval}`)}
            </option>
          ))}
        </select>
      </Field>
      {withQueue ? (
        <Field label={t('filters.queue')}>
          <select value={draft.queue ?? ''} onChange={(event) => setDraft({ ...draft, queue: event.target.value || undefined })}>
            {allQueues ? <option value="">{t('filters.allQueues')}</option> : null}
            {queues.map((queue) => (
              <option key={queue.id} value={queue.id}>
                {queue.name}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      {children}
      <Button type="submit" variant="primary">
        {t('filters.apply')}
      </Button>
    </form>
  );
}

/** The export links of a report. */
export function ExportLinks({ name, csv, xlsx }: { name: string; csv: string; xlsx?: string }) {
  const { t } = useReportsTranslation();
  return (
    <span className="cc-rep-exports">
      <a href={csv} download aria-label={t('exports.csvOf', { report: name })}>
        {t('exports.csv')}
      </a>
      {xlsx ? (
        <a href={xlsx} download aria-label={t('exports.xlsxOf', { report: name })}>
          {t('exports.xlsx')}
        </a>
      ) : null}
    </span>
  );
}
