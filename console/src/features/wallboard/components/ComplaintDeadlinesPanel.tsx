import type { ComplaintSummary } from '@callcentre/shared';
import { useTranslation } from 'react-i18next';
import { ClockIcon, EmptyState, Panel, Spinner, UserText } from '../../../design-system';
import { useErrorMessage } from '../../../i18n/use-error-message';
import { DeadlineBadge, useComplaintList } from '../../complaints';
import './ComplaintDeadlinesPanel.css';

/**
 * Complaints close to or past their deadline, most urgent first, with live countdowns. Reloaded on every
 * complaint update and each minute (deadlines move with the clock alone).
 */
export function ComplaintDeadlinesPanel({ now, onOpen }: { now: number; onOpen?(complaint: ComplaintSummary): void }) {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  const breached = useComplaintList({ deadline: 'breached', open: true, sort: 'due', limit: 20 });
  const dueSoon = useComplaintList({ deadline: 'due_soon', open: true, sort: 'due', limit: 20 });
  const items = [...(breached.data?.items ?? []), ...(dueSoon.data?.items ?? [])];
  const loading = (breached.status === 'loading' && !breached.data) || (dueSoon.status === 'loading' && !dueSoon.data);
  const error = !breached.data ? breached.error : !dueSoon.data ? dueSoon.error : undefined;

  return (
    <Panel title={t('deadlines.title')} description={t('deadlines.description')} className="cc-deadline-panel">
      {loading ? (
        <div className="cc-deadline-panel__placeholder">
          <Spinner label={t('deadlines.loading')} />
        </div>
      ) : error ? (
        <p className="cc-deadline-panel__error" role="alert">
          {describe(error)}
        </p>
      ) : items.length === 0 ? (
        <EmptyState icon={<ClockIcon />} title={t('deadlines.emptyTitle')}>
          <p>{t('deadlines.emptyBody')}</p>
        </EmptyState>
      ) : (
        <ul className="cc-deadline-panel__list" data-testid="complaint-deadlines">
          {items.map((complaint) => (
            <li key={complaint.id} className="cc-deadline-panel__item">
              <div className="cc-deadline-panel__who">
                {onOpen ? (
                  <button type="button" className="cc-link-button cc-deadline-panel__number" onClick={() => onOpen(complaint)}>
                    {complaint.number}
                  </button>
                ) : (
                  <span className="cc-deadline-panel__number">{complaint.number}</span>
                )}
                <span className="cc-deadline-panel__meta">
                  <UserText>{complaint.customerName ?? t('complaint.noCustomer')}</UserText> · {t(`complexities.${complaint.complexity}`)} · <UserText>{complaint.ownerName ?? t('complaint.unknownPerson')}</UserText>
                </span>
              </div>
              <DeadlineBadge deadline={complaint.deadline} now={now} />
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
