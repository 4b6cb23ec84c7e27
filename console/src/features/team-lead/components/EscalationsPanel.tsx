import { useTranslation } from 'react-i18next';
import { ComplaintIcon, EmptyState, Panel, Table, type TableColumn } from '../../../design-system';

/** One escalated complaint as the inbox lists it. */
export interface Escalation {
  id: string;
  number: string;
  customerName: string;
  complexity: string;
  ownerName: string | null;
  dueAt: string;
}

export interface EscalationsPanelProps {
  escalations: Escalation[];
}

/** Complaints escalated to the team lead, with their follow-up owner and deadline. */
export function EscalationsPanel({ escalations }: EscalationsPanelProps) {
  const { t } = useTranslation();
  const columns: Array<TableColumn<Escalation>> = [
    { key: 'number', header: t('teamLead.columns.number'), render: (row) => row.number },
    { key: 'customer', header: t('teamLead.columns.customer'), render: (row) => row.customerName },
    { key: 'complexity', header: t('teamLead.columns.complexity'), render: (row) => row.complexity },
    { key: 'owner', header: t('teamLead.columns.owner'), render: (row) => row.ownerName ?? t('teamLead.noOwner') },
    { key: 'due', header: t('teamLead.columns.due'), render: (row) => row.dueAt, align: 'end' },
  ];
  return (
    <Panel title={t('teamLead.inboxTitle')} description={t('teamLead.inboxDescription')}>
      <Table
        caption={t('teamLead.inboxTitle')}
        columns={columns}
        rows={escalations}
        rowKey={(row) => row.id}
        empty={
          <EmptyState icon={<ComplaintIcon />} title={t('teamLead.emptyTitle')}>
            <p>{t('teamLead.emptyBody')}</p>
          </EmptyState>
        }
      />
    </Panel>
  );
}
