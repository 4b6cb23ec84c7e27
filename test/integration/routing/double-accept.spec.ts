import { call, DemoStaff, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * An agent signed in at two desks answers the same offer from both at once. With room for more than one contact
 * of the channel, a second accept must not take a second slot: exactly one succeeds, the other is refused with
 * the offer's code, and the contact is held once.
 */
describe('two desks of one agent accept the same chat or e-mail at once', () => {
  let server: TestApp;
  let supervisor: DemoStaff;
  let pbx: { headers: Record<string, string> };

  const interaction = async (id: string) => (await call(server.baseUrl, 'GET', `/api/interactions/${id}`, supervisor.headers)).body;
  const arrive = async (channel: string) =>
    (await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel, caller: {}, queue: 'general', language: 'en' })).body.interaction.id as string;
  const accept = (desk: DemoStaff, id: string, offerId: string) => call(server.baseUrl, 'POST', `/api/interactions/${id}/accept`, desk.headers, { offerId });

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    supervisor = await signInAs(server.dataSource, 'sophie');
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
  });
  afterAll(async () => {
    await server.close();
  });

  // Each case has its own agent, who takes only that channel, so the cases run alone or in any order.
  it.each([
    ['chat', 'amy'],
    ['email', 'frank'],
  ])('connects a %s once when %s accepts it from two desks together, and refuses the second accept with OFFER_NOT_FOUND', async (channel, username) => {
    const desk = await signInAs(server.dataSource, username);
    const otherDesk = await signInAs(server.dataSource, username);
    const capacity = { voice: 0, chat: 0, email: 0, ticket: 0, [channel]: 2 };
    expect((await call(server.baseUrl, 'PUT', `/api/agents/${desk.id}/capacity`, supervisor.headers, capacity)).status).toBe(200);
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', desk.headers, { state: 'available' })).status).toBe(200);

    // One contact held, one slot left: the next contact rings at the same agent.
    const first = await arrive(channel);
    const firstOffer = await interaction(first);
    expect(firstOffer).toMatchObject({ status: 'offered', agentId: desk.id });
    expect((await accept(desk, first, firstOffer.offer.offerId)).status).toBe(200);
    const second = await arrive(channel);
    const offered = await interaction(second);
    expect(offered).toMatchObject({ status: 'offered', agentId: desk.id, channel });

    const answers = await Promise.all([accept(desk, second, offered.offer.offerId), accept(otherDesk, second, offered.offer.offerId)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(answers.find((answer) => answer.status === 409)?.body.code).toBe('OFFER_NOT_FOUND');

    expect(await interaction(second)).toMatchObject({ status: 'connected', agentId: desk.id });
    const live = (await call(server.baseUrl, 'GET', '/api/agents/me', otherDesk.headers)).body.live;
    expect(live).toMatchObject({ heldByChannel: { [channel]: 2 }, capacity: { [channel]: 2 } });
    expect([...live.contactIds].sort()).toEqual([first, second].sort());
    const journal = await server.dataSource.query(`SELECT type FROM routing_events WHERE interaction_id = $1 ORDER BY id`, [second]);
    expect(journal.map((row: { type: string }) => row.type)).toEqual(['contact.queued', 'contact.offered', 'offer.accepted', 'contact.connected']);

    // Both slots are taken: the next contact of the channel waits.
    const third = await arrive(channel);
    expect(await interaction(third)).toMatchObject({ status: 'waiting', agentId: null });
  });
});
