import { VALUE_TIERS, type TierMigrationView, type ValueTier } from '@callcentre/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../../../api/use-resource';
import { useFormatters } from '../../../i18n/formatters';
import { fetchMigration, reportCsvUrl } from '../api/customer-value-api';
import { Loadable } from './Loadable';
import { ReportPanel } from './ReportPanel';

type From = ValueTier | 'new';
const FROM: readonly From[] = ['new', ...VALUE_TIERS];
/** Position in the pyramid, top first: a smaller index is a higher tier. */
const place = (tier: ValueTier) => VALUE_TIERS.indexOf(tier);

/** Customers who moved up and down the pyramid between two runs. */
export function migrationTotals(view: TierMigrationView): { up: number; down: number; same: number; joined: number } {
  const totals = { up: 0, down: 0, same: 0, joined: 0 };
  for (const move of view.moves) {
    if (move.from === 'new') totals.joined += move.customers;
    else if (place(move.to) < place(move.from)) totals.up += move.customers;
    else if (place(move.to) > place(move.from)) totals.down += move.customers;
    else totals.same += move.customers;
  }
  return totals;
}

export function MigrationPanel() {
  const { t } = useTranslation();
  const format = useFormatters();
  const migration = useResource(useCallback((signal: AbortSignal) => fetchMigration({}, signal), []));
  return (
    <ReportPanel title={t('valueReports.migration.title')} description={t('valueReports.migration.description')} csvUrl={reportCsvUrl('migration')}>
      <div className="cc-cv-section">
      <Loadable resource={migration} errorTitle={t('valueReports.error')} unavailable={t('valueReports.migration.needTwoRuns')}>
        {(data) => {
          const count = (from: From, to: ValueTier) => data.moves.find((move) => move.from === from && move.to === to)?.customers ?? 0;
          const totals = migrationTotals(data);
          // Moves are coloured only where someone moved: a zero says nothing up or down.
          const cellClass = (from: From, to: ValueTier) =>
            from === 'new' ? undefined : from === to ? 'cc-cv-matrix__same' : count(from, to) === 0 ? undefined : place(to) < place(from) ? 'cc-cv-matrix__up' : 'cc-cv-matrix__down';
          return (
            <div className="cc-cv-stack">
              <p className="cc-cv-muted">{t('valueReports.migration.runs', { from: data.fromRunId, to: data.toRunId })}</p>
              <div className="cc-cv-headline">
                <span>
                  <strong className="cc-cv-change--up">{format.number(totals.up)}</strong>
                  {t('valueReports.migration.up')}
                </span>
                <span>
                  <strong className="cc-cv-change--down">{format.number(totals.down)}</strong>
                  {t('valueReports.migration.down')}
                </span>
                <span>
                  <strong>{format.number(totals.same)}</strong>
                  {t('valueReports.migration.same')}
                </span>
                <span>
                  <strong>{format.number(totals.joined)}</strong>
                  {t('valueReports.migration.joined')}
                </span>
              </div>
              <div className="ds-table-wrap">
                <table className="ds-table cc-cv-matrix">
                  <caption className="cc-visually-hidden">{t('valueReports.migration.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('valueReports.migration.fromTo')}</th>
                      {VALUE_TIERS.map((to) => (
                        <th key={to} scope="col" className="ds-table__cell--end">
                          {t(`valueTiers.${to}`)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {FROM.map((from) => (
                      <tr key={from}>
                        <th scope="row">{from === 'new' ? t('valueReports.migration.new') : t(`valueTiers.${from}`)}</th>
                        {VALUE_TIERS.map((to) => (
                          <td key={to} className={['ds-table__cell--numeric ds-table__cell--end', cellClass(from, to)].filter(Boolean).join(' ')}>
                            {format.number(count(from, to))}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          );
        }}
      </Loadable>
      </div>
    </ReportPanel>
  );
}
