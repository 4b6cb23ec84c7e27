import type { RetentionActionView } from '@callcentre/shared';
import { useCallback, useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useResource } from '../../../api/use-resource';
import { EmptyState, ErrorState, Notice, PageHeader, Panel, Spinner, UserIcon, UserText } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import { useErrorMessage } from '../../../i18n/use-error-message';
import { homePathFor, useSession } from '../../auth';
import { useDocumentTitle } from '../../shell';
import { may } from '../access';
import { fetchCustomerView, fetchWorklist } from '../api/customer-value-api';
import { CareActionsTable } from './CareActions';
import { ComplaintsSection } from './ComplaintsSection';
import { ContactsSection } from './ContactsSection';
import { Loadable } from './Loadable';
import { LossForm, TierOverrideForm } from './ManageCustomer';
import { NotesSection } from './NotesSection';
import { PurchasesSection } from './PurchasesSection';
import { TierWithSource, ValueSummary } from './ValueSummary';
import './CustomerValue.css';

const TABS = ['purchases', 'contacts', 'complaints', 'care', 'notes'] as const;
type Tab = (typeof TABS)[number];

/** The customer's care actions, from the retention worklist the reader may see. */
function CustomerCareActions({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  // The worklist has no customer filter: the reader's page of it (most valuable first) is narrowed here.
  const load = useCallback(async (signal: AbortSignal) => (await fetchWorklist('', signal, 0, customerId)).items, [customerId]);
  const actions = useResource(load);
  const [recorded, setRecorded] = useState<Readonly<Record<string, RetentionActionView>>>({});
  return (
    <div className="cc-cv-section">
      <Loadable resource={actions} errorTitle={t('worklist.error')} forbidden={t('customerPage.care.forbidden')}>
        {(data) => (
          <CareActionsTable
            actions={data.map((action) => recorded[action.id] ?? action)}
            mayRecord
            withoutCustomer
            onRecorded={(action) => setRecorded((previous) => ({ ...previous, [action.id]: action }))}
          />
        )}
      </Loadable>
    </div>
  );
}

function Tabs({ tabs, current, onChange, label }: { tabs: readonly Tab[]; current: Tab; onChange(tab: Tab): void; label: string }) {
  const { t } = useTranslation();
  const id = useId();
  // Arrow keys move between tabs, as the ARIA tabs pattern expects.
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = tabs[(tabs.indexOf(current) + step + tabs.length) % tabs.length];
    onChange(next);
    document.getElementById(`${id}-${next}`)?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className="cc-cv-tabs" onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab}
          id={`${id}-${tab}`}
          type="button"
          role="tab"
          aria-selected={tab === current}
          tabIndex={tab === current ? 0 : -1}
          className={tab === current ? 'cc-cv-tab cc-cv-tab--current' : 'cc-cv-tab'}
          onClick={() => onChange(tab)}
        >
          {t(`customerPage.tabs.${tab}`)}
        </button>
      ))}
    </div>
  );
}

/** Everything the team knows about one customer: value, purchases, contacts, complaints, care, notes; and what managers may change. */
export function CustomerRecord({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const format = useFormatters();
  const describe = useErrorMessage();
  const load = useCallback((signal: AbortSignal) => fetchCustomerView(customerId, signal), [customerId]);
  const customer = useResource(load);
  const [tab, setTab] = useState<Tab>('purchases');
  useDocumentTitle(customer.data?.name ?? t('customerPage.title'));
  const roles = session?.roles ?? [];

  if (!customer.data) {
    const header = <PageHeader title={t('customerPage.title')} />;
    if (customer.status === 'loading') {
      return (
        <>
          {header}
          <div className="cc-page-placeholder">
            <Spinner label={t('customer.loading')} />
          </div>
        </>
      );
    }
    const status = customer.error?.status;
    if (status === 403 || status === 404) {
      return (
        <>
          {header}
          <Panel title={t(status === 403 ? 'customerPage.forbiddenTitle' : 'customerPage.notFoundTitle')}>
            <EmptyState
              icon={<UserIcon />}
              title={t(status === 403 ? 'customerPage.forbiddenHeading' : 'customerPage.notFoundHeading')}
              actions={<Link to={session ? homePathFor(session.role) : '/login'}>{t('notFound.home')}</Link>}
            >
              <p>{t(status === 403 ? 'customerPage.forbiddenBody' : 'customerPage.notFoundBody')}</p>
            </EmptyState>
          </Panel>
        </>
      );
    }
    return (
      <>
        {header}
        <ErrorState title={t('customer.errorTitle')} message={describe(customer.error)} onRetry={customer.reload} retryLabel={t('errors.retry')} retrying={customer.busy} />
      </>
    );
  }

  const record = customer.data;
  const mayOverride = may(roles, 'overrideTier');
  const mayMarkLost = may(roles, 'markLost');
  const contactFacts = [record.externalId ? t('customerPage.externalId', { id: record.externalId }) : null, record.phone, record.email].filter(Boolean).join(' · ');

  return (
    <>
      <PageHeader
        title={<UserText>{record.name}</UserText>}
        description={contactFacts || undefined}
        actions={record.value ? <TierWithSource value={record.value} /> : null}
      />
      {record.lost ? (
        <div className="cc-cv-notice">
          <Notice tone="warning">
            {t('customerPage.loss.marked', {
              cause: t(`customerValue.lossCauses.${record.lost.cause}`),
              when: format.date(new Date(record.lost.markedAt)),
            })}
            {record.lost.note ? (
              <>
                {' '}
                <UserText>{record.lost.note}</UserText>
              </>
            ) : null}
          </Notice>
        </div>
      ) : null}
      <div className={mayOverride || mayMarkLost ? 'cc-cv-layout cc-cv-layout--with-side' : 'cc-cv-layout'}>
        <div className="cc-cv-main">
          <Panel title={t('customerPage.valueTitle')} description={t('customerPage.valueDescription')}>
            <div className="cc-cv-pad">
              <ValueSummary value={record.value} />
            </div>
          </Panel>
          <Panel title={t('customerPage.historyTitle')}>
            <Tabs tabs={TABS} current={tab} onChange={setTab} label={t('customerPage.historyTitle')} />
            <div role="tabpanel" aria-label={t(`customerPage.tabs.${tab}`)} className="cc-cv-tabpanel">
              {tab === 'purchases' ? <PurchasesSection customerId={record.id} /> : null}
              {tab === 'contacts' ? <ContactsSection customerId={record.id} /> : null}
              {tab === 'complaints' ? <ComplaintsSection customerId={record.id} /> : null}
              {tab === 'care' ? (
                may(roles, 'worklist') ? <CustomerCareActions customerId={record.id} /> : <p className="cc-cv-muted cc-cv-section">{t('customerPage.care.forbidden')}</p>
              ) : null}
              {tab === 'notes' ? <NotesSection customerId={record.id} /> : null}
            </div>
          </Panel>
        </div>
        {mayOverride || mayMarkLost ? (
          <div className="cc-cv-side">
            <Panel title={t('customerPage.manageTitle')} description={t('customerPage.manageDescription')}>
              <div className="cc-cv-pad cc-cv-stack">
                {mayOverride ? <TierOverrideForm customer={record} onChanged={customer.reload} /> : null}
                {mayMarkLost ? <LossForm customer={record} onChanged={customer.reload} /> : null}
              </div>
            </Panel>
          </div>
        ) : null}
      </div>
    </>
  );
}
