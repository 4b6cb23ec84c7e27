import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders } from '../../../testing/render';
import { LoginForm } from './LoginForm';

describe('LoginForm', () => {
  it('asks for both fields before signing in, and focuses the first missing one', async () => {
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
  });

  it('keeps the typed username and chosen role in the session', async () => {
    const onSignedIn = jest.fn();
    const { sessionStore } = renderWithProviders(<LoginForm onSignedIn={onSignedIn} />);

    await userEvent.type(screen.getByLabelText('Username'), '  chen.jing ');
    await userEvent.type(screen.getByLabelText('Password'), 'secret');
    await userEvent.selectOptions(screen.getByLabelText('Work as'), 'team_lead');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const expected = { username: 'chen.jing', displayName: 'chen.jing', role: 'team_lead' };
    expect(onSignedIn).toHaveBeenCalledWith(expected);
    expect(sessionStore.get()).toEqual(expected);
  });

  it('says plainly that passwords are not checked yet', () => {
    renderWithProviders(<LoginForm onSignedIn={jest.fn()} />);
    expect(screen.getByRole('note')).toHaveTextContent('Passwords are not checked yet');
  });

  it('submits with Enter from the password field', async () => {
    const onSignedIn = jest.fn();
    renderWithProviders(<LoginForm onSignedIn={onSignedIn} />);
    await userEvent.type(screen.getByLabelText('Username'), 'amy');
    await userEvent.type(screen.getByLabelText('Password'), 'pw{Enter}');
    expect(onSignedIn).toHaveBeenCalledWith(expect.objectContaining({ username: 'amy', role: 'agent' }));
  });
});
