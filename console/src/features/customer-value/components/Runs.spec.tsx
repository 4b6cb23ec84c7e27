import type { ValueRunView } from '@callcentre/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { RunsPanel } from './Runs';

const aRun = (overrides: Partial<ValueRunView> = {}): ValueRunView => ({
  id: 7,
  asOf: '2026-05-20T00:00:00.000Z',
  status: 'completed',
  parameters: {},
  counts: { customers: 1000 },
  startedAt: '2026-05-20T00:00:01.000Z',
  finishedAt: '2026-05-20T00:00:05.000Z',
  durationMs: 4200,
  error: null,
  ...overrides,
});

describe('RunsPanel', () => {
  it('lists the runs with their status, duration and customers', async () => {
    mockFetch({ '/api/customer-value/runs': () => fakeResponse(200, [aRun(), aRun({ id: 6, status: 'failed', durationMs: null, counts: null, error: 'database out of reach' })]) });
    renderWithProviders(<RunsPanel mayRecompute={false} />);
    const rows = within(await screen.findByRole('table', { name: 'Value runs, newest first' })).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Completed');
    expect(rows[1]).toHaveTextContent('4.2 s');
    expect(rows[1]).toHaveTextContent('1,000');
    expect(within(rows[2]).getByText('Failed')).toHaveAttribute('title', 'database out of reach');
    expect(screen.queryByRole('button', { name: 'Recompute now' })).not.toBeInTheDocument();
  });

  it('starts a run on request and follows it until it completes', async () => {
    let runs: ValueRunView[] = [];
    const fetch = mockFetch({
      'GET /api/customer-value/runs': () => fakeResponse(200, runs),
      'POST /api/customer-value/recompute': () => {
        runs = [aRun({ id: 8, status: 'running', finishedAt: null, durationMs: null })];
        return fakeResponse(202, runs[0]);
      },
    });
    const onCompleted = jest.fn();
    renderWithProviders(<RunsPanel mayRecompute onCompleted={onCompleted} />);
    expect(await screen.findByText('No run yet: recompute to make the first.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Recompute now' }));
    expect(await screen.findByText('Running')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Computing…' })).toBeDisabled();
    runs = [aRun({ id: 8 })];
    await waitFor(() => expect(screen.getByText('Completed')).toBeInTheDocument(), { timeout: 5_000 });
    expect(onCompleted).toHaveBeenCalled();
    expect(fetch.mock.calls.filter(([, init]) => (init as RequestInit).method === 'POST')).toHaveLength(1);
  });

  it('says why a recompute was refused', async () => {
    mockFetch({
      'GET /api/customer-value/runs': () => fakeResponse(200, []),
      'POST /api/customer-value/recompute': () => fakeResponse(409, { statusCode: 409, code: 'RUN_IN_PROGRESS', message: 'A value run is already in progress' }),
    });
    renderWithProviders(<RunsPanel mayRecompute />);
    await userEvent.click(await screen.findByRole('button', { name: 'Recompute now' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('A value run is already in progress');
  });
});
