import { ApiError, createHttpClient, setAuthRecovery } from '../../api/http';
import { aSession } from '../../testing/fixtures';
import { fakeResponse, memoryStorage } from '../../testing/render';
import { RENEW_BEFORE_EXPIRY_MS, RENEW_RETRY_MS, renewalDelay, startSessionKeeper } from './session-keeper';
import { createSessionStore } from './session-store';

const NOW = 1_800_000_000_000;

function signedIn(expiresInMs = 15 * 60_000) {
  const store = createSessionStore(memoryStorage());
  store.set(aSession({ accessTokenExpiresAt: NOW + expiresInMs }));
  return store;
}

describe('renewalDelay', () => {
  it('renews at 80% of the remaining life or a minute before expiry, whichever comes first', () => {
    expect(renewalDelay(aSession({ accessTokenExpiresAt: NOW + 15 * 60_000 }), NOW)).toBe(12 * 60_000);
    expect(renewalDelay(aSession({ accessTokenExpiresAt: NOW + 2 * 60_000 }), NOW)).toBe(2 * 60_000 - RENEW_BEFORE_EXPIRY_MS);
    expect(renewalDelay(aSession({ accessTokenExpiresAt: NOW + 30_000 }), NOW)).toBe(0);
    expect(renewalDelay(aSession({ accessTokenExpiresAt: NOW - 5_000 }), NOW)).toBe(0);
  });
});

describe('session keeper', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(NOW);
  });
  afterEach(() => {
    jest.useRealTimers();
    setAuthRecovery(null);
  });

  it('renews the tokens before they expire and keeps the renewed session', async () => {
    const store = signedIn();
    const renewed = aSession({ accessTokenExpiresAt: NOW + 30 * 60_000 });
    const refresh = jest.fn(async () => renewed);
    const keeper = startSessionKeeper(store, { refresh });

    await jest.advanceTimersByTimeAsync(12 * 60_000 - 1);
    expect(refresh).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(store.get()).toEqual(renewed);
    keeper.stop();
  });

  it('signs out, saying the sign-in expired, when the server refuses the renewal', async () => {
    const store = signedIn(30_000);
    const refresh = jest.fn(async () => {
      throw new ApiError(401, 'INVALID_REFRESH_TOKEN', 'The refresh token is unknown, expired or revoked: sign in again');
    });
    const keeper = startSessionKeeper(store, { refresh });
    await jest.advanceTimersByTimeAsync(24_000);
    expect(store.get()).toBeNull();
    expect(store.endReason()).toBe('expired');
    keeper.stop();
  });

  it('keeps the session and tries again when the server cannot be reached', async () => {
    const store = signedIn(30_000);
    const refresh = jest
      .fn<Promise<ReturnType<typeof aSession>>, []>()
      .mockRejectedValueOnce(new ApiError(0, 'NETWORK_ERROR', 'Cannot reach the server.'))
      .mockResolvedValueOnce(aSession({ accessTokenExpiresAt: NOW + 60 * 60_000 }));
    const keeper = startSessionKeeper(store, { refresh });
    await jest.advanceTimersByTimeAsync(24_000);
    expect(store.get()).not.toBeNull();
    await jest.advanceTimersByTimeAsync(RENEW_RETRY_MS);
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(store.get()?.accessTokenExpiresAt).toBe(NOW + 60 * 60_000);
    keeper.stop();
  });

  it('renews again with the new cookie when another tab rotated the refresh token a moment ago', async () => {
    const store = signedIn(30_000);
    const refresh = jest
      .fn<Promise<ReturnType<typeof aSession>>, []>()
      .mockRejectedValueOnce(new ApiError(401, 'REFRESH_TOKEN_ROTATED', 'This refresh token was just replaced; retry with the new one'))
      .mockResolvedValueOnce(aSession({ accessTokenExpiresAt: NOW + 60 * 60_000 }));
    const keeper = startSessionKeeper(store, { refresh });
    await jest.advanceTimersByTimeAsync(24_000 + 500);
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(store.get()).not.toBeNull();
    keeper.stop();
  });

  it('answers a 401 of any request by renewing once, then the request is sent again', async () => {
    const store = signedIn();
    const refresh = jest.fn(async () => aSession({ accessTokenExpiresAt: NOW + 30 * 60_000 }));
    const keeper = startSessionKeeper(store, { refresh });
    let expired = true;
    const fetch = jest.fn(async () =>
      expired ? ((expired = false), fakeResponse(401, { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Sign in' })) : fakeResponse(200, [1]),
    );
    const client = createHttpClient({ fetch: fetch as unknown as typeof globalThis.fetch });

    const [first, second] = await Promise.all([client.get('/api/queues'), client.get('/api/agents')]);
    expect(first).toEqual([1]);
    expect(second).toEqual([1]);
    expect(refresh).toHaveBeenCalledTimes(1);
    keeper.stop();
  });

  it('lets the 401 through, signed out, when renewing fails', async () => {
    const store = signedIn();
    const keeper = startSessionKeeper(store, {
      refresh: async () => {
        throw new ApiError(401, 'INVALID_REFRESH_TOKEN', 'sign in again');
      },
    });
    const fetch = jest.fn(async () => fakeResponse(401, { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Sign in' }));
    const client = createHttpClient({ fetch: fetch as unknown as typeof globalThis.fetch });
    await expect(client.get('/api/queues')).rejects.toMatchObject({ status: 401 });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(store.get()).toBeNull();
    keeper.stop();
  });
});
