import { Logger } from '@nestjs/common';
import { call } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { loadConfig } from '../../../server/src/common/config/app-config';
import { withDataSource } from '../../../server/src/common/database/data-source';
import { startTestApp, TestApp } from '../../support/test-app';

/** Two server instances on one database: exactly one routes, the other stands by and takes over when it goes. */
describe('one router per database', () => {
  let first: TestApp;
  let second: TestApp | null = null;
  let pbx: { headers: Record<string, string> };

  const ready = async (server: TestApp) => {
    const response = await fetch(`${server.baseUrl}/ready`);
    return { status: response.status, body: await response.json() };
  };
  const waitUntilReady = async (server: TestApp, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await ready(server)).status === 200) return true;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return false;
  };

  let firstStopped = false;
  // A database and its router per test; a test that needs a standby starts one on it.
  beforeEach(async () => {
    first = await startTestApp({ seedDemo: true });
    pbx = await createApiKey(first.dataSource, { scopes: ['ingest'] });
    second = null;
    firstStopped = false;
  });
  afterEach(async () => {
    await second?.stop();
    if (!firstStopped) await first.stop();
    await first.database.drop();
  });
  const startStandby = async () => {
    second = await startTestApp({ database: first.database });
    return second;
  };

  it('lets the second instance stand by, refusing routing work with 503 and writing nothing', async () => {
    const standbyApp = await startStandby();
    expect((await ready(first)).status).toBe(200);
    const info = jest.spyOn(Logger.prototype, 'log');
    const standby = await ready(standbyApp);
    expect(info.mock.calls.filter(([message]) => String(message).startsWith('readiness:')).map(([message]) => message)).toEqual([
      'readiness: not ready (router: standing by: another instance routes on this database)',
    ]);
    info.mockRestore();
    expect(standby.status).toBe(503);
    expect(standby.body.error.router).toMatchObject({ status: 'down' });

    const [{ n: before }] = await first.dataSource.query(`SELECT count(*)::int AS n FROM interactions`);
    const refused = await call(standbyApp.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'billing' });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'ROUTER_STANDBY' });
    const [{ n: after }] = await first.dataSource.query(`SELECT count(*)::int AS n FROM interactions`);
    expect(after).toBe(before);
  });

  it("logs a standby's readiness once, at info, however often it is probed", async () => {
    const standby = await startStandby();
    expect((await ready(standby)).status).toBe(503);
    const info = jest.spyOn(Logger.prototype, 'log');
    const errors = jest.spyOn(Logger.prototype, 'error');
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    try {
      for (let probe = 0; probe < 5; probe += 1) expect((await ready(standby)).status).toBe(503);
      // The first probe logged the change already: later probes log nothing, and nothing at error.
      expect(info.mock.calls.filter(([message]) => String(message).startsWith('readiness:'))).toEqual([]);
      expect(errors).not.toHaveBeenCalled();
      expect(warnings).not.toHaveBeenCalled();
    } finally {
      info.mockRestore();
      errors.mockRestore();
      warnings.mockRestore();
    }
  });

  it('has PostgreSQL probe the lock session so that a vanished host frees the lock within ROUTER_LOCK_TIMEOUT_SECONDS (30 s)', async () => {
    const { RouterLease } = await import('../../../server/src/modules/routing/router-lease');
    const lease = first.app.get(RouterLease);
    const [settings] = await lease.query<Record<string, string>>(
      `SELECT current_setting('tcp_keepalives_idle') AS idle, current_setting('tcp_keepalives_interval') AS interval,
              current_setting('tcp_keepalives_count') AS count, current_setting('tcp_user_timeout') AS user_timeout`,
      [],
    );
    expect(settings).toEqual({ idle: '15', interval: '5', count: '3', user_timeout: '30000' });
    expect(Number(settings.idle) + Number(settings.interval) * Number(settings.count)).toBeLessThanOrEqual(30);
  });

  it('gives the lock back when shutdown meets a request for it under way, so that the stopping instance ends', async () => {
    // A standby asks for the lock every few seconds; the request may be granted while the instance shuts down,
    // the moment the router let go. The session must go back to the pool, or the pool never ends.
    const { RouterLease } = await import('../../../server/src/modules/routing/router-lease');
    await first.stop();
    firstStopped = true;
    await withDataSource(first.database.url, async (dataSource) => {
      const lease = new RouterLease(dataSource, loadConfig({}));
      const request = lease.acquire();
      await lease.close();
      expect(await request).toBe('held');
      expect(lease.held).toBe(false);
      const [{ holders }] = await dataSource.query(
        `SELECT count(*)::int AS holders FROM pg_locks l JOIN pg_database d ON d.oid = l.database
          WHERE l.locktype = 'advisory' AND l.granted AND l.objid = 7146221 AND d.datname = current_database()`,
      );
      expect(holders).toBe(0);
      // Closed, it asks no more.
      expect(await lease.acquire()).toBe('unreachable');
      expect(lease.held).toBe(false);
    });
  });

  it('hands routing over when the active instance stops: the standby takes over with the waiting contacts', async () => {
    const standby = await startStandby();
    const waiting = await call(first.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'billing', externalId: 'handover-1' });
    expect(waiting.status).toBe(201);
    const id = waiting.body.interaction.id;

    await first.stop();
    firstStopped = true;
    expect(await waitUntilReady(standby, 20_000)).toBe(true);

    // The new router rebuilt from the journal: the contact is still there and new arrivals are taken.
    const again = await call(standby.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'billing', externalId: 'handover-1' });
    expect(again.status).toBe(200);
    expect(again.body.interaction.id).toBe(id);
    const fresh = await call(standby.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'billing' });
    expect(fresh.status).toBe(201);
    const { RoutingService } = await import('../../../server/src/modules/routing/routing.service');
    const core = standby.app.get(RoutingService).core;
    expect(core.getContact(id)).toBeTruthy();
    expect(core.getContact(fresh.body.interaction.id)).toBeTruthy();
  });

  it('fences a router whose lock session is cut: its write fails whole, then it takes the lock again', async () => {
    const server = first;
    const count = async () => Number((await server.dataSource.query(`SELECT count(*)::int AS n FROM interactions`))[0].n);
    const [{ cut }] = await server.dataSource.query(
      `SELECT count(pg_terminate_backend(l.pid))::int AS cut FROM pg_locks l JOIN pg_database d ON d.oid = l.database
       WHERE l.locktype = 'advisory' AND l.granted AND l.objid = 7146221 AND d.datname = current_database()`,
    );
    expect(cut).toBe(1);
    const before = await count();
    const statuses: number[] = [];
    // The first arrivals may meet the broken session (503, nothing kept); the router takes its lock again.
    for (let i = 0; i < 20 && statuses[statuses.length - 1] !== 201; i++) {
      statuses.push((await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'billing' })).status);
      if (statuses[statuses.length - 1] !== 201) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // Every answered arrival is stored, every refused one is not, and the router is back.
    expect(await count()).toBe(before + statuses.filter((status) => status === 201).length);
    expect(statuses.every((status) => status === 201 || status === 503)).toBe(true);
    expect(statuses[statuses.length - 1]).toBe(201);
    expect(await waitUntilReady(server, 5_000)).toBe(true);
  });
});
