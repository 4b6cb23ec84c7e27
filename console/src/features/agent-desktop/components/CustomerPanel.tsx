import type { LiveContact } from '@callcentre/shared';
import { useCallback, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../../api/http';
import { useResource } from '../../../api/use-resource';
import { Badge, EmptyState, ErrorState, Panel, Spinner, UserIcon, UserText } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import { useErrorMessage } from '../../../i18n/use-error-message';
import { useSession } from '../../auth';
import { may, ValueSummary } from '../../customer-value';
import { useRealtime } from '../../realtime';
import { fetchCustomer, fetchRecentContacts } from '../api/desk-api';
import { fetchCustomerComplaints } from '../../complaints/api/complaints-api';
import { ValueTierBadge } from './ValueTierBadge';
import './CustomerPanel.css';

export interface CustomerPanelProps {
  /** The contact whose customer to show; null when none is ringing or connected. */
  contact: LiveContact | null;
  /** Opens one of the customer's complaints in the complaint panel. */
  onOpenComplaint?(complaintId: string): void;
}

/** The record of the customer on the contact: value, segment, open complaints, recent contacts and notes. */
export function CustomerPanel({ contact, onOpenComplaint }: CustomerPanelProps) {
  const { t } = useTranslation();
  return (
    <Panel title={t('customer.title')} description={t('customer.description')} className="cc-customer">
      {!contact ? (
        <EmptyState icon={<UserIcon />} title={t('customer.noneTitle')}>
          <p>{t('customer.noneBody')}</p>
        </EmptyState>
      ) : contact.customerId ? (
        <KnownCustomer key={contact.customerId} customerId={contact.customerId} onOpenComplaint={onOpenComplaint} />
      ) : (
        <div className="cc-customer__body">
          <h3 className="cc-customer__name">
            <UserText>{contact.caller.name ?? contact.caller.phone ?? contact.caller.email ?? t('offer.unknownCaller')}</UserText>
          </h3>
          <p className="cc-customer__unmatched">{t('customer.unmatched')}</p>
          <dl className="cc-customer__facts">
            {contact.caller.phone ? <Fact label={t('customer.phone')} value={contact.caller.phone} /> : null}
            {contact.caller.email ? <Fact label={t('customer.email')} value={contact.caller.email} /> : null}
          </dl>
        </div>
      )}
    </Panel>
  );
}

function Fact({ label, value, wide = false }: { label: string; value: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'cc-customer__fact--wide' : undefined}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}


function KnownCustomer({ customerId, onOpenComplaint }: { customerId: string; onOpenComplaint?(complaintId: string): void }) {
  const { t } = useTranslation();
  const { session } = useSession();
  // Agents see the contacts they handled, team leads their team's; administrators read no customer data.
  const seesHistory = may(session?.roles, 'readContacts');
  const format = useFormatters();
  const describe = useErrorMessage();
  const complaintSerial = useRealtime((state) => state.complaintSerial);
  const loadCustomer = useCallback((signal: AbortSignal) => fetchCustomer(customerId, signal), [customerId]);
  const loadContacts = useCallback(
    (signal: AbortSignal) => (seesHistory ? fetchRecentContacts(customerId, signal) : Promise.resolve(null)),
    [customerId, seesHistory],
  );
  // Reloaded whenever a complaint changes (one may have been opened for this customer).
  const loadComplaints = useCallback(
    (signal: AbortSignal) => fetchCustomerComplaints(customerId, signal),
    [customerId, complaintSerial],
  );
  const customer = useResource(loadCustomer);
  const contacts = useResource(loadContacts);
  const complaints = useResource(loadComplaints);

  if (customer.status === 'loading' && !customer.data) return <div className="cc-customer__placeholder"><Spinner label={t('customer.loading')} /></div>;
  if (!customer.data) {
    if (customer.error?.status === 403) return <p className="cc-customer__body cc-customer__muted">{t('customer.forbidden')}</p>;
    return (
      <ErrorState
        title={t('customer.errorTitle')}
        message={describe(customer.error)}
        onRetry={customer.reload}
        retryLabel={t('errors.retry')}
        retrying={customer.busy}
      />
    );
  }
  const record = customer.data;
  const contactsRefused = !seesHistory || (contacts.error instanceof ApiError && contacts.error.status === 403);

  return (
    <div className="cc-customer__body" data-testid="customer-panel">
      <div className="cc-customer__headline">
        <h3 className="cc-customer__name">
          <UserText>{record.name}</UserText>
        </h3>
        <ValueTierBadge tier={record.valueTier} />
        {record.value?.tierSource === 'override' ? <Badge tone="info">{t('customerValue.override.badge')}</Badge> : null}
      </div>
      {record.value ? (
        <ValueSummary value={record.value} compact />
      ) : (
        <p className="cc-customer__muted">{record.rfmSegment ? t(`rfm.${record.rfmSegment}`) : t('customer.noSegment')}</p>
      )}
      <p>
        <Link to={`/customers/${encodeURIComponent(record.id)}`} className="cc-customer__open">
          {t('customer.openPage')}
        </Link>
      </p>
      <dl className="cc-customer__facts">
        {record.language ? <Fact label={t('customer.language')} value={t(`languages.${record.language}`, { defaultValue: record.language })} /> : null}
        {record.phone ? <Fact label={t('customer.phone')} value={record.phone} /> : null}
        {record.email ? <Fact label={t('customer.email')} value={record.email} wide /> : null}
      </dl>
      {record.rfmSegment ? <p className="cc-customer__advice">{t(`rfm.hint.${record.rfmSegment}`)}</p> : null}

      <section className="cc-customer__section" aria-labelledby={`complaints-${customerId}`}>
        <h4 id={`complaints-${customerId}`}>{t('customer.openComplaints')}</h4>
        {complaints.status === 'loading' && !complaints.data ? (
          <Spinner size="sm" label={t('common.loading')} />
        ) : complaints.error && !complaints.data ? (
          <p className="cc-customer__muted">{describe(complaints.error)}</p>
        ) : complaints.data && complaints.data.items.length > 0 ? (
          <ul className="cc-customer__list">
            {complaints.data.items.map((complaint) => (
              <li key={complaint.id}>
                <button type="button" className="cc-link-button" onClick={() => onOpenComplaint?.(complaint.id)}>
                  {complaint.number}
                </button>{' '}
                <span>{t(`complaintCategories.${complaint.category}`, { defaultValue: complaint.category })}</span>{' '}
                <Badge tone={complaint.deadline.status === 'breached' ? 'critical' : complaint.deadline.status === 'due_soon' ? 'warning' : 'neutral'}>
                  {t(`complaintStates.${complaint.state}`)}
                </Badge>
              </li>
            ))}
          </ul>
        ) : (
          <p className="cc-customer__muted">{t('customer.noComplaints')}</p>
        )}
      </section>

      <section className="cc-customer__section" aria-labelledby={`recent-${customerId}`}>
        <h4 id={`recent-${customerId}`}>{t('customer.recentContacts')}</h4>
        {contactsRefused ? (
          <p className="cc-customer__muted">{t('customer.recentNotShared')}</p>
        ) : contacts.status === 'loading' && !contacts.data ? (
          <Spinner size="sm" label={t('common.loading')} />
        ) : contacts.error && !contacts.data ? (
          <p className="cc-customer__muted">{describe(contacts.error)}</p>
        ) : contacts.data && contacts.data.length > 0 ? (
          <ul className="cc-customer__list">
            {contacts.data.map((item) => (
              <li key={item.id}>
                <span className="cc-customer__number">{format.dateTime(new Date(item.arrivedAt))}</span> {t(`channels.${item.channel}`, { defaultValue: item.channel })}
                {item.disposition ? ` · ${t(`dispositions.${item.disposition}`, { defaultValue: item.disposition })}` : ''}
                {item.subject ? (
                  <>
                    {' · '}
                    <UserText>{item.subject}</UserText>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="cc-customer__muted">{t('customer.noRecent')}</p>
        )}
      </section>

      <section className="cc-customer__section" aria-labelledby={`notes-${customerId}`}>
        <h4 id={`notes-${customerId}`}>{t('customer.notes')}</h4>
        {record.notes ? (
          <p className="cc-customer__notes" dir="auto">
            {record.notes}
          </p>
        ) : (
          <p className="cc-customer__muted">{t('customer.noNotes')}</p>
        )}
      </section>
    </div>
  );
}
