import { useEffect, useId, useRef, useState } from 'react';

export interface ChartSeries {
  name: string;
  /** One value per point; null leaves a gap. */
  values: ReadonlyArray<number | null>;
  kind: 'line' | 'bar';
  /** A CSS colour (a design token). */
  color: string;
  dashed?: boolean;
}

export interface ChartBand {
  name: string;
  low: ReadonlyArray<number | null>;
  high: ReadonlyArray<number | null>;
}

export interface TimeChartProps {
  /** What the chart shows, read by screen readers (the figures are in the table beside it). */
  label: string;
  /** Labels of the points, in order (local times). */
  labels: readonly string[];
  series: readonly ChartSeries[];
  band?: ChartBand;
  /** Formats the axis's values. */
  format?: (value: number) => string;
  height?: number;
}

const DEFAULT_WIDTH = 800;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

/**
 * A plain SVG chart over time: bars and lines on one scale, and a band drawn behind them (the normal range of a
 * KPI). It scales to its container's width; the axis names the first, middle and last points.
 */
export function TimeChart({ label, labels, series, band, format = (value) => String(Math.round(value * 100) / 100), height = 220 }: TimeChartProps) {
  const titleId = useId();
  // Drawn at the width it is shown at, so text and lines keep their size from a phone to a wall.
  const frame = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useEffect(() => {
    const element = frame.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const width = Math.round(entry.contentRect.width);
      if (width > 0) setWidth(Math.max(280, width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const all = [...series.flatMap((s) => s.values), ...(band ? [...band.low, ...band.high] : [])].filter((value): value is number => value !== null && Number.isFinite(value));
  const max = Math.max(1e-9, ...all);
  const min = Math.min(0, ...all);
  const count = Math.max(1, labels.length);
  const plotWidth = width - PAD.left - PAD.right;
  const plotHeight = height - PAD.top - PAD.bottom;
  const step = plotWidth / count;
  const x = (index: number) => PAD.left + step * (index + 0.5);
  const y = (value: number) => PAD.top + plotHeight - ((value - min) / (max - min || 1)) * plotHeight;
  const bars = series.filter((s) => s.kind === 'bar');
  const barWidth = Math.max(1, (step * 0.8) / Math.max(1, bars.length));

  const path = (values: ReadonlyArray<number | null>) => {
    let d = '';
    let open = false;
    values.forEach((value, index) => {
      if (value === null || !Number.isFinite(value)) {
        open = false;
        return;
      }
      d += `${open ? 'L' : 'M'}${x(index).toFixed(1)},${y(value).toFixed(1)}`;
      open = true;
    });
    return d;
  };

  const bandPath = () => {
    if (!band) return '';
    const pieces: string[] = [];
    let upper: string[] = [];
    let lower: string[] = [];
    const flush = () => {
      if (upper.length > 0) pieces.push(`M${upper.join('L')}L${lower.reverse().join('L')}Z`);
      upper = [];
      lower = [];
    };
    labels.forEach((_, index) => {
      const low = band.low[index];
      const high = band.high[index];
      if (low === null || high === null || low === undefined || high === undefined) return flush();
      upper.push(`${x(index).toFixed(1)},${y(high).toFixed(1)}`);
      lower.push(`${x(index).toFixed(1)},${y(low).toFixed(1)}`);
    });
    flush();
    return pieces.join('');
  };

  const ticks = [0, Math.floor((count - 1) / 2), count - 1].filter((value, index, list) => value >= 0 && list.indexOf(value) === index);
  return (
    <figure className="cc-rep-chart" ref={frame}>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={titleId}>
        <title id={titleId}>{label}</title>
        {[0, 0.5, 1].map((share) => {
          const value = min + (max - min) * share;
          return (
            <g key={share}>
              <line x1={PAD.left} x2={width - PAD.right} y1={y(value)} y2={y(value)} className="cc-rep-chart__grid" />
              <text x={PAD.left - 6} y={y(value) + 4} textAnchor="end" className="cc-rep-chart__axis">
                {format(value)}
              </text>
            </g>
          );
        })}
        {band ? <path d={bandPath()} className="cc-rep-chart__band" /> : null}
        {bars.map((s, seriesIndex) =>
          s.values.map((value, index) =>
            value === null || value <= 0 ? null : (
              <rect
                key={`${s.name}-${index}`}
                x={x(index) - (barWidth * bars.length) / 2 + seriesIndex * barWidth}
                y={y(value)}
                width={barWidth}
                height={Math.max(0, y(min) - y(value))}
                fill={s.color}
              />
            ),
          ),
        )}
        {series
          .filter((s) => s.kind === 'line')
          .map((s) => (
            <path key={s.name} d={path(s.values)} fill="none" stroke={s.color} strokeWidth={2} strokeDasharray={s.dashed ? '6 4' : undefined} vectorEffect="non-scaling-stroke" />
          ))}
        {ticks.map((index) => (
          <text key={index} x={x(index)} y={height - 8} textAnchor={index === 0 ? 'start' : index === count - 1 ? 'end' : 'middle'} className="cc-rep-chart__axis">
            {labels[index]}
          </text>
        ))}
      </svg>
      <figcaption className="cc-rep-chart__legend">
        {band ? (
          <span>
            <i className="cc-rep-chart__swatch cc-rep-chart__swatch--band" aria-hidden="true" />
            {band.name}
          </span>
        ) : null}
        {series.map((s) => (
          <span key={s.name}>
            <i className="cc-rep-chart__swatch" style={{ background: s.color }} aria-hidden="true" />
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
