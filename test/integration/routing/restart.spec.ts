import { RoutingService } from '../../../server/src/modules/routing/routing.service';
import { call, DemoStaff, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';

const placesOf = async (server: TestApp, ids: string[], headers: Record<string, string>) =>
  Promise.all(ids.map(async (id) => (await call(server.baseUrl, 'GET', `/api/interactions/${id}/routing`, headers)).body.place));

/** Offers the journal never closed (accepted, rejected, expired or withdrawn) before the contact was offered again, or at all. */
const OFFERS_LEFT_OPEN = `WITH e AS (
    SELECT interaction_id, type, lead(type) OVER (PARTITION BY interaction_id ORDER BY id) AS next_type
      FROM routing_events
     WHERE type IN ('contact.offered', 'offer.accepted', 'offer.rejected', 'offer.expired', 'offer.withdrawn'))
  SELECT interaction_id, next_type FROM e WHERE type = 'contact.offered' AND (next_type IS NULL OR next_type = 'contact.offered')`;

describe('routing survives a restart in the middle of traffic', () => {
  let server: TestApp;

  afterAll(async () => {
    await server.close();
  });

  it('keeps order and wait times, re-routes the ringing offer, loses and doubles nothing', async () => {
    server = await startTestApp({ seedDemo: true });
    const pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    let supervisor: DemoStaff = await signInAs(server.dataSource, 'sophie');
    let amy: DemoStaff = await signInAs(server.dataSource, 'amy');
    const customers: Array<{ phone: string }> = await server.dataSource.query(
      `SELECT phone FROM customers WHERE value_tier IN ('secondary', 'ordinary', 'small') ORDER BY phone LIMIT 10`,
    );
    const ids: string[] = [];
    for (const [index, customer] of customers.entries()) {
      const created = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { phone: customer.phone }, queue: 'billing', externalId: `restart-${index}` });
      expect(created.status).toBe(201);
      ids.push(created.body.interaction.id);
    }
    const placesBefore = await placesOf(server, ids, supervisor.headers);
    expect([...placesBefore].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const arrivedBefore = await server.dataSource.query(`SELECT id, arrived_at FROM interactions ORDER BY id`);

    // Amy becomes available: the first in line rings at her desk when the server goes down.
    await call(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' });
    const first = ids[placesBefore.indexOf(1)];
    expect((await call(server.baseUrl, 'GET', `/api/interactions/${first}`, supervisor.headers)).body.status).toBe('offered');
    const offerBefore = (await call(server.baseUrl, 'GET', `/api/interactions/${first}`, supervisor.headers)).body.offer.offerId;

    await server.stop();
    server = await startTestApp({ database: server.database, env: { HEARTBEAT_TIMEOUT_SECONDS: '60' } });
    supervisor = await signInAs(server.dataSource, 'sophie');
    amy = await signInAs(server.dataSource, 'amy');
    const routing = server.app.get(RoutingService);
    await routing.settled();

    expect(routing.core.contactIds().sort()).toEqual([...ids].sort());
    const arrivedAfter = await server.dataSource.query(`SELECT id, arrived_at FROM interactions ORDER BY id`);
    expect(arrivedAfter).toEqual(arrivedBefore);
    // The ringing offer was withdrawn and the same contact, first in line, is offered again with a new offer.
    const reoffered = (await call(server.baseUrl, 'GET', `/api/interactions/${first}`, supervisor.headers)).body;
    expect(reoffered).toMatchObject({ status: 'offered', agentId: amy.id });
    expect(reoffered.offer.offerId).not.toBe(offerBefore);
    // The journal closes the offer that rang through the restart before it offers the contact again.
    const journal = await server.dataSource.query(
      `SELECT type, payload->>'offerId' AS offer_id, payload->>'reason' AS reason FROM routing_events
        WHERE interaction_id = $1 AND type IN ('contact.offered', 'offer.accepted', 'offer.rejected', 'offer.expired', 'offer.withdrawn') ORDER BY id`,
      [first],
    );
    expect(journal).toEqual([
      { type: 'contact.offered', offer_id: offerBefore, reason: null },
      { type: 'offer.withdrawn', offer_id: offerBefore, reason: 'routing_rebuilt' },
      { type: 'contact.offered', offer_id: reoffered.offer.offerId, reason: null },
    ]);
    const others = ids.filter((id) => id !== first);
    const placesAfter = await placesOf(server, others, supervisor.headers);
    expect(placesAfter).toEqual(others.map((id) => placesBefore[ids.indexOf(id)] - 1));

    // Amy works through the queue: every contact is answered exactly once.
    const answered: string[] = [];
    for (let turn = 0; turn < ids.length; turn += 1) {
      const offered = await call(server.baseUrl, 'GET', '/api/interactions?status=offered', supervisor.headers);
      expect(offered.body.items).toHaveLength(1);
      const contact = offered.body.items[0];
      expect((await call(server.baseUrl, 'POST', `/api/interactions/${contact.id}/accept`, amy.headers, { offerId: contact.offer.offerId })).status).toBe(200);
      expect((await call(server.baseUrl, 'POST', `/api/interactions/${contact.id}/end`, amy.headers)).status).toBe(200);
      expect((await call(server.baseUrl, 'POST', `/api/interactions/${contact.id}/wrap-up`, amy.headers, { disposition: 'resolved' })).status).toBe(200);
      answered.push(contact.id);
    }
    expect([...answered].sort()).toEqual([...ids].sort());
    const statuses = await server.dataSource.query(`SELECT status, count(*)::int AS n FROM interactions GROUP BY status`);
    expect(statuses).toEqual([{ status: 'completed', n: 10 }]);
    const connects = await server.dataSource.query(`SELECT interaction_id, count(*)::int AS n FROM routing_events WHERE type = 'contact.connected' GROUP BY interaction_id`);
    expect(connects).toHaveLength(10);
    expect(connects.every((row: { n: number }) => row.n === 1)).toBe(true);
    expect(await server.dataSource.query(OFFERS_LEFT_OPEN)).toEqual([]);
  });
});
