import type { QueueLiveStatistics } from '@callcentre/shared';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, Area } from 'recharts';
import { EmptyState, Panel } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import type { QueueSample } from '../../realtime';
import './QueueTrendChart.css';

export interface QueueTrendChartProps {
  queues: readonly QueueLiveStatistics[];
  series: Readonly<Record<string, readonly QueueSample[]>>;
  selectedId: string | null;
  onSelect(queueId: string): void;
  /** Server time now: the chart spans the hour up to it. */
  now: number;
}

/** Service level and contacts waiting over the last hour, for one queue at a time, with its target as a line. */
export function QueueTrendChart({ queues, series, selectedId, onSelect, now }: QueueTrendChartProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  // Until one is chosen: the first queue (highest priority) with something to draw.
  const active = (id: string) => (series[id] ?? []).some((sample) => sample.serviceLevel !== null || (sample.waiting ?? 0) > 0);
  const queue = queues.find((candidate) => candidate.queueId === selectedId) ?? queues.find((candidate) => active(candidate.queueId)) ?? queues[0];
  const samples = queue ? (series[queue.queueId] ?? []) : [];
  const data = samples.map((sample) => ({
    at: sample.at,
    serviceLevel: sample.serviceLevel === null ? null : Math.round(sample.serviceLevel * 1000) / 10,
    waiting: sample.waiting,
  }));
  const drawable = samples.some((sample) => sample.serviceLevel !== null || (sample.waiting ?? 0) > 0);
  const slLabel = t('trend.serviceLevel');
  const waitingLabel = t('trend.waiting');

  return (
    <Panel
      title={t('trend.title')}
      description={t('trend.description')}
      className="cc-trend"
      actions={
        <div className="cc-trend__queues" role="group" aria-label={t('trend.chooseQueue')}>
          {queues.map((candidate) => (
            <button
              key={candidate.queueId}
              type="button"
              className="cc-trend__queue"
              aria-pressed={candidate.queueId === queue?.queueId}
              onClick={() => onSelect(candidate.queueId)}
            >
              {candidate.name}
            </button>
          ))}
        </div>
      }
    >
      {queue && drawable ? (
        <figure className="cc-trend__figure" aria-label={t('trend.figureLabel', { queue: queue.name })} data-testid="trend-chart">
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
              <CartesianGrid stroke="#e3e7ec" vertical={false} />
              <XAxis
                dataKey="at"
                type="number"
                scale="time"
                domain={[now - 60 * 60_000, now]}
                tickFormatter={(value: number) => format.shortTime(value)}
                tick={{ fontSize: 12, fill: '#4f5b68' }}
              />
              <YAxis yAxisId="sl" domain={[0, 100]} unit="%" tick={{ fontSize: 12, fill: '#4f5b68' }} width={48} />
              <YAxis yAxisId="waiting" orientation="right" allowDecimals={false} tick={{ fontSize: 12, fill: '#4f5b68' }} width={32} />
              <Tooltip
                labelFormatter={(value) => format.time(Number(value))}
                formatter={(value, name) => (name === slLabel ? [`${value}%`, name] : [value, name])}
              />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <ReferenceLine
                yAxisId="sl"
                y={queue.serviceLevel.targetPercent}
                stroke="#17733a"
                strokeDasharray="6 4"
                label={{ value: t('trend.target', { percent: queue.serviceLevel.targetPercent }), position: 'insideTopLeft', fontSize: 11, fill: '#17733a' }}
              />
              <Area yAxisId="waiting" type="stepAfter" dataKey="waiting" name={waitingLabel} fill="#e7effb" stroke="#1d5bbf" strokeWidth={1.5} connectNulls isAnimationActive={false} />
              <Line yAxisId="sl" type="monotone" dataKey="serviceLevel" name={slLabel} stroke="#b0261c" strokeWidth={2.5} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </figure>
      ) : (
        <EmptyState title={queue ? t('trend.quietTitle', { queue: queue.name }) : t('trend.emptyTitle')}>
          <p>{t('trend.emptyBody')}</p>
        </EmptyState>
      )}
    </Panel>
  );
}
