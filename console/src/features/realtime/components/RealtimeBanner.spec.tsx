import { act, screen } from '@testing-library/react';
import { renderWithProviders } from '../../../testing/render';
import { RealtimeBanner } from './RealtimeBanner';

describe('realtime banner', () => {
  it.each([
    ['standby', 'en', 'This server stopped routing contacts; connecting to the one that does.'],
    ['database_unavailable', 'en', 'The server cannot reach its database; connecting again shortly.'],
    ['database_unavailable', 'zh-CN', '服务器暂时无法访问数据库；稍后将自动重新连接。'],
  ] as const)('says why the server sent the console away (%s, %s)', (reason, language, text) => {
    const { realtime } = renderWithProviders(<RealtimeBanner />, { language });
    act(() => {
      realtime.connecting();
      realtime.sentAway(reason);
    });
    expect(screen.getByTestId('realtime-banner')).toHaveTextContent(text);
  });

  it('says only that it reconnects when the server gave no reason', () => {
    const { realtime } = renderWithProviders(<RealtimeBanner />);
    act(() => {
      realtime.connecting();
      realtime.disconnected();
    });
    expect(screen.getByTestId('realtime-banner')).toHaveTextContent('Reconnecting… What you see may be out of date');
    expect(screen.getByTestId('realtime-banner')).not.toHaveTextContent('database');
  });
});
