import { fakeResponse } from '../testing/render';
import { ApiError, createHttpClient, errorFromResponse, setAuthRecovery } from './http';

function clientAnswering(answer: () => Promise<Response>) {
  const fetch = jest.fn(answer);
  return { fetch, client: createHttpClient({ fetch: fetch as unknown as typeof globalThis.fetch }) };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('http client', () => {
  it('returns the parsed JSON of a successful answer', async () => {
    const { client, fetch } = clientAnswering(async () => fakeResponse(200, [{ code: 'vip' }]));
    await expect(client.get('/api/queues')).resolves.toEqual([{ code: 'vip' }]);
    expect(fetch).toHaveBeenCalledWith('/api/queues', expect.objectContaining({ method: 'GET' }));
  });

  it('sends bodies as JSON', async () => {
    const { client, fetch } = clientAnswering(async () => fakeResponse(201, { id: 'c1' }));
    await client.request('/api/customers', { method: 'POST', body: { name: 'Ava' } });
    const init = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(init[1].body).toBe('{"name":"Ava"}');
    expect(init[1].headers).toEqual(expect.objectContaining({ 'Content-Type': 'application/json' }));
  });

  it('resolves to undefined for an empty answer', async () => {
    const { client } = clientAnswering(async () => fakeResponse(204, undefined));
    await expect(client.request('/api/things/1', { method: 'DELETE' })).resolves.toBeUndefined();
  });

  it("turns the server's error body into an ApiError with its code, message and fields", async () => {
    const body = {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'The request has invalid fields',
      fields: [{ field: 'phone', messages: ['phone must be a phone number'] }],
    };
    const { client } = clientAnswering(async () => fakeResponse(400, body));
    const error = await failure(client.get('/api/customers?phone=x'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('The request has invalid fields');
    expect(error.fields).toEqual(body.fields);
    expect(error.retryable).toBe(false);
  });

  it('keeps the facts the server gives with a refusal, such as when a locked account unlocks', async () => {
    const { client } = clientAnswering(async () =>
      fakeResponse(423, { statusCode: 423, code: 'ACCOUNT_LOCKED', message: 'locked', details: { lockedUntil: '2030-01-01T10:00:00.000Z' } }),
    );
    const error = await failure(client.request('/api/auth/login', { method: 'POST', body: {} }));
    expect(error.details).toEqual({ lockedUntil: '2030-01-01T10:00:00.000Z' });
  });

  it('does not ask for a renewal on a 401 when told not to (the sign-in itself)', async () => {
    const { client, fetch } = clientAnswering(async () => fakeResponse(401, { statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' }));
    const recovery = jest.fn(async () => true);
    setAuthRecovery(recovery);
    try {
      await expect(client.request('/api/auth/login', { method: 'POST', body: {}, authRecovery: false })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
      expect(recovery).not.toHaveBeenCalled();
      expect(fetch).toHaveBeenCalledTimes(1);
    } finally {
      setAuthRecovery(null);
    }
  });

  it('keeps domain error codes such as QUEUE_NOT_FOUND', async () => {
    const { client } = clientAnswering(async () =>
      fakeResponse(404, { statusCode: 404, code: 'QUEUE_NOT_FOUND', message: "queue 'x' does not exist" }),
    );
    const error = await failure(client.get('/api/queues/x'));
    expect(error.code).toBe('QUEUE_NOT_FOUND');
    expect(error.message).toBe("queue 'x' does not exist");
  });

  it('describes an answer without an error body in plain words', async () => {
    const { client } = clientAnswering(async () => fakeResponse(502, '<html>Bad Gateway</html>', { raw: true }));
    const error = await failure(client.get('/api/queues'));
    expect(error.status).toBe(502);
    expect(error.code).toBe('HTTP_502');
    expect(error.message).toBe('The server is not reachable right now. Try again in a moment.');
    expect(error.retryable).toBe(true);
  });

  it('reports an unreachable server as NETWORK_ERROR', async () => {
    const { client } = clientAnswering(async () => {
      throw new TypeError('Failed to fetch');
    });
    const error = await failure(client.get('/api/queues'));
    expect(error.status).toBe(0);
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.message).toMatch(/cannot reach the server/i);
    expect(error.retryable).toBe(true);
  });

  it('gives up after the timeout with TIMEOUT', async () => {
    const fetch = jest.fn(
      (_url: string, init: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const client = createHttpClient({ fetch: fetch as unknown as typeof globalThis.fetch });
    const error = await failure(client.get('/api/queues', { timeoutMs: 10 }));
    expect(error.code).toBe('TIMEOUT');
  });

  it("passes the caller's cancellation through instead of reporting a failure", async () => {
    const controller = new AbortController();
    const fetch = jest.fn(
      (_url: string, init: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const client = createHttpClient({ fetch: fetch as unknown as typeof globalThis.fetch });
    const pending = client.get('/api/queues', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports an unreadable success body as INVALID_RESPONSE', async () => {
    const { client } = clientAnswering(async () => fakeResponse(200, 'not json', { raw: true }));
    const error = await failure(client.get('/api/queues'));
    expect(error.code).toBe('INVALID_RESPONSE');
  });
});

describe('errorFromResponse', () => {
  it('falls back to a plain message when the server sends an empty message', () => {
    const error = errorFromResponse(403, JSON.stringify({ statusCode: 403, code: 'FORBIDDEN', message: '' }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('You are not allowed to do this.');
  });

  it('ignores malformed field lists', () => {
    const error = errorFromResponse(400, JSON.stringify({ statusCode: 400, code: 'BAD_REQUEST', message: 'Bad', fields: 'phone' }));
    expect(error.fields).toEqual([]);
  });
});
