import type { PyramidView } from '@callcentre/shared';
import { screen, within } from '@testing-library/react';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { paretoAnswer, PyramidPanel } from './Pyramid';

function aPyramid(importantShare: number, secondaryShare: number): PyramidView {
  const rest = 1 - importantShare - secondaryShare;
  return {
    runId: 7,
    asOf: '2026-05-20T00:00:00.000Z',
    tiers: [
      { tier: 'important', customers: 10, value: '50000.00', valueShare: importantShare },
      { tier: 'secondary', customers: 190, value: '250000.00', valueShare: secondaryShare },
      { tier: 'ordinary', customers: 300, value: '60000.00', valueShare: rest * 0.7 },
      { tier: 'small', customers: 500, value: '10000.00', valueShare: rest * 0.3 },
    ],
  };
}

describe('paretoAnswer', () => {
  it('answers "about" within ten points of 80 %, "more" above and "less" below', () => {
    expect(paretoAnswer(aPyramid(0.2, 0.58))).toMatchObject({ customersShare: 0.2, verdict: 'about' });
    expect(paretoAnswer(aPyramid(0.4, 0.55))?.verdict).toBe('more');
    expect(paretoAnswer(aPyramid(0.1, 0.4))?.verdict).toBe('less');
  });

  it('has no answer without customers', () => {
    expect(paretoAnswer({ runId: 1, asOf: '2026-05-20T00:00:00.000Z', tiers: [] })).toBeNull();
  });
});

describe('PyramidPanel', () => {
  it('shows counts and shares per tier and answers whether the top 20 % bring about 80 %', async () => {
    mockFetch({ '/api/customer-value/pyramid': () => fakeResponse(200, aPyramid(0.15, 0.63)) });
    renderWithProviders(<PyramidPanel />);
    expect(await screen.findByTestId('pareto-answer')).toHaveTextContent(
      'Yes: the key customers (20% of customers) bring 78% of the value, about the 80% the rule expects.',
    );
    const rows = within(screen.getByRole('table', { name: /^Tiers on/ })).getAllByRole('row');
    expect(rows).toHaveLength(5);
    expect(rows[1]).toHaveTextContent('Key customer');
    expect(rows[1]).toHaveTextContent('10');
    expect(rows[1]).toHaveTextContent('50,000.00');
    expect(screen.getByRole('link', { name: 'Download Value pyramid as CSV' })).toHaveAttribute('href', '/api/customer-value/pyramid?format=csv');
  });

  it('says no, in Chinese too, when the key customers bring far less', async () => {
    mockFetch({ '/api/customer-value/pyramid': () => fakeResponse(200, aPyramid(0.05, 0.3)) });
    renderWithProviders(<PyramidPanel />, { language: 'zh-CN' });
    expect(await screen.findByTestId('pareto-answer')).toHaveTextContent('否：重点客户（占客户的 20%）只带来了 35% 的价值');
  });

  it('says so before the first run completes', async () => {
    mockFetch({ '/api/customer-value/pyramid': () => fakeResponse(404, { statusCode: 404, code: 'NO_COMPLETED_VALUE_RUN', message: 'no value run has completed yet' }) });
    renderWithProviders(<PyramidPanel />);
    expect(await screen.findByText('No value run has completed yet: recompute to make the first.')).toBeInTheDocument();
  });

  it('says so when the latest run has no customers, and offers a retry when the report fails', async () => {
    mockFetch({ '/api/customer-value/pyramid': () => fakeResponse(200, { runId: 1, asOf: '2026-05-20T00:00:00.000Z', tiers: [] }) });
    renderWithProviders(<PyramidPanel />);
    expect(await screen.findByText('No customers in the latest run.')).toBeInTheDocument();

    mockFetch({ '/api/customer-value/pyramid': () => fakeResponse(503, { statusCode: 503, code: 'UNAVAILABLE', message: 'Starting' }) });
    renderWithProviders(<PyramidPanel />);
    expect(await screen.findByRole('heading', { name: 'The report could not be loaded' })).toBeInTheDocument();
  });
});
