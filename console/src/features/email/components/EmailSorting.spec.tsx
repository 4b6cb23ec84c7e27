import type { EmailContactView } from '@callcentre/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { EmailPanel } from './EmailPanel';
import { EmailSortingFor } from './EmailSorting';

const ID = '20000000-0000-4000-8000-000000000301';

function aContact(overrides: Partial<EmailContactView> = {}): EmailContactView {
  return {
    interactionId: ID,
    conversationId: '70000000-0000-4000-8000-000000000301',
    department: 'customer_service',
    priority: 3,
    sorting: [],
    dueAt: new Date(Date.now() + 5 * 3_600_000).toISOString(),
    firstReplyAt: null,
    breachedAt: null,
    customerName: 'Olivia Smith',
    mailbox: 'service@callcentre.example',
    messageId: '50000000-0000-4000-8000-000000000301',
    messages: [],
    relayConfigured: true,
    ...overrides,
  };
}

const patches = (fetch: jest.Mock) =>
  fetch.mock.calls.filter(([, init]) => (init as RequestInit | undefined)?.method === 'PATCH').map(([url, init]) => ({ path: new URL(String(url), 'http://x').pathname, body: JSON.parse(String((init as RequestInit).body)) }));

describe('re-sorting an e-mail contact', () => {
  it('lets a supervisor move the contact to another department and priority, sending only what changed', async () => {
    let current = aContact();
    const fetch = mockFetch({
      [`GET /api/email/contacts/${ID}`]: () => fakeResponse(200, current),
      [`PATCH /api/email/contacts/${ID}`]: () => {
        current = aContact({ department: 'finance', priority: 1 });
        return fakeResponse(200, current);
      },
    });
    renderWithProviders(<EmailPanel interactionId={ID} canReply={false} />, { session: { role: 'supervisor' } });
    const form = await screen.findByTestId('email-sorting');
    expect(within(form).getByRole('button', { name: 'Re-sort' })).toBeDisabled();
    await userEvent.selectOptions(within(form).getByLabelText('Department'), 'Finance');
    await userEvent.selectOptions(within(form).getByLabelText('Priority'), '1 · Urgent');
    await userEvent.click(within(form).getByRole('button', { name: 'Re-sort' }));
    await within(form).findByText('Re-sorted: the queue and due time follow.');
    expect(patches(fetch)).toEqual([{ path: `/api/email/contacts/${ID}`, body: { department: 'finance', priority: 1 } }]);
    await waitFor(() => expect(screen.getByTestId('email-panel')).toHaveTextContent('Department: Finance'));
  });

  it('is not offered to an agent', async () => {
    mockFetch({ [`GET /api/email/contacts/${ID}`]: () => fakeResponse(200, aContact()) });
    renderWithProviders(<EmailPanel interactionId={ID} canReply />, { session: { role: 'agent' } });
    await screen.findByTestId('email-panel');
    expect(screen.queryByTestId('email-sorting')).toBeNull();
  });

  it('reads the sorting where only the contact is known and words a refusal in Chinese', async () => {
    mockFetch({
      [`GET /api/email/contacts/${ID}`]: () => fakeResponse(200, aContact()),
      [`PATCH /api/email/contacts/${ID}`]: () => fakeResponse(403, { statusCode: 403, code: 'FORBIDDEN', message: 'only supervisors re-sort' }),
    });
    renderWithProviders(<EmailSortingFor interactionId={ID} />, { session: { role: 'supervisor' }, language: 'zh-CN' });
    const form = await screen.findByTestId('email-sorting');
    expect(within(form).getByLabelText('部门')).toHaveValue('customer_service');
    await userEvent.selectOptions(within(form).getByLabelText('优先级'), '5');
    await userEvent.click(within(form).getByRole('button', { name: '重新分拣' }));
    await within(form).findByText('您无权执行此操作。');
  });
});
