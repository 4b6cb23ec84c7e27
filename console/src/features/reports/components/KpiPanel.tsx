import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { KPI_KEYS, type KpiBandSetting, type KpiKey, type KpiPoint } from '@callcentre/shared';
import { useResource } from '../../../api/use-resource';
import { Button, EmptyState, ErrorState, Field, Notice, Panel, Spinner, Table, type TableColumn } from '../../../design-system';
import { fetchKpiSeries, saveKpiSetting, type QueueOption, type ReportFilters } from '../api/reports-api';
import { count, duration, percent } from '../format';
import { useReportsTranslation } from '../i18n';
import { ReportFiltersForm } from './ReportFilters';
import { TimeChart } from './TimeChart';

const formatOf = (kpi: KpiKey) => (kpi === 'serviceLevel' || kpi === 'abandonRate' ? percent : kpi === 'offered' ? (value: number | null) => count(value, value !== null && value % 1 !== 0 ? 1 : 0) : duration);

/** One KPI of one queue per interval, its normal band drawn behind the line, and the band's settings. */
export function KpiPanel({ queues, initial, mayEdit }: { queues: readonly QueueOption[]; initial: ReportFilters; mayEdit: boolean }) {
  const { t } = useReportsTranslation();
  const [filters, setFilters] = useState<ReportFilters>({ ...initial, interval: initial.interval === 'day' ? '60m' : initial.interval, queue: initial.queue ?? queues[0]?.id });
  const [kpi, setKpi] = useState<KpiKey>('serviceLevel');
  const queue = filters.queue ?? queues[0]?.id;
  const load = useCallback(
    (signal: AbortSignal) =>
      queue
        ? fetchKpiSeries({ queue, kpi, from: filters.from, to: filters.to, interval: filters.interval as '15m' | '30m' | '60m' }, signal)
        : Promise.reject(new Error('no queue')),
    [queue, kpi, filters],
  );
  const series = useResource(load);
  const format = formatOf(kpi);
  const points = series.data?.points ?? [];
  const columns: Array<TableColumn<KpiPoint>> = [
    { key: 'local', header: t('queues.interval'), render: (point) => point.local },
    { key: 'value', header: t('kpi.value'), numeric: true, render: (point) => format(point.value) },
    { key: 'band', header: t('kpi.band'), numeric: true, render: (point) => (point.low === null ? '—' : `${format(point.low)} – ${format(point.high)}`) },
    { key: 'mean', header: t('kpi.mean'), numeric: true, render: (point) => format(point.mean) },
    {
      key: 'outside',
      header: t('kpi.outside'),
      render: (point) => (point.outside ? <span className="cc-rep-outside">{t(`kpi.${point.outside}`)}</span> : '—'),
    },
  ];
  return (
    <Panel
      title={t('kpi.title')}
      description={series.data ? t('kpi.description', { weeks: series.data.setting.weeks, k: series.data.setting.k }) : undefined}
    >
      <ReportFiltersForm value={{ ...filters, queue }} onChange={setFilters} queues={queues} intervals={['15m', '30m', '60m']} allQueues={false}>
        <Field label={t('filters.kpi')}>
          <select value={kpi} onChange={(event) => setKpi(event.target.value as KpiKey)}>
            {KPI_KEYS.map((key) => (
              <option key={key} value={key}>
                {t(`kpi.names.${key}`)}
              </option>
            ))}
          </select>
        </Field>
      </ReportFiltersForm>
      {series.status === 'loading' && !series.data ? <Spinner label={t('loading')} /> : null}
      {series.status === 'error' && series.error ? <ErrorState title={series.error.code} message={series.error.message} onRetry={series.reload} retryLabel={t('filters.apply')} /> : null}
      {series.data ? (
        <>
          {points.length > 0 ? (
            <TimeChart
              label={`${t(`kpi.names.${kpi}`)}: ${t('kpi.band')}`}
              labels={points.map((point) => point.local)}
              format={(value) => format(value)}
              band={{ name: t('kpi.band'), low: points.map((point) => point.low), high: points.map((point) => point.high) }}
              series={[
                { name: t('kpi.mean'), kind: 'line', dashed: true, color: 'var(--cc-color-good)', values: points.map((point) => point.mean) },
                { name: t(`kpi.names.${kpi}`), kind: 'line', color: 'var(--cc-color-accent)', values: points.map((point) => point.value) },
              ]}
            />
          ) : null}
          <KpiSettingForm setting={series.data.setting} mayEdit={mayEdit} onSaved={series.reload} />
          <Table caption={t(`kpi.names.${kpi}`)} columns={columns} rows={[...points]} rowKey={(point) => point.start} empty={<EmptyState title={t('empty')} />} stackOnPhone />
        </>
      ) : null}
    </Panel>
  );
}

