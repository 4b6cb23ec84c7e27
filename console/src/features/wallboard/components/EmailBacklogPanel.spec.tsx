import { screen, within } from '@testing-library/react';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { EmailBacklogPanel } from './EmailBacklogPanel';

const NOW = Date.parse('2026-12-04T09:00:00.000Z');
const queues = [
  { queueId: 'q-service', name: 'Customer service' },
  { queueId: 'q-sales', name: 'Sales' },
];

describe('the e-mail backlog on the wallboard', () => {
  it('shows per queue the e-mail awaiting a reply, how many are overdue and the nearest due time', async () => {
    mockFetch({
      'GET /api/email/backlog': () =>
        fakeResponse(200, {
          at: new Date(NOW).toISOString(),
          queues: [
            { queueId: 'q-service', waiting: 4, overdue: 2, nextDueAt: new Date(NOW + 30 * 60_000).toISOString() },
            { queueId: 'q-sales', waiting: 1, overdue: 0, nextDueAt: null },
          ],
        }),
    });
    renderWithProviders(<EmailBacklogPanel queues={queues} now={NOW} />, { session: { role: 'supervisor' } });
    const service = (await screen.findByText('Customer service')).closest('tr') as HTMLElement;
    expect(within(service).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['Customer service', '4', '2', expect.stringContaining('(in 30 min)')]);
    const sales = screen.getByText('Sales').closest('tr') as HTMLElement;
    expect(within(sales).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['Sales', '1', '0', '—']);
  });

  it('says when nothing waits, in Chinese', async () => {
    mockFetch({ 'GET /api/email/backlog': () => fakeResponse(200, { at: new Date(NOW).toISOString(), queues: [] }) });
    renderWithProviders(<EmailBacklogPanel queues={queues} now={NOW} />, { session: { role: 'supervisor' }, language: 'zh-CN' });
    expect(await screen.findByText('没有待回复的电子邮件。')).toBeInTheDocument();
  });
});
