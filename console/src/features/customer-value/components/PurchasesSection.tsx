import type { TransactionView } from '@callcentre/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/http';
import { Button, Table, UserText, type TableColumn } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import { useErrorMessage } from '../../../i18n/use-error-message';
import { fetchPurchases } from '../api/customer-value-api';

interface PurchasesState {
  items: readonly TransactionView[];
  nextBefore: string | null;
  status: 'loading' | 'ready' | 'error';
  error: ApiError | null;
}

const toApiError = (error: unknown) => (error instanceof ApiError ? error : new ApiError(0, 'UNEXPECTED', String(error)));

/** The customer's purchases and refunds, newest first, a page at a time ("load more"). */
export function PurchasesSection({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const describe = useErrorMessage();
  const [state, setState] = useState<PurchasesState>({ items: [], nextBefore: null, status: 'loading', error: null });

  const load = useCallback(
    (before: string | null, signal?: AbortSignal) => {
      setState((previous) => ({ ...previous, status: 'loading', error: null }));
      fetchPurchases(customerId, before, signal).then(
        (page) => setState((previous) => ({ items: before ? [...previous.items, ...page.items] : page.items, nextBefore: page.nextBefore, status: 'ready', error: null })),
        (error: unknown) => {
          if (signal?.aborted) return;
          setState((previous) => ({ ...previous, status: 'error', error: toApiError(error) }));
        },
      );
    },
    [customerId],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(null, controller.signal);
    return () => controller.abort();
  }, [load]);

  const columns: Array<TableColumn<TransactionView>> = [
    { key: 'when', header: t('customerPage.purchases.when'), render: (row) => format.dateTime(new Date(row.occurredAt)) },
    { key: 'product', header: t('customerPage.purchases.product'), render: (row) => (row.product ? <UserText>{row.product}</UserText> : '—') },
    { key: 'channel', header: t('customerPage.purchases.channel'), render: (row) => (row.channel ? <UserText>{row.channel}</UserText> : '—') },
    {
      key: 'amount',
      header: t('customerPage.purchases.amount'),
      numeric: true,
      render: (row) => (Number(row.amount) < 0 ? t('customerPage.purchases.refund', { amount: format.money(-Number(row.amount)) }) : format.money(Number(row.amount))),
    },
  ];

  return (
    <div className="cc-cv-section">
      <Table
        stackOnPhone
        caption={t('customerPage.purchases.caption')}
        columns={columns}
        rows={[...state.items]}
        rowKey={(row) => row.id}
        empty={state.status === 'ready' ? t('customerPage.purchases.empty') : undefined}
      />
      {state.status === 'error' ? (
        <p className="cc-cv-error" role="alert">
          {describe(state.error ?? undefined)}{' '}
          <Button size="sm" onClick={() => load(state.items.length > 0 ? state.nextBefore : null)}>
            {t('errors.retry')}
          </Button>
        </p>
      ) : null}
      {state.nextBefore && state.status !== 'error' ? (
        <div className="cc-cv-more">
          <Button onClick={() => load(state.nextBefore)} busy={state.status === 'loading'}>
            {t('customerPage.purchases.more')}
          </Button>
        </div>
      ) : state.status === 'loading' && state.items.length === 0 ? (
        <p className="cc-cv-muted">{t('common.loading')}</p>
      ) : null}
    </div>
  );
}
