import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Session } from '../features/auth';
import { SHORTCUT_WINDOW_MS } from '../features/shell/hooks/useGoToShortcuts';
import { fakeResponse, mockFetch, renderApp } from '../testing/render';

function issuedFor(username: string, roles: string[]) {
  return {
    accessTokenExpiresAt: new Date(Date.now() + 900_000).toISOString(),
    sessionExpiresAt: new Date(Date.now() + 43_200_000).toISOString(),
    user: { id: `id-${username}`, username, displayName: username, roles, teamLeadId: null },
  };
}

const ACCOUNTS: Record<string, string[]> = { amy: ['agent'], sophie: ['supervisor'], grace: ['team_lead', 'agent'] };

beforeEach(() => {
  mockFetch({
    '/api/queues': () => fakeResponse(200, []),
    'POST /api/auth/login': ({ body }) => {
      const { username } = body as { username: string };
      return fakeResponse(200, issuedFor(username, ACCOUNTS[username] ?? ['agent']));
    },
    'POST /api/auth/logout': () => fakeResponse(204, undefined),
  });
});

const grace = { username: 'grace', displayName: 'Grace', roles: ['team_lead', 'agent'] } satisfies Partial<Session>;

describe('console routes', () => {
  it('sends a visitor who is not signed in to the sign-in page', () => {
    const { router } = renderApp('/');
    expect(router.state.location.pathname).toBe('/login');
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Work pages' })).not.toBeInTheDocument();
  });

  it('protects the work pages', () => {
    const { router } = renderApp('/wallboard');
    expect(router.state.location.pathname).toBe('/login');
  });

  it.each([
    ['amy', '/agent', 'Agent desktop'],
    ['sophie', '/wallboard', 'Supervisor wallboard'],
    ['grace', '/team-lead', 'Team-lead inbox'],
  ])('opens the start page of %s’s role after sign-in', async (username, path, title) => {
    const { router } = renderApp('/login');
    await userEvent.type(screen.getByLabelText('Username'), username);
    await userEvent.type(screen.getByLabelText('Password'), username);
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(path));
    expect(await screen.findByRole('heading', { level: 1, name: title })).toBeInTheDocument();
  });

  it('returns to the page that was asked for before signing in, when it is theirs to open', async () => {
    const { router } = renderApp('/agent');
    await userEvent.type(screen.getByLabelText('Username'), 'grace');
    await userEvent.type(screen.getByLabelText('Password'), 'grace');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/agent'));
  });

  it('opens the start page instead of a page the role does not cover', async () => {
    const { router } = renderApp('/wallboard');
    await userEvent.type(screen.getByLabelText('Username'), 'amy');
    await userEvent.type(screen.getByLabelText('Password'), 'amy');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/agent'));
  });

  it('shows only the pages of the person’s roles, and says so on another page', () => {
    renderApp('/wallboard', { session: { username: 'amy', displayName: 'Amy', role: 'agent' } });
    const nav = screen.getByRole('navigation', { name: 'Work pages' });
    expect(within(nav).getAllByRole('link').map((link) => link.textContent)).toEqual(['Agent desktop', 'Customers', 'Customer value']);
    expect(screen.getByRole('heading', { name: 'This page is for other roles' })).toBeInTheDocument();
    expect(screen.getByText('You are signed in as Agent. Your start page has the work for your role.')).toBeInTheDocument();
  });

  it.each([
    ['supervisor', ['Wallboard', 'Team-lead inbox', 'Customers', 'Customer value', 'Floor', 'Reports']],
    ['admin', ['Wallboard', 'Customer value', 'Imports', 'Reports', 'Administration']],
  ] as const)('shows %s the customer pages the server lets them use', (role, pages) => {
    renderApp('/wallboard', { session: { username: role, displayName: role, role } });
    const nav = screen.getByRole('navigation', { name: 'Work pages' });
    expect(within(nav).getAllByRole('link').map((link) => link.textContent)).toEqual(pages);
  });

  it('keeps a customer’s page to the roles that may read customers, by the first part of its address', () => {
    renderApp('/customers/40000000-0000-4000-8000-000000000001', { session: { username: 'admin', displayName: 'Admin', role: 'admin' } });
    expect(screen.getByRole('heading', { name: 'This page is for other roles' })).toBeInTheDocument();
  });

  it('shows the signed-in person and signs out on the server', async () => {
    const { router, sessionStore } = renderApp('/agent', { session: { username: 'amy', displayName: 'Amy', role: 'agent' } });
    const banner = screen.getByRole('banner');
    expect(within(banner).getByText('Signed in as Amy')).toBeInTheDocument();
    expect(within(banner).getByText('Agent')).toBeInTheDocument();

    await userEvent.click(within(banner).getByRole('button', { name: 'Sign out' }));
    expect(sessionStore.get()).toBeNull();
    expect(router.state.location.pathname).toBe('/login');
    expect((globalThis.fetch as jest.Mock).mock.calls.some(([path, init]) => path === '/api/auth/logout' && init.method === 'POST')).toBe(true);
  });

  it('navigates between the work pages from the top bar and marks the current one', async () => {
    renderApp('/agent', { session: grace });
    const nav = screen.getByRole('navigation', { name: 'Work pages' });
    expect(within(nav).getByRole('link', { name: 'Agent desktop' })).toHaveAttribute('aria-current', 'page');

    await userEvent.click(within(nav).getByRole('link', { name: 'Team-lead inbox' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Team-lead inbox' })).toHaveFocus();
    expect(within(nav).getByRole('link', { name: 'Team-lead inbox' })).toHaveAttribute('aria-current', 'page');
    expect(document.title).toBe('Team-lead inbox · Call-centre console');
  });

  it('offers a skip link to the main content as the first thing on the page', () => {
    renderApp('/agent', { session: { username: 'amy', displayName: 'Amy', role: 'agent' } });
    const links = screen.getAllByRole('link');
    expect(links[0]).toHaveTextContent('Skip to main content');
    expect(links[0]).toHaveAttribute('href', '#main-content');
    expect(screen.getByRole('main')).toHaveAttribute('id', 'main-content');
  });

  it('moves between pages with "g" shortcuts and lists them with "?"', async () => {
    const { router } = renderApp('/agent', { session: grace });
    await userEvent.keyboard('gw');
    expect(router.state.location.pathname).toBe('/wallboard');
    await userEvent.keyboard('gt');
    expect(router.state.location.pathname).toBe('/team-lead');

    await userEvent.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText('Go to Wallboard')).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('ignores shortcuts typed into a form field', async () => {
    const { router } = renderApp('/login');
    await userEvent.type(screen.getByLabelText('Username'), 'gw');
    expect(router.state.location.pathname).toBe('/login');
    expect(screen.getByLabelText('Username')).toHaveValue('gw');
  });

  it('forgets a lone "g" after a moment', () => {
    jest.useFakeTimers();
    try {
      const { router } = renderApp('/agent', { session: grace });
      fireEvent.keyDown(window, { key: 'g' });
      act(() => jest.advanceTimersByTime(SHORTCUT_WINDOW_MS + 1));
      fireEvent.keyDown(window, { key: 'w' });
      expect(router.state.location.pathname).toBe('/agent');
    } finally {
      jest.useRealTimers();
    }
  });

  it('answers an unknown address with a page that says so', () => {
    renderApp('/nowhere', { session: { username: 'amy', displayName: 'Amy', role: 'agent' } });
    expect(screen.getByRole('heading', { name: 'There is no page at this address' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to your start page' })).toHaveAttribute('href', '/agent');
  });
});
