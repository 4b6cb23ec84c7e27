import type { RfmGridView, RfmLevel } from '@callcentre/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../../../api/use-resource';
import { useFormatters } from '../../../i18n/formatters';
import { fetchRfmGrid, reportCsvUrl } from '../api/customer-value-api';
import { Loadable } from './Loadable';
import { ReportPanel } from './ReportPanel';

type Cell = RfmGridView['cells'][number];

/** Rows by recency (recent first), then frequency and monetary from high to low, so the best cell opens the grid. */
const ROWS: readonly RfmLevel[] = ['low', 'high'];
const COLUMNS: ReadonlyArray<readonly [RfmLevel, RfmLevel]> = [
  ['high', 'high'],
  ['low', 'high'],
  ['high', 'low'],
  ['low', 'low'],
];

function Change({ change }: { change: number | null }) {
  const { t } = useTranslation();
  const format = useFormatters();
  if (change === null) return <span className="cc-cv-muted">{t('valueReports.grid.noPrevious')}</span>;
  if (change === 0) return <span className="cc-cv-muted">{t('valueReports.grid.unchanged')}</span>;
  const sign = change > 0 ? '+' : '−';
  return (
    <span className={change > 0 ? 'cc-cv-change--up' : 'cc-cv-change--down'}>
      {t('valueReports.grid.change', { change: `${sign}${format.number(Math.abs(change))}` })}
    </span>
  );
}

export function RfmGridPanel() {
  const { t } = useTranslation();
  const format = useFormatters();
  const grid = useResource(useCallback((signal: AbortSignal) => fetchRfmGrid(signal), []));
  return (
    <ReportPanel title={t('valueReports.grid.title')} description={t('valueReports.grid.description')} csvUrl={reportCsvUrl('rfm-grid')}>
      <div className="cc-cv-section">
      <Loadable resource={grid} errorTitle={t('valueReports.error')} unavailable={t('valueReports.noRun')}>
        {(data) => {
          const find = (recency: RfmLevel, frequency: RfmLevel, monetary: RfmLevel): Cell | undefined =>
            data.cells.find((cell) => cell.recency === recency && cell.frequency === frequency && cell.monetary === monetary);
          return (
            <div className="cc-cv-stack">
              <div className="cc-cv-grid" role="list" aria-label={t('valueReports.grid.title')}>
                {ROWS.map((recency) => [
                  <p key={`label-${recency}`} className="cc-cv-grid__row-label" aria-hidden="true">
                    {t(`customerValue.explain.levels.recency.${recency}`)}
                  </p>,
                  ...COLUMNS.map(([frequency, monetary]) => {
                    const cell = find(recency, frequency, monetary);
                    const key = `${recency}/${frequency}/${monetary}`;
                    return (
                      <div key={key} className="cc-cv-cell" role="listitem" data-testid={`rfm-cell-${key}`}>
                        <span className="cc-cv-cell__name">{cell ? t(`rfm.${cell.segment}`) : '—'}</span>
                        <span className="cc-cv-cell__levels">
                          {[
                            t(`customerValue.explain.levels.recency.${recency}`),
                            t(`customerValue.explain.levels.frequency.${frequency}`),
                            t(`customerValue.explain.levels.monetary.${monetary}`),
                          ].join(' · ')}
                        </span>
                        <span>
                          <span className="cc-cv-cell__figure">{format.number(cell?.customers ?? 0)}</span> {t('valueReports.grid.customers', { count: cell?.customers ?? 0 })}
                        </span>
                        <span>{t('valueReports.grid.value', { value: format.money(Number(cell?.value ?? 0)) })}</span>
                        <Change change={cell?.customersChange ?? null} />
                      </div>
                    );
                  }),
                ])}
              </div>
              <p className="cc-cv-muted">{t('valueReports.grid.inactive', { count: data.inactive, formatted: format.number(data.inactive) })}</p>
            </div>
          );
        }}
      </Loadable>
      </div>
    </ReportPanel>
  );
}
