import { screen, within } from '@testing-library/react';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { LossesPanel } from './Losses';

describe('LossesPanel', () => {
  it('shows lost customers by cause and the preventable share', async () => {
    mockFetch({
      '/api/customer-value/losses': () =>
        fakeResponse(200, { total: 40, preventableShare: 0.45, causes: [{ cause: 'fault', customers: 18 }, { cause: 'competitive', customers: 12 }, { cause: 'natural', customers: 10 }] }),
    });
    renderWithProviders(<LossesPanel />);
    expect(await screen.findByText('preventable (our fault)')).toHaveTextContent('45%preventable (our fault)');
    expect(screen.getByText('lost customers')).toHaveTextContent('40lost customers');
    const rows = within(screen.getByRole('table', { name: 'Lost customers by cause' })).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Our fault (product or service) · preventable1845%');
    expect(screen.getByRole('link', { name: 'Download Lost customers as CSV' })).toHaveAttribute('href', '/api/customer-value/losses?format=csv');
  });

  it('says so when nobody was marked lost', async () => {
    mockFetch({ '/api/customer-value/losses': () => fakeResponse(200, { total: 0, preventableShare: 0, causes: [] }) });
    renderWithProviders(<LossesPanel />, { language: 'zh-CN' });
    expect(await screen.findByText('没有标记为流失的客户。')).toBeInTheDocument();
  });
});
