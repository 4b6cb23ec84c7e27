import { request as httpRequest } from 'node:http';
import { createSignedInUser, type SignedInStaff } from '../../factories/users';
import { startTestApp, type TestApp } from '../../support/test-app';
import { send } from '../security/support';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `body` in `pieces` parts `gapMs` apart (Content-Length known up front, as a browser's upload); resolves with
 * the answer's status and body, or with `closed` when the server closed the connection without answering.
 */
function sendSlowly(baseUrl: string, path: string, headers: Record<string, string>, body: string, pieces: number, gapMs: number): Promise<{ status: number | 'closed'; text: string }> {
  const url = new URL(path, baseUrl);
  const bytes = Buffer.from(body);
  return new Promise((resolve) => {
    const outgoing = httpRequest(url, { method: 'POST', headers: { ...headers, 'content-length': String(bytes.length) } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    // Writes after the server gave up fail; what counts is its answer, or that it closed the connection.
    outgoing.on('error', () => resolve({ status: 'closed', text: '' }));
    void (async () => {
      const size = Math.ceil(bytes.length / pieces);
      for (let offset = 0; offset < bytes.length; offset += size) {
        if (outgoing.destroyed) return;
        outgoing.write(bytes.subarray(offset, offset + size));
        await sleep(gapMs);
      }
      outgoing.end();
    })();
  });
}

/**
 * A request must arrive whole within the request timeout, except a CSV upload into an import: a large file over a
 * slow link may take longer than Node's 5 minutes, and is not cut while it keeps coming. Here the timeout is one
 * second and the uploads take three or more.
 */
describe('crm: uploads slower than the request timeout', () => {
  let server: TestApp;
  let admin: SignedInStaff;

  beforeAll(async () => {
    server = await startTestApp({ REQUEST_TIMEOUT_SECONDS: '1' });
    admin = await createSignedInUser(server.dataSource, { roles: ['admin'] });
  });
  afterAll(async () => {
    await server.close();
  });

  it('takes a CSV upload that arrives over several times the request timeout, whole', async () => {
    const rows = 20_000;
    const lines = Array.from({ length: rows }, (_, index) => `SLOW-${index},Slow ${index}`);
    const csv = `external_id,name\n${lines.join('\n')}\n`;
    const started = Date.now();
    const answer = await sendSlowly(server.baseUrl, '/api/crm/imports?kind=customers&name=slow.csv', { ...admin.headers, 'content-type': 'text/csv' }, csv, 8, 450);
    expect(answer.status).toBe(202);
    const id = JSON.parse(answer.text).id as string;

    let view = JSON.parse(answer.text);
    for (let waited = 0; view.status === 'running' && waited < 60_000; waited += 50) {
      await sleep(50);
      view = (await send(server.baseUrl, 'GET', `/api/crm/imports/${id}`, { headers: admin.headers })).body;
    }
    expect(Date.now() - started).toBeGreaterThan(3_000);
    expect(view).toMatchObject({ status: 'completed', rowsTaken: rows, rowsRefused: 0, bytesDone: Buffer.byteLength(csv) });
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM customers WHERE external_id LIKE 'SLOW-%'`);
    expect(count).toBe(rows);
  });

  it('still cuts any other request whose body is not in within the request timeout', async () => {
    const body = JSON.stringify({ rows: [{ externalId: 'DRIP-1', name: 'Drip' }] });
    const answer = await sendSlowly(server.baseUrl, '/api/customers/batch', { ...admin.headers, 'content-type': 'application/json' }, body, 6, 600);
    // Answered 408, or (the client still writing when the server closed) the connection closed.
    expect(answer.status === 'closed' || (answer.status === 408 && JSON.parse(answer.text).code === 'REQUEST_TIMEOUT')).toBe(true);
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM customers WHERE external_id = 'DRIP-1'`);
    expect(count).toBe(0);
    // The same body sent at once goes in.
    const quick = await send(server.baseUrl, 'POST', '/api/customers/batch', { headers: admin.headers, body: JSON.parse(body) });
    expect(quick.status).toBe(200);
  });
});
