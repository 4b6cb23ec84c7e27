import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { aCareAction } from '../../../testing/customer-value';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { WorklistPanel } from './Worklist';

const progress = (open: number, done: number, skipped: number) => ({ actions: [{ action: 'return_visit', open, done, skipped }], total: { open, done, skipped } });

describe('WorklistPanel', () => {
  it('shows the open care actions with the team’s progress, and records an outcome', async () => {
    let worked = false;
    const fetch = mockFetch({
      '/api/customer-value/worklist': ({ query }) => fakeResponse(200, { items: [aCareAction()], total: 1, limit: Number(query.get('limit')), offset: 0 }),
      '/api/customer-value/worklist/progress': () => fakeResponse(200, worked ? progress(2, 2, 0) : progress(3, 1, 0)),
      [`POST /api/customer-value/worklist/${aCareAction().id}/outcome`]: ({ body }) => {
        worked = true;
        const { status, outcome, note } = body as { status: 'done'; outcome: 'retained'; note: string };
        return fakeResponse(200, aCareAction({ status, outcome, outcomeNote: note, completedAt: '2026-05-21T10:00:00.000Z' }));
      },
    });
    renderWithProviders(
      <MemoryRouter>
        <WorklistPanel />
      </MemoryRouter>,
    );
    expect(await screen.findByText('1 of 4 care actions worked (25%); 3 open.')).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Care actions' });
    expect(within(table).getByRole('link', { name: 'Olivia Smith' })).toHaveAttribute('href', `/customers/${aCareAction().customerId}`);

    await userEvent.click(within(table).getByRole('button', { name: 'Record the outcome for Olivia Smith' }));
    const form = screen.getByRole('form', { name: 'Record the outcome for Olivia Smith' });
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByText('Choose how it went.')).toBeInTheDocument();
    await userEvent.selectOptions(within(form).getByLabelText('Outcome'), 'Retained');
    await userEvent.type(within(form).getByLabelText('Note'), 'Happy again');
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));

    expect(await within(table).findByText('Done')).toBeInTheDocument();
    expect(within(table).getByText('Happy again')).toBeInTheDocument();
    expect(await screen.findByText('2 of 4 care actions worked (50%); 2 open.')).toBeInTheDocument();
    const post = fetch.mock.calls.find(([, init]) => (init as RequestInit).method === 'POST');
    expect(JSON.parse(String((post?.[1] as RequestInit).body))).toEqual({ status: 'done', outcome: 'retained', note: 'Happy again' });
  });

  it('loads the next page of a long worklist on request', async () => {
    const fetch = mockFetch({
      '/api/customer-value/worklist': ({ query }) =>
        fakeResponse(200, {
          items: query.get('offset') ? [aCareAction({ id: 'second-page', customerName: 'Ava Jones' })] : [aCareAction()],
          total: 2,
          limit: 200,
          offset: Number(query.get('offset') ?? 0),
        }),
      '/api/customer-value/worklist/progress': () => fakeResponse(200, progress(2, 0, 0)),
    });
    renderWithProviders(
      <MemoryRouter>
        <WorklistPanel />
      </MemoryRouter>,
    );
    expect(await screen.findByText('1 of 2 shown')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('link', { name: 'Ava Jones' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    const offsets = fetch.mock.calls.map(([url]) => new URL(String(url), 'http://console.test')).filter((url) => url.pathname.endsWith('/worklist')).map((url) => url.searchParams.get('offset'));
    expect(offsets).toEqual([null, '1']);
  });

  it('asks the server for another status when chosen, and says when the list is empty', async () => {
    const fetch = mockFetch({
      '/api/customer-value/worklist': () => fakeResponse(200, { items: [], total: 0, limit: 200, offset: 0 }),
      '/api/customer-value/worklist/progress': () => fakeResponse(200, progress(0, 0, 0)),
    });
    renderWithProviders(
      <MemoryRouter>
        <WorklistPanel />
      </MemoryRouter>,
      { language: 'zh-CN' },
    );
    expect(await screen.findByText('这里没有关怀行动。')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('显示'), '已跳过');
    await waitFor(() =>
      expect(fetch.mock.calls.map(([url]) => new URL(String(url), 'http://console.test').searchParams.get('status'))).toContain('skipped'),
    );
  });

  it('tells a reader the server refuses the worklist to', async () => {
    mockFetch({
      '/api/customer-value/worklist': () => fakeResponse(403, { statusCode: 403, code: 'FORBIDDEN', message: 'no' }),
      '/api/customer-value/worklist/progress': () => fakeResponse(403, { statusCode: 403, code: 'FORBIDDEN', message: 'no' }),
    });
    renderWithProviders(
      <MemoryRouter>
        <WorklistPanel />
      </MemoryRouter>,
    );
    expect(await screen.findByText('The worklist is for team leads and supervisors.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
