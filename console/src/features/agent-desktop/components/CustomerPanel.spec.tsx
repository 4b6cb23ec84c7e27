import { screen, within } from '@testing-library/react';
import type { ComplaintPage, InteractionListResponse, InteractionView } from '@callcentre/shared';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { aCustomerValue, aCustomerView, CUSTOMER_ID } from '../../../testing/customer-value';
import { aLiveContact } from '../../../testing/fixtures';
import { fakeResponse, mockFetch, renderWithProviders, type ProvidersOptions } from '../../../testing/render';
import { CustomerPanel } from './CustomerPanel';

const customerId = CUSTOMER_ID;
const customer = aCustomerView();

/** The panel links to the customer's page, so it renders inside a router. */
const renderPanel = (ui: ReactElement, options: ProvidersOptions) => renderWithProviders(<MemoryRouter>{ui}</MemoryRouter>, options);

function anInteraction(overrides: Partial<InteractionView> = {}): InteractionView {
  return {
    id: '20000000-0000-4000-8000-000000000101',
    externalId: null,
    channel: 'voice',
    status: 'completed',
    queueId: '30000000-0000-4000-8000-000000000001',
    customerId,
    customerName: 'Olivia Smith',
    caller: { phone: '+44 7700 900001' },
    valueTier: 'important',
    language: 'en',
    complaint: false,
    callback: false,
    subject: null,
    agentId: '10000000-0000-4000-8000-000000000001',
    arrivedAt: '2026-05-18T08:30:00.000Z',
    answeredAt: '2026-05-18T08:30:12.000Z',
    endedAt: '2026-05-18T08:36:00.000Z',
    closedAt: '2026-05-18T08:36:30.000Z',
    waitSeconds: 12,
    handleSeconds: 378,
    disposition: 'resolved',
    wrapUpNotes: null,
    offer: null,
    ...overrides,
  };
}

/** `GET /api/interactions` as the server answers it: the list inside `items`. */
const history: InteractionListResponse = {
  items: [
    anInteraction({ id: '20000000-0000-4000-8000-000000000102', channel: 'email', subject: 'Second charge on my May bill', disposition: 'follow_up', arrivedAt: '2026-05-19T10:00:00.000Z' }),
    anInteraction(),
  ],
};

const noComplaints: ComplaintPage = { items: [], total: 0, limit: 10, offset: 0 };

function serverAnswers() {
  return mockFetch({
    [`/api/customers/${customerId}`]: () => fakeResponse(200, customer),
    '/api/complaints': () => fakeResponse(200, noComplaints),
    '/api/interactions': () => fakeResponse(200, history),
  });
}

const recentContacts = () => screen.getByRole('region', { name: 'Recent contacts' });

