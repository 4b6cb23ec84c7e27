import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { LoginForm } from './LoginForm';

const issued = {
  tokenType: 'Bearer',
  accessToken: 'not-read-by-the-console',
  accessTokenExpiresAt: '2030-01-01T09:15:00.000Z',
  refreshToken: 'not-read-either',
  sessionExpiresAt: '2030-01-01T21:00:00.000Z',
  user: { id: 'u-1', username: 'chen.jing', displayName: 'Chen Jing', roles: ['agent'], teamLeadId: 'u-9' },
};

describe('LoginForm', () => {
  it('asks for both fields before signing in, and focuses the first missing one', async () => {
    const fetch = mockFetch({});
    const onSignedIn = jest.fn();
    const { sessionStore } = renderWithProviders(<LoginForm onSignedIn={onSignedIn} />);

    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(screen.getByText('Enter your username.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(screen.getByLabelText('Username')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Username')).toHaveAccessibleDescription('Enter your username.');
    expect(screen.getByLabelText('Username')).toHaveFocus();
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(sessionStore.get()).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('posts the credentials and keeps the identity the server grants, not the tokens', async () => {
    const fetch = mockFetch({ 'POST /api/auth/login': () => fakeResponse(200, issued) });
    const onSignedIn = jest.fn();
    const { sessionStore } = renderWithProviders(<LoginForm onSignedIn={onSignedIn} />);

    await userEvent.type(screen.getByLabelText('Username'), '  chen.jing ');
    await userEvent.type(screen.getByLabelText('Password'), 'chen.jing');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    const [, init] = fetch.mock.calls[0] as [string, RequestInit];
    expect(JSON.parse(String(init.body))).toEqual({ username: 'chen.jing', password: 'chen.jing' });
    expect(init.credentials).toBe('same-origin');
    const expected = {
      userId: 'u-1',
      username: 'chen.jing',
      displayName: 'Chen Jing',
      roles: ['agent'],
      role: 'agent',
      teamLeadId: 'u-9',
      accessTokenExpiresAt: Date.parse(issued.accessTokenExpiresAt),
      sessionExpiresAt: Date.parse(issued.sessionExpiresAt),
    };
    expect(onSignedIn).toHaveBeenCalledWith(expected);
    expect(sessionStore.get()).toEqual(expected);
    expect(JSON.stringify(sessionStore.get())).not.toContain('not-read');
  });

  it('starts a team lead who also takes calls in the inbox', async () => {
    mockFetch({ 'POST /api/auth/login': () => fakeResponse(200, { ...issued, user: { ...issued.user, roles: ['team_lead', 'agent'] } }) });
    const onSignedIn = jest.fn();
    renderWithProviders(<LoginForm onSignedIn={onSignedIn} />);
    await userEvent.type(screen.getByLabelText('Username'), 'grace');
    await userEvent.type(screen.getByLabelText('Password'), 'grace{Enter}');
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(expect.objectContaining({ role: 'team_lead', roles: ['team_lead', 'agent'] })));
  });

  it('says a wrong password plainly, clears the password and stays signed out', async () => {
    mockFetch({
      'POST /api/auth/login': () => fakeResponse(401, { statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' }),
    });
    const onSignedIn = jest.fn();
    const { sessionStore } = renderWithProviders(<LoginForm onSignedIn={onSignedIn} />);
    await userEvent.type(screen.getByLabelText('Username'), 'amy');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong{Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password.');
    expect(screen.getByLabelText('Password')).toHaveValue('');
    expect(screen.getByLabelText('Password')).toHaveFocus();
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(sessionStore.get()).toBeNull();
  });

  it('says when a locked account unlocks, in the reader’s time', async () => {
    const lockedUntil = '2030-03-04T10:45:00.000Z';
    mockFetch({
      'POST /api/auth/login': () =>
        fakeResponse(423, {
          statusCode: 423,
          code: 'ACCOUNT_LOCKED',
          message: `Too many failed sign-ins: the account is locked until ${lockedUntil}`,
          details: { lockedUntil },
        }),
    });
    renderWithProviders(<LoginForm onSignedIn={jest.fn()} />);
    await userEvent.type(screen.getByLabelText('Username'), 'amy');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong{Enter}');
    const shown = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(lockedUntil));
    expect(await screen.findByRole('alert')).toHaveTextContent(`This account is locked after too many failed sign-ins. Try again after ${shown}.`);
  });

  it('asks to wait when the server throttles sign-ins', async () => {
    mockFetch({
      'POST /api/auth/login': () =>
        fakeResponse(429, { statusCode: 429, code: 'TOO_MANY_REQUESTS', message: 'Too many sign-in attempts from this address; wait a minute' }),
    });
    renderWithProviders(<LoginForm onSignedIn={jest.fn()} />, { language: 'zh-CN' });
    await userEvent.type(screen.getByLabelText('用户名'), 'amy');
    await userEvent.type(screen.getByLabelText('密码'), 'amy{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('登录尝试次数过多');
  });

  it('checks the fields with the server’s limits before sending', async () => {
    const fetch = mockFetch({});
    renderWithProviders(<LoginForm onSignedIn={jest.fn()} />);
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'a'.repeat(65) } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret' } });
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Use at most 64 characters.')).toBeInTheDocument();
    expect(screen.getByLabelText('Username')).toHaveAttribute('aria-invalid', 'true');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('puts a refusal that names a field under that field, in the reader’s language, not the server’s vague words', async () => {
    const refusal = {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'The request has invalid fields',
      fields: [{ field: 'username', messages: ['username must be text without NUL characters or unpaired surrogates'] }],
    };
    mockFetch({ 'POST /api/auth/login': () => fakeResponse(400, refusal) });
    const first = renderWithProviders(<LoginForm onSignedIn={jest.fn()} />);
    await userEvent.type(screen.getByLabelText('Username'), 'amy');
    await userEvent.type(screen.getByLabelText('Password'), 'secret{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Sign-in was refused: see the message under the field.');
    expect(screen.getByText('This value was not accepted. Check it and try again.')).toBeInTheDocument();
    expect(screen.getByLabelText('Username')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByText(/invalid fields|must be text/)).not.toBeInTheDocument();
    first.unmount();

    renderWithProviders(<LoginForm onSignedIn={jest.fn()} />, { language: 'zh-CN' });
    await userEvent.type(screen.getByLabelText('用户名'), 'amy');
    await userEvent.type(screen.getByLabelText('密码'), 'secret{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('登录被拒绝：请看字段下方的提示。');
    expect(screen.getByText('此项的值未被接受，请检查后重试。')).toBeInTheDocument();
    expect(screen.getByLabelText('用户名')).toHaveAttribute('aria-invalid', 'true');
  });

  it('says why the console signed out by itself', () => {
    mockFetch({});
    const providers = renderWithProviders(<LoginForm onSignedIn={jest.fn()} />);
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    providers.unmount();
    const again = renderWithProviders(<LoginForm onSignedIn={jest.fn()} />, { session: { username: 'amy' } });
    again.sessionStore.set(null, 'expired');
    return waitFor(() => expect(screen.getByText('Your sign-in has expired. Sign in again to go on.')).toBeInTheDocument());
  });
});
