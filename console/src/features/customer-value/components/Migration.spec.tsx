import type { TierMigrationView } from '@callcentre/shared';
import { screen, within } from '@testing-library/react';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { migrationTotals, MigrationPanel } from './Migration';

const migration: TierMigrationView = {
  fromRunId: 7,
  toRunId: 8,
  moves: [
    { from: 'secondary', to: 'important', customers: 2 },
    { from: 'important', to: 'secondary', customers: 1 },
    { from: 'ordinary', to: 'ordinary', customers: 280 },
    { from: 'small', to: 'ordinary', customers: 15 },
    { from: 'ordinary', to: 'small', customers: 9 },
    { from: 'new', to: 'small', customers: 30 },
  ],
};

describe('MigrationPanel', () => {
  it('counts moves up and down the pyramid', () => {
    expect(migrationTotals(migration)).toEqual({ up: 17, down: 10, same: 280, joined: 30 });
  });

  it('shows the matrix between the last two runs with the totals', async () => {
    mockFetch({ '/api/customer-value/migration': () => fakeResponse(200, migration) });
    renderWithProviders(<MigrationPanel />);
    expect(await screen.findByText('Run 7 → run 8')).toBeInTheDocument();
    expect(screen.getByText('moved up')).toHaveTextContent('17moved up');
    expect(screen.getByText('moved down')).toHaveTextContent('10moved down');
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    const small = rows.find((row) => within(row).queryByRole('rowheader', { name: 'Small' }));
    const cells = within(small as HTMLElement).getAllByRole('cell');
    expect(cells.map((cell) => cell.textContent)).toEqual(['0', '0', '15', '0']);
    expect(cells[2]).toHaveClass('cc-cv-matrix__up');
    expect(cells[0]).not.toHaveClass('cc-cv-matrix__up');
    expect(cells[3]).toHaveClass('cc-cv-matrix__same');
  });

  it('explains that the comparison needs two runs', async () => {
    mockFetch({ '/api/customer-value/migration': () => fakeResponse(404, { statusCode: 404, code: 'NO_PREVIOUS_VALUE_RUN', message: 'a tier migration needs two completed value runs' }) });
    renderWithProviders(<MigrationPanel />);
    expect(await screen.findByText('The comparison needs two completed runs.')).toBeInTheDocument();
  });
});