function KpiSettingForm({ setting, mayEdit, onSaved }: { setting: KpiBandSetting; mayEdit: boolean; onSaved: () => void }) {
  const { t } = useReportsTranslation();
  const [draft, setDraft] = useState({ weeks: String(setting.weeks), k: String(setting.k), hardMin: setting.hardMin?.toString() ?? '', hardMax: setting.hardMax?.toString() ?? '', enabled: setting.enabled });
  const [state, setState] = useState<{ saving: boolean; message: string | null; error: string | null }>({ saving: false, message: null, error: null });
  useEffect(() => {
    setDraft({ weeks: String(setting.weeks), k: String(setting.k), hardMin: setting.hardMin?.toString() ?? '', hardMax: setting.hardMax?.toString() ?? '', enabled: setting.enabled });
  }, [setting]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setState({ saving: true, message: null, error: null });
    try {
      await saveKpiSetting({
        queueId: setting.queueId,
        kpi: setting.kpi,
        weeks: Number(draft.weeks),
        k: Number(draft.k),
        hardMin: draft.hardMin === '' ? null : Number(draft.hardMin),
        hardMax: draft.hardMax === '' ? null : Number(draft.hardMax),
        enabled: draft.enabled,
      });
      setState({ saving: false, message: t('kpi.saved'), error: null });
      onSaved();
    } catch (error) {
      setState({ saving: false, message: null, error: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <form className="cc-rep-filters" onSubmit={submit} aria-label={t('kpi.settings')}>
      <Field label={t('kpi.weeks')}>
        <input type="number" min={2} max={52} step={1} value={draft.weeks} disabled={!mayEdit} onChange={(event) => setDraft({ ...draft, weeks: event.target.value })} />
      </Field>
      <Field label={t('kpi.k')}>
        <input type="number" min={0.1} max={10} step={0.1} value={draft.k} disabled={!mayEdit} onChange={(event) => setDraft({ ...draft, k: event.target.value })} />
      </Field>
      <Field label={t('kpi.hardMin')}>
        <input type="number" step="any" value={draft.hardMin} disabled={!mayEdit} onChange={(event) => setDraft({ ...draft, hardMin: event.target.value })} />
      </Field>
      <Field label={t('kpi.hardMax')}>
        <input type="number" step="any" value={draft.hardMax} disabled={!mayEdit} onChange={(event) => setDraft({ ...draft, hardMax: event.target.value })} />
      </Field>
      <label className="cc-rep-exports">
        <input type="checkbox" checked={draft.enabled} disabled={!mayEdit} onChange={(event) => setDraft({ ...draft, enabled: event.target.checked })} />
        {t('kpi.enabled')}
      </label>
      {mayEdit ? (
        <Button type="submit" busy={state.saving}>
          {t('kpi.save')}
        </Button>
      ) : (
        <span className="cc-rep-summary">{t('kpi.readOnly')}</span>
      )}
      {state.message ? <Notice tone="info">{state.message}</Notice> : null}
      {state.error ? <Notice tone="critical">{state.error}</Notice> : null}
    </form>
  );
}
