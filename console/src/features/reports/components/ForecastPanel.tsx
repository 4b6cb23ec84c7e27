import { useCallback, useState, type FormEvent } from 'react';
import type { ForecastInterval } from '@callcentre/shared';
import { useResource } from '../../../api/use-resource';
import { Button, EmptyState, ErrorState, Field, Panel, Spinner, Table, type TableColumn } from '../../../design-system';
import { fetchForecast, forecastUrl, type QueueOption } from '../api/reports-api';
import { count, duration, percent } from '../format';
import { useReportsTranslation } from '../i18n';
import { ExportLinks } from './ReportFilters';
import { TimeChart } from './TimeChart';

interface ForecastFilters {
  queue: string;
  from: string;
  days: number;
  interval: '15m' | '30m' | '60m';
}

/** Forecast to staffing: forecast and actual contacts, agents required by Erlang A, signed in and scheduled, both gaps, MAPE, CSV. */
export function ForecastPanel({ queues, today }: { queues: readonly QueueOption[]; today: string }) {
  const { t } = useReportsTranslation();
  const [filters, setFilters] = useState<ForecastFilters>({ queue: queues[0]?.id ?? '', from: today, days: 1, interval: '60m' });
  const [draft, setDraft] = useState(filters);
  const load = useCallback((signal: AbortSignal) => fetchForecast(filters, signal), [filters]);
  const forecast = useResource(load);
  const rows = forecast.data?.intervals ?? [];
  const dayType = (value: string) => (value === 'holiday' ? t('forecast.holiday') : t(`days.${value}`));
  const columns: Array<TableColumn<ForecastInterval>> = [
    { key: 'local', header: t('queues.interval'), render: (row) => row.local },
    { key: 'dayType', header: t('forecast.dayType'), render: (row) => dayType(row.dayType) },
    { key: 'forecastOffered', header: t('forecast.forecastOffered'), numeric: true, render: (row) => count(row.forecastOffered, 1) },
    { key: 'actualOffered', header: t('forecast.actualOffered'), numeric: true, render: (row) => count(row.actualOffered) },
    { key: 'forecastAht', header: t('forecast.forecastAht'), numeric: true, render: (row) => duration(row.forecastAhtSeconds) },
    { key: 'actualAht', header: t('forecast.actualAht'), numeric: true, render: (row) => duration(row.actualAhtSeconds) },
    { key: 'required', header: t('forecast.required'), numeric: true, render: (row) => row.requiredAgents },
    { key: 'available', header: t('forecast.available'), numeric: true, render: (row) => count(row.agentsAvailable, 1) },
    { key: 'gap', header: t('forecast.gap'), numeric: true, render: (row) => (row.gap === null ? '—' : <span className={row.gap < 0 ? 'cc-rep-outside' : undefined}>{count(row.gap, 1)}</span>) },
    { key: 'scheduled', header: t('forecast.scheduled'), numeric: true, render: (row) => count(row.agentsScheduled, 2) },
    { key: 'scheduledGap', header: t('forecast.scheduledGap'), numeric: true, render: (row) => <span className={row.scheduledGap < 0 ? 'cc-rep-outside' : undefined}>{count(row.scheduledGap, 2)}</span> },
  ];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };
  return (
    <Panel title={t('forecast.title')} description={t('forecast.description')} actions={filters.queue ? <ExportLinks name={t('forecast.title')} csv={forecastUrl(filters, 'csv')} /> : undefined}>
      <form className="cc-rep-filters" onSubmit={submit}>
        <Field label={t('filters.queue')}>
          <select value={draft.queue} onChange={(event) => setDraft({ ...draft, queue: event.target.value })}>
            {queues.map((queue) => (
              <option key={queue.id} value={queue.id}>
                {queue.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('filters.from')}>
          <input type="date" required value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
        </Field>
        <Field label={t('filters.days')}>
          <input type="number" min={1} max={14} value={draft.days} onChange={(event) => setDraft({ ...draft, days: Math.max(1, Math.min(14, Number(event.target.value) || 1)) })} />
        </Field>
        <Field label={t('filters.interval')}>
          <select value={draft.interval} onChange={(event) => setDraft({ ...draft, interval: event.target.value as ForecastFilters['interval'] })}>
            {(['15m', '30m', '60m'] as const).map((interval) => (
              <option key={interval} value={interval}>
                {t(`intervals.${interval}`)}
              </option>
            ))}
          </select>
        </Field>
        <Button type="submit" variant="primary">
          {t('filters.apply')}
        </Button>
      </form>
      {forecast.status === 'loading' && !forecast.data ? <Spinner label={t('loading')} /> : null}
      {forecast.status === 'error' && forecast.error ? <ErrorState title={forecast.error.code} message={forecast.error.message} onRetry={forecast.reload} retryLabel={t('filters.apply')} /> : null}
      {forecast.data ? (
        <>
          <p className="cc-rep-summary">
            <span>{t('forecast.target', { percent: forecast.data.target.percent, seconds: forecast.data.target.seconds, patience: forecast.data.target.patienceSeconds })}</span>
            <span>{forecast.data.mapeOffered === null ? t('forecast.noMape') : t('forecast.mape', { offered: percent(forecast.data.mapeOffered), aht: percent(forecast.data.mapeAht) })}</span>
          </p>
          {rows.length > 0 ? (
            <TimeChart
              label={t('forecast.chart')}
              labels={rows.map((row) => row.local)}
              format={(value) => count(value)}
              series={[
                { name: t('forecast.actualOffered'), kind: 'bar', color: 'var(--cc-color-neutral-strong)', values: rows.map((row) => row.actualOffered) },
                { name: t('forecast.forecastOffered'), kind: 'line', color: 'var(--cc-color-accent)', values: rows.map((row) => row.forecastOffered) },
              ]}
            />
          ) : null}
          {rows.length > 0 ? (
            <TimeChart
              label={t('forecast.staffingChart')}
              labels={rows.map((row) => row.local)}
              format={(value) => count(value)}
              height={180}
              series={[
                { name: t('forecast.required'), kind: 'line', color: 'var(--cc-color-warning-strong)', values: rows.map((row) => row.requiredAgents) },
                { name: t('forecast.available'), kind: 'line', dashed: true, color: 'var(--cc-color-good)', values: rows.map((row) => row.agentsAvailable) },
                { name: t('forecast.scheduled'), kind: 'line', color: 'var(--cc-color-accent)', values: rows.map((row) => row.agentsScheduled) },
              ]}
            />
          ) : null}
          <Table caption={t('forecast.title')} columns={columns} rows={[...rows]} rowKey={(row) => row.start} empty={<EmptyState title={t('empty')} />} stackOnPhone />
        </>
      ) : null}
    </Panel>
  );
}
