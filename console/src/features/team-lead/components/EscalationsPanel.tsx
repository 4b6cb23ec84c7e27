import type { ComplaintQuery, ComplaintSummary } from '@callcentre/shared';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, ComplaintIcon, EmptyState, Panel, Spinner, UserText } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import { useErrorMessage } from '../../../i18n/use-error-message';
import { DeadlineBadge, useComplaintList } from '../../complaints';
import './EscalationsPanel.css';

export type InboxView = 'escalated' | 'mine';

export interface EscalationsPanelProps {
  userId: string;
  selectedId: string | null;
  onSelect(complaint: ComplaintSummary): void;
  now: number;
}

/**
 * The team lead's inbox, live: complaints escalated and waiting for (or with) a team lead, and the ones this
 * team lead took on that are not closed yet. New arrivals are marked until opened.
 */
export function EscalationsPanel({ userId, selectedId, onSelect, now }: EscalationsPanelProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const describe = useErrorMessage();
  const [view, setView] = useState<InboxView>('escalated');
  const query: ComplaintQuery = view === 'escalated' ? { state: 'escalated', open: true, sort: 'due', limit: 50 } : { teamLeadId: userId, open: true, sort: 'due', limit: 50 };
  const list = useComplaintList(query);
  const escalated = useComplaintList({ state: 'escalated', open: true, limit: 50 });
  const items = list.data?.items ?? [];

  // Escalations that arrived while the inbox was open, until they are opened.
  const known = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const ids = (escalated.data?.items ?? []).map((item) => item.id);
    if (!escalated.data) return;
    const seen = known.current;
    if (seen === null) {
      known.current = new Set(ids);
      return;
    }
    const arrived = ids.filter((id) => !seen.has(id));
    if (arrived.length === 0) return;
    arrived.forEach((id) => seen.add(id));
    setFresh((current) => new Set([...current, ...arrived]));
  }, [escalated.data]);

  const awaiting = escalated.data?.total ?? 0;

  return (
    <Panel
      title={t('teamLead.inboxTitle')}
      description={t('teamLead.inboxDescription')}
      className="cc-inbox"
      actions={
        <div className="cc-inbox__views" role="tablist" aria-label={t('teamLead.views')}>
          <button type="button" role="tab" aria-selected={view === 'escalated'} className="cc-inbox__view" onClick={() => setView('escalated')}>
            {t('teamLead.viewEscalated')} <Badge tone={awaiting > 0 ? 'critical' : 'neutral'}>{format.number(awaiting)}</Badge>
          </button>
          <button type="button" role="tab" aria-selected={view === 'mine'} className="cc-inbox__view" onClick={() => setView('mine')}>
            {t('teamLead.viewMine')}
          </button>
        </div>
      }
    >
      {list.status === 'loading' && !list.data ? (
        <div className="cc-inbox__placeholder">
          <Spinner label={t('teamLead.loading')} />
        </div>
      ) : list.status === 'error' && !list.data ? (
        <p className="cc-inbox__error" role="alert">
          {describe(list.error)}
        </p>
      ) : items.length === 0 ? (
        <EmptyState icon={<ComplaintIcon />} title={t(view === 'escalated' ? 'teamLead.emptyTitle' : 'teamLead.emptyMineTitle')}>
          <p>{t(view === 'escalated' ? 'teamLead.emptyBody' : 'teamLead.emptyMineBody')}</p>
        </EmptyState>
      ) : (
        <ul className="cc-inbox__list" data-testid="escalations" aria-live="polite">
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className={['cc-inbox__item', item.id === selectedId ? 'cc-inbox__item--selected' : '', fresh.has(item.id) ? 'cc-inbox__item--fresh' : ''].join(' ')}
                aria-current={item.id === selectedId ? 'true' : undefined}
                onClick={() => {
                  setFresh((current) => new Set([...current].filter((id) => id !== item.id)));
                  onSelect(item);
                }}
                data-testid={`escalation-${item.number}`}
              >
                <span className="cc-inbox__line">
                  <span className="cc-inbox__number">{item.number}</span>
                  {fresh.has(item.id) ? <Badge tone="info">{t('teamLead.new')}</Badge> : null}
                  {item.threatening ? <Badge tone="critical">{t('complaint.threatening')}</Badge> : null}
                  {item.aboutAgent ? <Badge tone="warning">{t('teamLead.aboutAgent')}</Badge> : null}
                </span>
                <span className="cc-inbox__meta">
                  <UserText>{item.customerName ?? t('complaint.noCustomer')}</UserText> · {t(`complaintCategories.${item.category}`, { defaultValue: item.category })} ·{' '}
                  {t(`complexities.${item.complexity}`)}
                </span>
                <span className="cc-inbox__line">
                  <Badge tone={item.state === 'escalated' ? 'warning' : 'neutral'}>{t(`complaintStates.${item.state}`)}</Badge>
                  <span className="cc-inbox__owner">{t('teamLead.ownerIs', { name: item.ownerName ?? t('complaint.unknownPerson') })}</span>
                </span>
                <DeadlineBadge deadline={item.deadline} now={now} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
