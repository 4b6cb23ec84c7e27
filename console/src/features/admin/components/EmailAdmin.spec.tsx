import type { EmailSettingsView } from '@callcentre/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aQueue } from '../../../testing/fixtures';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { EmailAdmin } from './EmailAdmin';

async function fill(field: HTMLElement, text: string) {
  await userEvent.clear(field);
  await userEvent.click(field);
  await userEvent.paste(text);
}

const view = (): EmailSettingsView => ({
  mailboxes: [{ address: 'service@example.com', department: 'customer_service' }],
  departmentQueues: { sales: 'general', customer_service: 'general', pr: 'general', hr: 'general', finance: 'general' },
  promiseMinutes: { '1': 240, '2': 480, '3': 1440, '4': 1440, '5': 1440 },
  rules: [
    { id: 'r1', kind: 'department', field: 'subject', pattern: 'invoice, refund', department: 'finance', complaint: false, description: 'Money', enabled: true },
    { id: 'r2', kind: 'priority', field: 'auto_reply', pattern: '', priority: 5, complaint: false, description: '', enabled: true },
  ],
  relayConfigured: false,
  smtpPort: 2525,
});

const queues = [aQueue({ id: 'q-general', code: 'general', name: 'General' }), aQueue({ id: 'q-sales', code: 'sales', name: 'Sales desk' })];
const puts = (fetch: jest.Mock, path: string) =>
  fetch.mock.calls.filter(([url, init]) => String(url).endsWith(path) && (init as RequestInit | undefined)?.method === 'PUT').map(([, init]) => JSON.parse(String((init as RequestInit).body)));

describe('the e-mail administration', () => {
  it('saves the addresses, department queues and reply promise, and words a refusal by its code in Chinese', async () => {
    const fetch = mockFetch({
      'GET /api/email/settings': () => fakeResponse(200, view()),
      'GET /api/queues': () => fakeResponse(200, queues),
      'PUT /api/email/settings': () => fakeResponse(400, { statusCode: 400, code: 'EMAIL_QUEUE_NOT_FOUND', message: 'no such queue', details: { department: 'sales', queue: 'sales' } }),
    });
    renderWithProviders(<EmailAdmin />, { language: 'zh-CN' });
    const form = await screen.findByTestId('email-settings-form');
    await userEvent.click(within(form).getByRole('button', { name: '添加地址' }));
    const addresses = within(form).getAllByLabelText('地址');
    await fill(addresses[1] as HTMLElement, 'sales@example.com');
    await userEvent.selectOptions(within(form).getAllByLabelText('部门')[1] as HTMLElement, 'sales');
    await userEvent.selectOptions(within(form).getByLabelText('销售'), 'Sales desk');
    await fill(within(form).getByLabelText('1 · 紧急'), '0');
    await userEvent.click(within(form).getByRole('button', { name: '保存' }));
    expect(within(form).getByLabelText('1 · 紧急')).toHaveAttribute('aria-invalid', 'true');
    expect(puts(fetch, '/api/email/settings')).toEqual([]);
    await fill(within(form).getByLabelText('1 · 紧急'), '120');
    await userEvent.click(within(form).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(screen.getByTestId('admin-error')).toHaveTextContent('为 sales 选择的队列不存在。'));
    expect(puts(fetch, '/api/email/settings')).toEqual([
      {
        mailboxes: [{ address: 'service@example.com', department: 'customer_service' }, { address: 'sales@example.com', department: 'sales' }],
        departmentQueues: { sales: 'sales', customer_service: 'general', pr: 'general', hr: 'general', finance: 'general' },
        promiseMinutes: { '1': 120, '2': 480, '3': 1440, '4': 1440, '5': 1440 },
      },
    ]);
  }, 20_000);

  it('adds, edits and removes sorting rules, sending the whole ordered list each time', async () => {
    const fetch = mockFetch({
      'GET /api/email/settings': () => fakeResponse(200, view()),
      'GET /api/queues': () => fakeResponse(200, queues),
      'PUT /api/email/rules': () => fakeResponse(200, view()),
    });
    renderWithProviders(<EmailAdmin />);
    await screen.findByText('invoice, refund');
    await userEvent.click(screen.getByRole('button', { name: 'New rule' }));
    let form = screen.getByTestId('email-rule-form');
    await userEvent.selectOptions(within(form).getByLabelText('Sorts by'), 'priority');
    await userEvent.selectOptions(within(form).getByLabelText('When'), 'text');
    await fill(within(form).getByLabelText(/^Matches/), 'urgent, asap');
    await userEvent.selectOptions(within(form).getByLabelText('Priority'), '1 · Urgent');
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByTestId('email-rule-form')).toBeNull());

    await userEvent.click(screen.getByRole('button', { name: 'Edit rule 1' }));
    form = screen.getByTestId('email-rule-form');
    expect(within(form).getByLabelText(/^Matches/)).toHaveValue('invoice, refund');
    await userEvent.selectOptions(within(form).getByLabelText('Department'), 'Sales');
    await userEvent.click(within(form).getByLabelText('Complaint'));
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByTestId('email-rule-form')).toBeNull());

    await userEvent.click(screen.getByRole('button', { name: 'Remove rule 2' }));
    await waitFor(() => expect(puts(fetch, '/api/email/rules')).toHaveLength(3));
    const [added, edited, removed] = puts(fetch, '/api/email/rules').map((body: { rules: unknown[] }) => body.rules);
    const finance = { kind: 'department', field: 'subject', pattern: 'invoice, refund', department: 'finance', priority: null, complaint: false, description: 'Money', enabled: true };
    const bounces = { kind: 'priority', field: 'auto_reply', pattern: '', department: null, priority: 5, complaint: false, description: '', enabled: true };
    expect(added).toEqual([finance, bounces, { kind: 'priority', field: 'text', pattern: 'urgent, asap', department: null, priority: 1, complaint: false, description: '', enabled: true }]);
    expect(edited).toEqual([{ ...finance, department: 'sales', complaint: true }, bounces]);
    expect(removed).toEqual([finance]);
  }, 20_000);
});
