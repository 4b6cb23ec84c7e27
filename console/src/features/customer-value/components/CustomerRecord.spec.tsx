import type { ComplaintPage, InteractionListResponse, TransactionPage } from '@callcentre/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aCareAction, aCustomerValue, aCustomerView, CUSTOMER_ID } from '../../../testing/customer-value';
import { fakeResponse, mockFetch, renderApp } from '../../../testing/render';

const path = `/customers/${CUSTOMER_ID}`;
const api = `/api/customers/${CUSTOMER_ID}`;

const purchase = (n: number) => ({ id: `t${n}`, externalId: `T-${n}`, occurredAt: `2026-05-${String(10 + (n % 10)).padStart(2, '0')}T10:00:00.000Z`, amount: n === 3 ? '-20.00' : `${n}0.00`, product: `Item ${n}`, channel: 'web' });
const noComplaints: ComplaintPage = { items: [], total: 0, limit: 20, offset: 0 };
const noContacts: InteractionListResponse = { items: [] };

function serverAnswers(overrides: Record<string, Parameters<typeof mockFetch>[0][string]> = {}) {
  return mockFetch({
    [api]: () => fakeResponse(200, aCustomerView()),
    [`${api}/transactions`]: ({ query }) =>
      fakeResponse(
        200,
        (query.get('before')
          ? { items: [purchase(3)], nextBefore: null }
          : { items: [purchase(1), purchase(2)], nextBefore: 't2' }) satisfies TransactionPage,
      ),
    [`${api}/notes`]: () => fakeResponse(200, { items: [], nextBefore: null }),
    '/api/interactions': () => fakeResponse(200, noContacts),
    '/api/complaints': () => fakeResponse(200, noComplaints),
    '/api/customer-value/worklist': () => fakeResponse(200, { items: [], total: 0, limit: 200, offset: 0 }),
    ...overrides,
  });
}