describe('CustomerPanel', () => {
  it('lists the customer’s recent contacts from the list answer, newest first, for a team lead', async () => {
    const fetch = serverAnswers();
    renderPanel(<CustomerPanel contact={aLiveContact({ customerId })} />, { session: { roles: ['team_lead', 'agent'] } });

    const items = await within(await screen.findByRole('region', { name: 'Recent contacts' })).findAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('E-mail · Follow-up needed · Second charge on my May bill');
    expect(items[1]).toHaveTextContent('Call · Resolved');
    expect(within(recentContacts()).queryByText('No earlier contacts.')).not.toBeInTheDocument();
    const asked = fetch.mock.calls.map(([url]) => new URL(String(url), 'http://console.test')).find((url) => url.pathname === '/api/interactions');
    expect(Object.fromEntries(asked?.searchParams ?? [])).toEqual({ customerId, limit: '6' });
  });

  it('says so when the customer has no earlier contacts', async () => {
    mockFetch({
      [`/api/customers/${customerId}`]: () => fakeResponse(200, customer),
      '/api/complaints': () => fakeResponse(200, noComplaints),
      '/api/interactions': () => fakeResponse(200, { items: [] } satisfies InteractionListResponse),
    });
    renderPanel(<CustomerPanel contact={aLiveContact({ customerId })} />, { session: { role: 'supervisor' } });
    expect(await within(await screen.findByRole('region', { name: 'Recent contacts' })).findByText('No earlier contacts.')).toBeInTheDocument();
  });

  it('asks for an agent’s own history of the customer, and says so when the server does not share it', async () => {
    mockFetch({
      [`/api/customers/${customerId}`]: () => fakeResponse(200, customer),
      '/api/complaints': () => fakeResponse(200, noComplaints),
      '/api/interactions': () => fakeResponse(403, { statusCode: 403, code: 'FORBIDDEN', message: 'no' }),
    });
    renderPanel(<CustomerPanel contact={aLiveContact({ customerId })} />, { session: { role: 'agent' } });
    expect(await screen.findByRole('heading', { name: 'Olivia Smith' })).toBeInTheDocument();
    expect(await within(recentContacts()).findByText('The contact history is not shared with you.')).toBeInTheDocument();
  });

  it('does not ask an administrator’s desk for the history', async () => {
    const fetch = serverAnswers();
    renderPanel(<CustomerPanel contact={aLiveContact({ customerId })} />, { session: { roles: ['admin'] } });
    expect(await screen.findByRole('heading', { name: 'Olivia Smith' })).toBeInTheDocument();
    expect(fetch.mock.calls.map(([url]) => new URL(String(url), 'http://console.test').pathname)).not.toContain('/api/interactions');
  });

  it('shows the tier, the cell with its one-line explanation, the churn risk and a link to the customer’s page', async () => {
    mockFetch({
      [`/api/customers/${customerId}`]: () =>
        fakeResponse(
          200,
          aCustomerView({
            value: aCustomerValue({
              churn: { score: 65, reasons: [{ reason: 'open_complaint', detail: 'complaint C-1 is open' }] },
            }),
          }),
        ),
      '/api/complaints': () => fakeResponse(200, noComplaints),
      '/api/interactions': () => fakeResponse(200, history),
    });
    renderPanel(<CustomerPanel contact={aLiveContact({ customerId })} />, { session: { role: 'agent' } });
    const summary = await screen.findByTestId('value-summary');
    expect(within(summary).getByText('Best customer: keep')).toBeInTheDocument();
    expect(within(summary).getByText('recent (12 d) · frequent (8×) · high spend (1,250.00)')).toBeInTheDocument();
    expect(within(summary).getByText('Churn risk 65/100 (high)')).toBeInTheDocument();
    expect(within(summary).getByText('Has an open complaint')).toBeInTheDocument();
    expect(screen.getByText('Secondary key')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: "Open the customer's page" })).toHaveAttribute('href', `/customers/${customerId}`);
  });

  it('shows the one-line explanation in Chinese for a Chinese reader, and no churn risk when there is none', async () => {
    serverAnswers();
    renderPanel(<CustomerPanel contact={aLiveContact({ customerId })} />, { session: { role: 'agent' }, language: 'zh-CN' });
    const summary = await screen.findByTestId('value-summary');
    expect(within(summary).getByText('近期（12 天） · 频繁（8 次） · 高消费（1,250.00）')).toBeInTheDocument();
    expect(within(summary).queryByText(/流失风险/)).not.toBeInTheDocument();
  });

  it('says plainly when the customer’s record is not shared with this agent', async () => {
    mockFetch({
      [`/api/customers/${customerId}`]: () => fakeResponse(403, { statusCode: 403, code: 'CUSTOMER_NOT_SERVED', message: 'not yours' }),
      '/api/complaints': () => fakeResponse(200, noComplaints),
    });
    renderPanel(<CustomerPanel contact={aLiveContact({ customerId })} />, { session: { role: 'agent' } });
    expect(await screen.findByText(/not shared with you: you have not served them/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
