import { RFM_CELL_SEGMENTS, type RfmGridView, type RfmLevel } from '@callcentre/shared';
import { screen, within } from '@testing-library/react';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { RfmGridPanel } from './RfmGrid';

const grid: RfmGridView = {
  runId: 8,
  previousRunId: 7,
  cells: Object.entries(RFM_CELL_SEGMENTS).map(([key, segment], index) => {
    const [recency, frequency, monetary] = key.split('/') as [RfmLevel, RfmLevel, RfmLevel];
    return { segment, recency, frequency, monetary, customers: 100 + index, value: `${(index + 1) * 1000}.00`, customersChange: index === 0 ? 12 : index === 1 ? -3 : 0 };
  }),
  inactive: 42,
};

describe('RfmGridPanel', () => {
  it('shows the eight cells with customers, value and the change since the last run', async () => {
    mockFetch({ '/api/customer-value/rfm-grid': () => fakeResponse(200, grid) });
    renderWithProviders(<RfmGridPanel />);
    const cells = await screen.findAllByRole('listitem');
    expect(cells).toHaveLength(8);
    const best = screen.getByTestId('rfm-cell-low/high/high');
    expect(within(best).getByText('Best customer: keep')).toBeInTheDocument();
    expect(best).toHaveTextContent('100 customers');
    expect(within(best).getByText('Value 1,000.00')).toBeInTheDocument();
    expect(within(best).getByText('+12 since the last run')).toBeInTheDocument();
    expect(within(screen.getByTestId('rfm-cell-low/low/high')).getByText('−3 since the last run')).toBeInTheDocument();
    expect(screen.getByText('42 customers bought nothing in the period (no cell).')).toBeInTheDocument();
  });

  it('says there is nothing to compare with after the first run, in Chinese too', async () => {
    mockFetch({ '/api/customer-value/rfm-grid': () => fakeResponse(200, { ...grid, previousRunId: null, cells: grid.cells.map((cell) => ({ ...cell, customersChange: null })) }) });
    renderWithProviders(<RfmGridPanel />, { language: 'zh-CN' });
    expect(await screen.findAllByText('没有可比较的上次计算')).toHaveLength(8);
  });
});
