import { lockSessionKeepalive } from './router-lease';

describe('lockSessionKeepalive', () => {
  it('probes after half the timeout, then three times over the other half', () => {
    expect(lockSessionKeepalive(30)).toEqual({ idleSeconds: 15, intervalSeconds: 5, count: 3, userTimeoutMs: 30_000 });
  });

  it.each([5, 7, 30, 31, 600, 3600])('frees the lock of a vanished holder within %i s', (timeoutSeconds) => {
    const { idleSeconds, intervalSeconds, count, userTimeoutMs } = lockSessionKeepalive(timeoutSeconds);
    expect(idleSeconds).toBeGreaterThanOrEqual(1);
    expect(intervalSeconds).toBeGreaterThanOrEqual(1);
    expect(idleSeconds + intervalSeconds * count).toBeLessThanOrEqual(timeoutSeconds);
    expect(userTimeoutMs).toBe(timeoutSeconds * 1000);
  });
});
