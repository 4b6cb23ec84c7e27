import { screen, within } from '@testing-library/react';
import type { ComplaintPage, InteractionListResponse, InteractionView } from '@callcentre/shared';
import { aLiveContact } from '../../../testing/fixtures';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import type { Customer } from '../api/desk-api';
import { CustomerPanel } from './CustomerPanel';

const customerId = '40000000-0000-4000-8000-000000000001';

const customer: Customer = {
  id: customerId,
  name: 'Olivia Smith',
  phone: '+44 7700 900001',
  email: null,
  valueTier: 'important',
  rfmSegment: null,
  lifetimeValue: '12800.00',
  language: 'en',
  notes: '',
  createdAt: '2026-01-05T09:00:00.000Z',
};

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
    renderWithProviders(<CustomerPanel contact={aLiveContact({ customerId })} />, { session: { roles: ['team_lead', 'agent'] } });

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
    renderWithProviders(<CustomerPanel contact={aLiveContact({ customerId })} />, { session: { role: 'supervisor' } });
    expect(await within(await screen.findByRole('region', { name: 'Recent contacts' })).findByText('No earlier contacts.')).toBeInTheDocument();
  });

  it('does not ask for the history on an agent’s desk, which the server keeps to team leads and supervisors', async () => {
    const fetch = serverAnswers();
    renderWithProviders(<CustomerPanel contact={aLiveContact({ customerId })} />, { session: { role: 'agent' } });
    expect(await screen.findByRole('heading', { name: 'Olivia Smith' })).toBeInTheDocument();
    expect(within(recentContacts()).getByText(/The contact history is shown to team leads and supervisors/)).toBeInTheDocument();
    expect(fetch.mock.calls.map(([url]) => new URL(String(url), 'http://console.test').pathname)).not.toContain('/api/interactions');
  });
});
