import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aQueue } from '../testing/fixtures';
import { fakeResponse, mockFetch, renderApp } from '../testing/render';

const supervisor = { username: 'sophie', displayName: 'Sophie', role: 'supervisor' } as const;

const demoQueues = [
  aQueue({ code: 'general', name: 'General', basePriority: 0 }),
  aQueue({ code: 'vip', name: 'VIP', basePriority: 50, serviceLevelPercent: 90, serviceLevelSeconds: 10, maxWaitSeconds: 60 }),
  aQueue({ code: 'complaints', name: 'Complaints', basePriority: 30, serviceLevelPercent: 90 }),
];
demoQueues[1].overflowQueueId = demoQueues[2].id;

describe('Supervisor wallboard', () => {
  it('shows a spinner while loading, then one tile per queue, highest priority first', async () => {
    let answer: (response: Response) => void = () => undefined;
    mockFetch({ '/api/queues': () => new Promise<Response>((resolve) => (answer = resolve)) });
    renderApp('/wallboard', { session: supervisor });

    expect(await screen.findByText('Loading queues…')).toHaveAttribute('class', 'ds-spinner__label');
    answer(fakeResponse(200, demoQueues));

    const list = await screen.findByRole('list', { name: 'Queues' });
    const names = within(list).getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent);
    expect(names).toEqual(['VIP', 'Complaints', 'General']);
    expect(within(screen.getByRole('article', { name: 'VIP' })).getByText('Complaints after 60 s')).toBeInTheDocument();
    expect(screen.getByText('3 queues')).toBeInTheDocument();
    expect(screen.getByText(/^Updated \d\d:\d\d:\d\d$/)).toBeInTheDocument();
  });

  it('explains an empty centre', async () => {
    mockFetch({ '/api/queues': () => fakeResponse(200, []) });
    renderApp('/wallboard', { session: supervisor });
    expect(await screen.findByRole('heading', { name: 'No queues are set up' })).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Queues' })).not.toBeInTheDocument();
  });

  it('says in plain words why loading failed and loads again on retry', async () => {
    let failing = true;
    const fetch = mockFetch({
      '/api/queues': () =>
        failing
          ? fakeResponse(503, { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'The database is not answering' })
          : fakeResponse(200, demoQueues),
    });
    renderApp('/wallboard', { session: supervisor });

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('The queues could not be loaded')).toBeInTheDocument();
    expect(within(alert).getByText('The database is not answering')).toBeInTheDocument();
    expect(within(alert).getByText('Reference: SERVICE_UNAVAILABLE')).toBeInTheDocument();

    failing = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('article', { name: 'VIP' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(fetch.mock.calls.filter(([path]) => path === '/api/queues')).toHaveLength(2);
  });

  it('keeps the queues on screen when a refresh fails, with a warning', async () => {
    let failing = false;
    mockFetch({ '/api/queues': () => (failing ? Promise.reject(new TypeError('Failed to fetch')) : fakeResponse(200, demoQueues)) });
    renderApp('/wallboard', { session: supervisor });
    await screen.findByRole('article', { name: 'VIP' });

    failing = true;
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByText(/The last refresh failed: Cannot reach the server/)).toBeInTheDocument();
    expect(screen.getByRole('article', { name: 'VIP' })).toBeInTheDocument();
  });

  it('switches to wall display mode and back, keeping it in the address', async () => {
    mockFetch({ '/api/queues': () => fakeResponse(200, demoQueues) });
    const { router } = renderApp('/wallboard', { session: supervisor });
    await screen.findByRole('article', { name: 'VIP' });

    await userEvent.click(screen.getByRole('button', { name: 'Wall display' }));
    expect(router.state.location.search).toBe('?display=wall');
    expect(document.documentElement.dataset.display).toBe('wall');

    await userEvent.click(screen.getByRole('button', { name: 'Leave wall display' }));
    expect(router.state.location.search).toBe('');
    expect(document.documentElement.dataset.display).toBeUndefined();
  });

  it('opens straight into wall display mode from the address, after signing in', async () => {
    mockFetch({
      '/api/queues': () => fakeResponse(200, demoQueues),
      'POST /api/auth/login': () =>
        fakeResponse(200, {
          accessTokenExpiresAt: new Date(Date.now() + 900_000).toISOString(),
          sessionExpiresAt: new Date(Date.now() + 43_200_000).toISOString(),
          user: { id: 'u-wang', username: 'wang.lei', displayName: 'Wang Lei', roles: ['supervisor'], teamLeadId: null },
        }),
    });
    const { router } = renderApp('/wallboard?display=wall');
    await userEvent.type(screen.getByLabelText('Username'), 'wang.lei');
    await userEvent.type(screen.getByLabelText('Password'), 'wang.lei');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { level: 1, name: 'Supervisor wallboard' });
    expect(`${router.state.location.pathname}${router.state.location.search}`).toBe('/wallboard?display=wall');
    expect(document.documentElement.dataset.display).toBe('wall');
  });

  it('translates a failure the console detects itself into Chinese', async () => {
    mockFetch({ '/api/queues': () => Promise.reject(new TypeError('Failed to fetch')) });
    renderApp('/wallboard', { session: supervisor, language: 'zh-CN' });
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('无法加载队列')).toBeInTheDocument();
    expect(within(alert).getByText('无法连接服务器。请检查网络连接后重试。')).toBeInTheDocument();
    await waitFor(() => expect(within(alert).getByRole('button', { name: '重试' })).toBeEnabled());
  });
});