describe('the customer’s page', () => {
  it('shows who the customer is, their tier and cell explained from the facts, and their rank', async () => {
    serverAnswers();
    renderApp(path, { session: { role: 'agent' } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Olivia Smith' })).toBeInTheDocument();
    expect(screen.getByText('No. C-1001 · +44 7700 900001')).toBeInTheDocument();
    const value = screen.getByTestId('value-summary');
    expect(within(value).getByText('12 of 1,000')).toBeInTheDocument();
    expect(within(value).getByText(/Compared with the average customer: recent, frequent and high spending/)).toBeInTheDocument();
    expect(within(value).getByText('Churn risk 0/100 (none)')).toBeInTheDocument();
    // An agent changes nothing about the customer's value.
    expect(screen.queryByRole('form', { name: 'Set the tier by hand' })).not.toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Mark as lost' })).not.toBeInTheDocument();
  });

  it('tells an agent plainly that a customer they never served is not shared with them', async () => {
    serverAnswers({ [api]: () => fakeResponse(403, { statusCode: 403, code: 'CUSTOMER_NOT_SERVED', message: 'not yours' }) });
    renderApp(path, { session: { role: 'agent' } });
    expect(await screen.findByRole('heading', { name: "You cannot open this customer's record" })).toBeInTheDocument();
    expect(screen.getByText(/Agents see the customers they serve or served/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says so when the customer does not exist, and offers a retry when the server fails', async () => {
    serverAnswers({ [api]: () => fakeResponse(404, { statusCode: 404, code: 'CUSTOMER_NOT_FOUND', message: 'no such customer' }) });
    renderApp(path, { session: { role: 'agent' } });
    expect(await screen.findByRole('heading', { name: 'There is no such customer' })).toBeInTheDocument();

    serverAnswers({ [api]: () => fakeResponse(500, { statusCode: 500, code: 'INTERNAL', message: 'Something broke' }) });
    renderApp(path, { session: { role: 'agent' } });
    expect(await screen.findByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('says when the value has not been computed yet, and shows a lost customer’s cause', async () => {
    serverAnswers({
      [api]: () => fakeResponse(200, aCustomerView({ value: null, lost: { cause: 'fault', note: 'Billing errors', markedAt: '2026-05-01T10:00:00.000Z', markedBy: 'grace' } })),
    });
    renderApp(path, { session: { role: 'team_lead' } });
    expect(await screen.findByText('Value not computed yet: it appears after the first value run.')).toBeInTheDocument();
    expect(screen.getByText(/Marked lost on .*: Our fault \(product or service\)\./)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reinstate' })).toBeInTheDocument();
  });

  it('lists purchases newest first and loads more on request', async () => {
    const fetch = serverAnswers();
    renderApp(path, { session: { role: 'agent' } });
    const table = await screen.findByRole('table', { name: 'Purchases and refunds, newest first' });
    await within(table).findByText('Item 1');
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(table).findByText('Refund 20.00')).toBeInTheDocument();
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    const asked = fetch.mock.calls.map(([url]) => new URL(String(url), 'http://console.test')).filter((url) => url.pathname.endsWith('/transactions'));
    expect(asked.map((url) => url.searchParams.get('before'))).toEqual([null, 't2']);
  });

  it('shows the contacts across channels and the complaints with their satisfaction', async () => {
    serverAnswers({
      '/api/interactions': () =>
        fakeResponse(200, {
          items: [
            { id: 'i1', channel: 'email', arrivedAt: '2026-05-19T10:00:00.000Z', disposition: 'follow_up', subject: 'Second charge', wrapUpNotes: 'Refund promised' },
          ],
        }),
      '/api/complaints': () =>
        fakeResponse(200, {
          items: [
            { id: 'c1', number: 'C-0001', category: 'billing', state: 'closed', receivedAt: '2026-05-02T10:00:00.000Z', deadline: { status: 'on_track' }, satisfaction: 4 },
            { id: 'c2', number: 'C-0002', category: 'delivery', state: 'closed', receivedAt: '2026-05-01T10:00:00.000Z', deadline: { status: 'on_track' }, satisfaction: null },
          ],
          total: 1,
          limit: 20,
          offset: 0,
        }),
    });
    renderApp(path, { session: { role: 'supervisor' } });
    await userEvent.click(await screen.findByRole('tab', { name: 'Contacts' }));
    const contacts = await screen.findByRole('table', { name: 'Contacts across channels, newest first' });
    expect(await within(contacts).findByText('Second charge — Refund promised')).toBeInTheDocument();
    expect(within(contacts).getByText('Follow-up needed')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'Complaints' }));
    const complaints = await screen.findByRole('table', { name: 'Complaints, newest first' });
    expect(await within(complaints).findByText('4 / 5')).toBeInTheDocument();
    expect(within(complaints).getByText('C-0001')).toBeInTheDocument();
    expect(within(complaints).getByText('Not scored')).toBeInTheDocument();
  });

  it('shows the team’s notes newest first and loads older ones on request', async () => {
    const note = (id: string, body: string) => ({ id, body, authorId: 'u2', authorName: 'Grace Lin', createdAt: '2026-05-19T10:00:00.000Z' });
    serverAnswers({
      [`${api}/notes`]: ({ query }) =>
        fakeResponse(200, query.get('before') === 'n2' ? { items: [note('n1', 'First call went well')], nextBefore: null } : { items: [note('n2', 'Asked for a callback')], nextBefore: 'n2' }),
    });
    renderApp(path, { session: { role: 'agent' } });
    await userEvent.click(await screen.findByRole('tab', { name: 'Notes' }));
    const list = await screen.findByRole('list', { name: 'Notes by the team' });
    expect(within(list).getByText('Asked for a callback')).toBeInTheDocument();
    expect(within(list).getAllByRole('listitem')[0]).toHaveTextContent(/^Grace Lin, /);
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(list).findByText('First call went well')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('lets the team add a note, checking it is not empty first', async () => {
    const fetch = serverAnswers({
      [`POST ${api}/notes`]: ({ body }) =>
        fakeResponse(201, { id: 'n1', body: (body as { body: string }).body, authorId: 'u1', authorName: 'Amy', createdAt: '2026-05-20T10:00:00.000Z' }),
    });
    renderApp(path, { session: { role: 'agent' } });
    await userEvent.click(await screen.findByRole('tab', { name: 'Notes' }));
    expect(await screen.findByText('No notes yet.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save note' }));
    expect(screen.getByText('Fill in this field.')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Add a note for the team'), 'Prefers e-mail after 6 pm');
    await userEvent.click(screen.getByRole('button', { name: 'Save note' }));
    const list = await screen.findByRole('list', { name: 'Notes by the team' });
    expect(within(list).getByText('Prefers e-mail after 6 pm')).toBeInTheDocument();
    expect(fetch.mock.calls.some(([url, init]) => String(url).endsWith('/notes') && (init as RequestInit).method === 'POST')).toBe(true);
  });

  it('shows this customer’s care actions, asked of the reader’s worklist by customer however long it is', async () => {
    const actions = [aCareAction(), aCareAction({ id: 'other', customerId: 'someone-else' })];
    serverAnswers({
      '/api/customer-value/worklist': ({ query }) => {
        const items = actions.filter((action) => action.customerId === query.get('customerId'));
        return fakeResponse(200, { items, total: items.length, limit: 200, offset: 0 });
      },
    });
    renderApp(path, { session: { role: 'team_lead' } });
    await userEvent.click(await screen.findByRole('tab', { name: 'Care actions' }));
    const table = await screen.findByRole('table', { name: 'Care actions' });
    expect(await within(table).findByText('Return visit: ask about satisfaction')).toBeInTheDocument();
    expect(within(table).getAllByRole('row')).toHaveLength(2);
  });

  it('lets a supervisor set the tier by hand with a reason and an end date, and go back to the computed tier', async () => {
    const fetch = serverAnswers({
      [api]: () =>
        fakeResponse(
          200,
          aCustomerView({
            valueTier: 'important',
            value: aCustomerValue({ valueTier: 'important', tierSource: 'override', override: { reason: 'Board member', expiresAt: '2030-01-01T00:00:00.000Z', setBy: 'sophie' } }),
          }),
        ),
      [`PUT ${api}/tier-override`]: () => fakeResponse(200, {}),
      [`DELETE ${api}/tier-override`]: () => fakeResponse(200, {}),
    });
    renderApp(path, { session: { role: 'supervisor' } });
    const form = await screen.findByRole('form', { name: 'Set the tier by hand' });
    expect(screen.getByText(/Tier set by hand to Key customer \(computed: Secondary key\)/)).toBeInTheDocument();
    expect(screen.getByText('Board member')).toBeInTheDocument();

    await userEvent.click(within(form).getByRole('button', { name: 'Set tier' }));
    expect(within(form).getByText('Fill in this field.')).toBeInTheDocument();
    await userEvent.click(within(form).getByRole('button', { name: 'Go back to the computed tier' }));
    expect(within(form).getByText('Say why the computed tier should apply again.')).toBeInTheDocument();

    await userEvent.type(within(form).getByLabelText('Reason'), 'Renewed contract');
    await userEvent.selectOptions(within(form).getByLabelText('Tier'), 'Secondary key');
    await userEvent.click(within(form).getByRole('button', { name: 'Set tier' }));
    await waitFor(() => expect(fetch.mock.calls.some(([, init]) => (init as RequestInit).method === 'PUT')).toBe(true));
    const put = fetch.mock.calls.find(([, init]) => (init as RequestInit).method === 'PUT');
    const body = JSON.parse(String((put?.[1] as RequestInit).body)) as { valueTier: string; reason: string; expiresAt: string };
    expect(body.valueTier).toBe('secondary');
    expect(body.reason).toBe('Renewed contract');
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('lets a team lead mark a customer lost with a cause, but not set the tier', async () => {
    const fetch = serverAnswers({ [`PUT ${api}/loss`]: () => fakeResponse(200, {}) });
    renderApp(path, { session: { role: 'team_lead' } });
    const form = await screen.findByRole('form', { name: 'Mark as lost' });
    expect(screen.queryByRole('form', { name: 'Set the tier by hand' })).not.toBeInTheDocument();
    await userEvent.click(within(form).getByRole('button', { name: 'Mark as lost' }));
    expect(within(form).getByText('Choose why the customer left.')).toBeInTheDocument();
    await userEvent.selectOptions(within(form).getByLabelText('Cause'), "Competitive (a rival's offer)");
    await userEvent.type(within(form).getByLabelText('Note'), 'Moved to a rival');
    await userEvent.click(within(form).getByRole('button', { name: 'Mark as lost' }));
    await waitFor(() => expect(fetch.mock.calls.some(([, init]) => (init as RequestInit).method === 'PUT')).toBe(true));
    const put = fetch.mock.calls.find(([, init]) => (init as RequestInit).method === 'PUT');
    expect(JSON.parse(String((put?.[1] as RequestInit).body))).toEqual({ cause: 'competitive', note: 'Moved to a rival' });
  });

  it('speaks Chinese to a Chinese reader, the explanation included', async () => {
    serverAnswers();
    renderApp(path, { session: { role: 'agent' }, language: 'zh-CN' });
    const value = await screen.findByTestId('value-summary');
    expect(within(value).getByText(/与平均客户相比：近期有购买、购买频繁、消费高/)).toBeInTheDocument();
    expect(within(value).getByText('第 12 / 1,000')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: '购买' })).toHaveAttribute('aria-selected', 'true');
  });
});
