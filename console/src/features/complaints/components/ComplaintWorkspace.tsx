import type { ComplaintDetail, LiveContact } from '@callcentre/shared';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, ComplaintIcon, EmptyState, Panel, Spinner, UserText } from '../../../design-system';
import { useErrorMessage } from '../../../i18n/use-error-message';
import { useServerNow } from '../../realtime';
import { useComplaintList } from '../hooks/useComplaintList';
import type { ComplaintActorInfo } from '../machine';
import type { OwnerOption } from './ComplaintActions';
import { ComplaintIntake } from './ComplaintIntake';
import { ComplaintView } from './ComplaintView';
import { DeadlineBadge } from './DeadlineBadge';
import './ComplaintWorkspace.css';

export interface ComplaintWorkspaceProps {
  actor: ComplaintActorInfo;
  me: OwnerOption;
  owners: readonly OwnerOption[];
  /** Receive a new complaint from this contact (set by the contact card's button). */
  intakeFor: LiveContact | null;
  /** The intake closed: with the complaint it opened, or without (cancelled). */
  onIntakeDone(opened?: ComplaintDetail): void;
  /** A complaint to show (e.g. picked in the customer panel). */
  focusId: string | null;
  onFocus(id: string | null): void;
}

/** The agent's complaints: receive one from the current contact, and walk each open one through its steps. */
export function ComplaintWorkspace({ actor, me, owners, intakeFor, onIntakeDone, focusId, onFocus }: ComplaintWorkspaceProps) {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  const now = useServerNow();
  const list = useComplaintList({ ownerId: actor.userId, open: true, sort: 'due', limit: 20 });
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const [recent, setRecent] = useState<string | null>(null);
  const selected = focusId ?? recent ?? items[0]?.id ?? null;

  useEffect(() => {
    if (focusId) setRecent(focusId);
  }, [focusId]);

  return (
    <Panel title={t('complaints.title')} description={t('complaints.description')} className="cc-workspace">
      <div className="cc-workspace__body">
        {intakeFor ? (
          <ComplaintIntake
            contact={intakeFor}
            agents={owners}
            me={me}
            workstation={t('intake.defaultWorkstation', { name: me.name })}
            onOpened={(detail) => {
              onIntakeDone(detail);
              onFocus(detail.id);
              list.reload();
            }}
            onCancel={() => onIntakeDone()}
          />
        ) : list.status === 'loading' && !list.data ? (
          <Spinner label={t('complaints.loading')} />
        ) : list.status === 'error' && !list.data ? (
          <p className="cc-workspace__muted">{describe(list.error)}</p>
        ) : (
          <>
            {items.length > 0 ? (
              <div className="cc-workspace__tabs" role="tablist" aria-label={t('complaints.listLabel')}>
                {items.map((item) => (
                  <button
                    key={item.id}
                    type="button"
                    role="tab"
                    aria-selected={item.id === selected}
                    className="cc-workspace__tab"
                    onClick={() => onFocus(item.id)}
                  >
                    <span className="cc-workspace__tab-number">{item.number}</span>
                    <span className="cc-workspace__tab-meta">
                      <UserText>{item.customerName ?? t('complaint.noCustomer')}</UserText> · {t(`complaintStates.${item.state}`)}
                    </span>
                    <DeadlineBadge deadline={item.deadline} now={now} />
                  </button>
                ))}
              </div>
            ) : null}
            {selected ? (
              <div role="tabpanel" className="cc-workspace__view">
                <ComplaintView key={selected} complaintId={selected} actor={actor} owners={owners} />
              </div>
            ) : (
              <EmptyState icon={<ComplaintIcon />} title={t('complaints.emptyTitle')}>
                <p>{t('complaints.emptyBody')}</p>
              </EmptyState>
            )}
            {selected && !items.some((item) => item.id === selected) ? (
              <p className="cc-workspace__muted">
                <Badge tone="neutral">{t('complaints.notListed')}</Badge>
              </p>
            ) : null}
          </>
        )}
      </div>
    </Panel>
  );
}
