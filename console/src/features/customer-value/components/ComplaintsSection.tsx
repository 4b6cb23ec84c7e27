import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../../../api/use-resource';
import { Badge, Table, type TableColumn } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import type { ComplaintSummary } from '@callcentre/shared';
import { fetchCustomerComplaintHistory } from '../api/customer-value-api';
import { Loadable } from './Loadable';

/** The customer's complaints, open and closed, with the satisfaction each closing recorded. */
export function ComplaintsSection({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const load = useCallback((signal: AbortSignal) => fetchCustomerComplaintHistory(customerId, signal), [customerId]);
  const complaints = useResource(load);
  const columns: Array<TableColumn<ComplaintSummary>> = [
    { key: 'number', header: t('customerPage.complaints.number'), render: (summary) => <span className="cc-cv-number">{summary.number}</span> },
    { key: 'received', header: t('customerPage.complaints.received'), render: (summary) => format.date(new Date(summary.receivedAt)) },
    { key: 'category', header: t('customerPage.complaints.category'), render: (summary) => t(`complaintCategories.${summary.category}`, { defaultValue: summary.category }) },
    {
      key: 'state',
      header: t('customerPage.complaints.state'),
      render: (summary) => (
        <Badge tone={summary.state === 'closed' ? 'neutral' : summary.deadline.status === 'breached' ? 'critical' : summary.deadline.status === 'due_soon' ? 'warning' : 'info'}>
          {t(`complaintStates.${summary.state}`)}
        </Badge>
      ),
    },
    {
      key: 'satisfaction',
      header: t('customerPage.complaints.satisfaction'),
      numeric: true,
      render: (summary) =>
        summary.satisfaction !== null ? t('customerPage.complaints.score', { score: summary.satisfaction }) : summary.state === 'closed' ? t('customerPage.complaints.declined') : '—',
    },
  ];
  return (
    <div className="cc-cv-section">
      <Loadable resource={complaints} errorTitle={t('customerPage.complaints.error')} forbidden={t('customerPage.complaints.forbidden')}>
        {(data) => (
          <Table stackOnPhone caption={t('customerPage.complaints.caption')} columns={columns} rows={data.items} rowKey={(row) => row.id} empty={t('customerPage.complaints.empty')} />
        )}
      </Loadable>
    </div>
  );
}
