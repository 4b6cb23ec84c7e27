import { act, screen } from '@testing-library/react';
import { renderWithProviders } from '../../../testing/render';
import { ConnectionProvider } from '../hooks/useServerConnection';
import { ConnectionIndicator } from './ConnectionIndicator';

describe('ConnectionIndicator', () => {
  it.each([
    ['online', 'Connected'],
    ['connecting', 'Connecting…'],
    ['offline', 'Server unreachable'],
  ] as const)('says %s in words', (status, words) => {
    renderWithProviders(<ConnectionIndicator />, { connection: status });
    expect(screen.getByRole('status')).toHaveTextContent(`Server connection: ${words}`);
    expect(screen.getByRole('status')).toHaveClass(`cc-connection--${status}`);
  });
});

describe('ConnectionProvider', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('probes the server, shows when it stops answering and when it comes back', async () => {
    let reachable = true;
    const check = jest.fn(async () => {
      if (!reachable) throw new Error('unreachable');
    });
    renderWithProviders(
      <ConnectionProvider check={check} onlineIntervalMs={10_000} offlineIntervalMs={2_000}>
        <ConnectionIndicator />
      </ConnectionProvider>,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Connecting…');
    await act(async () => undefined);
    expect(screen.getByRole('status')).toHaveTextContent('Connected');

    reachable = false;
    await act(async () => jest.advanceTimersByTime(10_000));
    expect(screen.getByRole('status')).toHaveTextContent('Server unreachable');

    reachable = true;
    await act(async () => jest.advanceTimersByTime(2_000));
    expect(screen.getByRole('status')).toHaveTextContent('Connected');
    expect(check).toHaveBeenCalledTimes(3);
  });

  it('shows the browser going offline at once', async () => {
    renderWithProviders(
      <ConnectionProvider check={async () => undefined}>
        <ConnectionIndicator />
      </ConnectionProvider>,
    );
    await act(async () => undefined);
    expect(screen.getByRole('status')).toHaveTextContent('Connected');
    act(() => {
      window.dispatchEvent(new Event('offline'));
    });
    expect(screen.getByRole('status')).toHaveTextContent('Server unreachable');
  });
});
