import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LANGUAGE_STORAGE_KEY } from '../../../i18n';
import { mockFetch, fakeResponse, renderApp } from '../../../testing/render';

describe('LanguageSwitcher', () => {
  beforeEach(() => {
    mockFetch({ '/api/queues': () => fakeResponse(200, []) });
  });

  it('switches every label of the console to Simplified Chinese and remembers the choice', async () => {
    const { languageStorage } = renderApp('/team-lead', { session: { username: 'grace', displayName: 'Grace', role: 'team_lead' } });
    expect(screen.getByRole('heading', { level: 1, name: 'Team-lead inbox' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Wallboard' })).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText('Language'), 'zh-CN');

    expect(screen.getByRole('heading', { level: 1, name: '班长收件箱' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '监控大屏' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '退出登录' })).toBeInTheDocument();
    expect(screen.getByLabelText('语言')).toHaveValue('zh-CN');
    expect(screen.queryByText('Team-lead inbox')).not.toBeInTheDocument();
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(languageStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('zh-CN');
  });

  it('switches back to English', async () => {
    renderApp('/login', { language: 'zh-CN' });
    expect(screen.getByRole('heading', { level: 1, name: '登录' })).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('语言'), 'en');
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
  });
});
