import { IngestionFastLane } from '../../../server/src/modules/interactions/ingestion-fast-lane';
import { call, DemoStaff, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Contacts posted with an API key (PBX, IVR) are served by a shorter path than staff calls. Both must answer
 * alike: same headers, same error bodies, same rules, and the same per-caller rate limit.
 */
describe('ingestion edge: API-key arrivals and staff arrivals answer alike', () => {
  const INGEST_RATE_LIMIT = 3;
  let server: TestApp;
  let supervisor: DemoStaff;
  let pbx: { headers: Record<string, string> };
  let otherPbx: { headers: Record<string, string> };

  const interactionCount = async () => Number((await server.dataSource.query(`SELECT count(*)::int AS n FROM interactions`))[0].n);
  const post = (headers: Record<string, string>, body: string, contentType = 'application/json') =>
    fetch(`${server.baseUrl}/api/interactions`, { method: 'POST', headers: { ...headers, 'content-type': contentType }, body });
  const arrival = (n: number) => JSON.stringify({ channel: 'voice', caller: {}, queue: 'billing', externalId: `edge-${n}-${Math.random()}` });
  /** Lets each caller's bucket fill up again between tests. */
  const refill = () => new Promise((resolve) => setTimeout(resolve, 2_100));

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env: { INGEST_RATE_LIMIT: String(INGEST_RATE_LIMIT) } });
    supervisor = await signInAs(server.dataSource, 'sophie');
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    otherPbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
  });
  afterAll(async () => {
    await server.close();
  });

  it('sends the same security headers and a request id either way', async () => {
    const lane = server.app.get(IngestionFastLane);
    const served = jest.spyOn(lane as unknown as { serve: () => Promise<void> }, 'serve');
    const fromPbx = await post(pbx.headers, arrival(1));
    const fromStaff = await post(supervisor.headers, arrival(2));
    // The PBX took the short path, the supervisor the general one.
    expect(served).toHaveBeenCalledTimes(1);
    served.mockRestore();
    expect(fromPbx.status).toBe(201);
    expect(fromStaff.status).toBe(201);
    const securityHeaders = (response: Response) =>
      [...response.headers.keys()].filter((name) => !['date', 'content-length', 'etag', 'x-request-id', 'keep-alive', 'connection'].includes(name)).sort();
    expect(securityHeaders(fromPbx)).toEqual(securityHeaders(fromStaff));
    expect(fromPbx.headers.get('content-security-policy')).toBe(fromStaff.headers.get('content-security-policy'));
    expect(fromPbx.headers.get('x-content-type-options')).toBe('nosniff');
    expect(fromPbx.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await post({ ...pbx.headers, 'x-request-id': 'pbx-trace-42' }, arrival(3));
    expect(echoed.headers.get('x-request-id')).toBe('pbx-trace-42');
  });

  it.each([
    ['malformed JSON', '{"channel": "voice",', 'application/json', 400, 'MALFORMED_JSON'],
    ['a form post', 'channel=voice&queue=billing', 'application/x-www-form-urlencoded', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['text', '{"channel":"voice","caller":{},"queue":"billing"}', 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an oversized body', JSON.stringify({ channel: 'voice', caller: {}, queue: 'billing', subject: 'x'.repeat(200_000) }), 'application/json', 413, 'PAYLOAD_TOO_LARGE'],
    ['an unknown field', JSON.stringify({ channel: 'voice', caller: {}, queue: 'billing', priority: 9 }), 'application/json', 400, 'VALIDATION_FAILED'],
    ['a prototype key', '{"channel":"voice","caller":{"__proto__":{"admin":true}},"queue":"billing"}', 'application/json', 400, 'VALIDATION_FAILED'],
  ])('refuses %s the same way from a PBX and from staff, writing nothing', async (_label, body, contentType, status, code) => {
    const before = await interactionCount();
    const fromPbx = await post(pbx.headers, body, contentType);
    const fromStaff = await post(supervisor.headers, body, contentType);
    expect(fromPbx.status).toBe(status);
    expect(fromStaff.status).toBe(status);
    const [pbxBody, staffBody] = [await fromPbx.json(), await fromStaff.json()];
    expect(pbxBody.code).toBe(code);
    expect(pbxBody).toEqual(staffBody);
    expect(await interactionCount()).toBe(before);
  });

  it('refuses an unknown or revoked key with 401 and the guard’s own body', async () => {
    const before = await interactionCount();
    const unknown = await post({ 'x-api-key': 'cck_not-a-real-key-at-all' }, arrival(4));
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const blank = await post({ 'x-api-key': '   ' }, arrival(5));
    expect(blank.status).toBe(401);
    const noCredentials = await post({}, arrival(6));
    expect(noCredentials.status).toBe(401);
    expect(await interactionCount()).toBe(before);
  });

  it('limits each caller to INGEST_RATE_LIMIT a second with bursts of twice that, then 429 with Retry-After', async () => {
    await refill();
    const before = await interactionCount();
    const burst = 2 * INGEST_RATE_LIMIT;
    // Sent at once, so the bucket cannot refill between them however slow the machine is.
    const answers = await Promise.all(Array.from({ length: burst + 2 }, (_, n) => post(pbx.headers, arrival(100 + n))));
    expect(answers.map((response) => response.status).sort()).toEqual([...Array(burst).fill(201), 429, 429]);
    const [refused] = answers.filter((response) => response.status === 429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    // Only the accepted arrivals were written; another key is not slowed by this one.
    expect(await interactionCount()).toBe(before + burst);
    expect((await post(otherPbx.headers, arrival(200))).status).toBe(201);
    await refill();
    expect((await post(pbx.headers, arrival(201))).status).toBe(201);
  });

  it('limits staff posting contacts by hand the same way', async () => {
    await refill();
    const burst = 2 * INGEST_RATE_LIMIT;
    // Staff requests have their session checked before the limit, so a loaded machine spreads them out and the
    // bucket refills meanwhile: what is taken is the burst and what refilled while they were answered, never more.
    const sent = 8 * burst;
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: sent }, (_, n) => post(supervisor.headers, arrival(300 + n))));
    const seconds = (Date.now() - started) / 1000;
    const statuses = answers.map((response) => response.status);
    const taken = statuses.filter((status) => status === 201).length;
    expect(statuses.filter((status) => status !== 201 && status !== 429)).toEqual([]);
    expect(taken).toBeGreaterThanOrEqual(burst);
    expect(taken).toBeLessThanOrEqual(burst + Math.ceil(seconds * INGEST_RATE_LIMIT));
    expect(taken).toBeLessThan(sent);
    expect(answers.find((response) => response.status === 429)?.headers.get('retry-after')).toBe('1');
  });

  it('serves browser requests carrying an API key through the general pipeline, with CORS applied', async () => {
    const response = await call(server.baseUrl, 'POST', '/api/interactions', { ...pbx.headers, origin: 'https://evil.example' }, JSON.parse(arrival(400)));
    expect(response.status).toBe(201);
    const raw = await post({ ...pbx.headers, origin: 'https://evil.example' }, arrival(401));
    expect(raw.headers.get('access-control-allow-origin')).toBeNull();
  });
});
