import { VALUE_TIERS, type ValueTier } from '@callcentre/shared';
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useResource } from '../../../api/use-resource';
import { Button, Field, Panel, Table, UserText, type TableColumn } from '../../../design-system';
import { ValueTierBadge } from '../../agent-desktop/components/ValueTierBadge';
import { searchCustomers, type CustomerListItem } from '../api/customer-value-api';
import { Loadable } from './Loadable';
import './CustomerValue.css';

interface Filters {
  search: string;
  valueTier: ValueTier | '';
}

/** Finds customers by name, phone, e-mail or their number in the CRM, optionally of one tier (agents: those they served). */
export function CustomerSearch() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Filters>({ search: '', valueTier: '' });
  const [filters, setFilters] = useState<Filters>({ search: '', valueTier: '' });
  const load = useCallback((signal: AbortSignal) => searchCustomers({ search: filters.search.trim(), valueTier: filters.valueTier }, signal), [filters]);
  const results = useResource(load);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ ...draft });
  };

  const columns: Array<TableColumn<CustomerListItem>> = [
    {
      key: 'name',
      header: t('customerSearch.name'),
      render: (row) => (
        <Link to={`/customers/${encodeURIComponent(row.id)}`}>
          <UserText>{row.name}</UserText>
        </Link>
      ),
    },
    { key: 'tier', header: t('customerValue.tier'), render: (row) => <ValueTierBadge tier={row.valueTier} /> },
    { key: 'segment', header: t('customerValue.cell'), render: (row) => (row.rfmSegment ? t(`rfm.${row.rfmSegment}`) : '—') },
    { key: 'phone', header: t('customer.phone'), render: (row) => row.phone ?? '—' },
    { key: 'externalId', header: t('customerSearch.externalId'), render: (row) => row.externalId ?? '—' },
  ];

  return (
    <Panel title={t('customerSearch.title')} description={t('customerSearch.description')}>
      <form className="cc-cv-filters" role="search" onSubmit={submit}>
        <Field label={t('customerSearch.search')}>
          <input type="search" value={draft.search} onChange={(event) => setDraft((previous) => ({ ...previous, search: event.target.value }))} />
        </Field>
        <Field label={t('customerValue.tier')}>
          <select value={draft.valueTier} onChange={(event) => setDraft((previous) => ({ ...previous, valueTier: event.target.value as ValueTier | '' }))}>
            <option value="">{t('customerSearch.anyTier')}</option>
            {VALUE_TIERS.map((tier) => (
              <option key={tier} value={tier}>
                {t(`valueTiers.${tier}`)}
              </option>
            ))}
          </select>
        </Field>
        <Button type="submit" variant="primary">
          {t('customerSearch.submit')}
        </Button>
      </form>
      <div className="cc-cv-section">
        <Loadable resource={results} errorTitle={t('customerSearch.error')}>
          {(data) => <Table stackOnPhone caption={t('customerSearch.caption')} columns={columns} rows={[...data.items]} rowKey={(row) => row.id} empty={t('customerSearch.empty')} />}
        </Loadable>
      </div>
    </Panel>
  );
}
