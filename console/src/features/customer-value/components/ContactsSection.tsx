import type { InteractionView } from '@callcentre/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../../../api/use-resource';
import { Table, UserText, type TableColumn } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import { fetchCustomerContacts } from '../api/customer-value-api';
import { Loadable } from './Loadable';

/** The customer's contacts across channels, newest first, with their dispositions and wrap-up notes. */
export function ContactsSection({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const load = useCallback((signal: AbortSignal) => fetchCustomerContacts(customerId, signal), [customerId]);
  const contacts = useResource(load);
  const columns: Array<TableColumn<InteractionView>> = [
    { key: 'when', header: t('customerPage.contacts.when'), render: (row) => format.dateTime(new Date(row.arrivedAt)) },
    { key: 'channel', header: t('customerPage.contacts.channel'), render: (row) => t(`channels.${row.channel}`, { defaultValue: row.channel }) },
    {
      key: 'disposition',
      header: t('customerPage.contacts.disposition'),
      render: (row) => (row.disposition ? t(`dispositions.${row.disposition}`, { defaultValue: row.disposition }) : t('customerPage.contacts.noDisposition')),
    },
    {
      key: 'notes',
      header: t('customerPage.contacts.notes'),
      render: (row) => {
        const text = [row.subject, row.wrapUpNotes].filter(Boolean).join(' — ');
        return text ? <UserText className="cc-cv-pre">{text}</UserText> : '—';
      },
    },
  ];
  return (
    <div className="cc-cv-section">
      <Loadable resource={contacts} errorTitle={t('customerPage.contacts.error')} forbidden={t('customerPage.contacts.forbidden')}>
        {(data) => (
          <Table stackOnPhone caption={t('customerPage.contacts.caption')} columns={columns} rows={[...data.items]} rowKey={(row) => row.id} empty={t('customerPage.contacts.empty')} />
        )}
      </Loadable>
    </div>
  );
}
