import { call, signInAs } from '../../factories/routing';
import { connect, ConsoleClient, eventually } from '../realtime/support';
import { agentState, answeredCall, command, CtiWorld, details, hangUp, settled, startCtiWorld, stopCtiWorld } from './support';

/**
 * With a PBX connected, a call is hung up and transferred to a queue only through the PBX: the desktop's commands
 * go to it and count once it confirms; routing's own end and transfer refuse a person's request on a call in
 * conversation. Chats, e-mails and the PBX's own reports keep the direct path.
 */
describe('hanging up and transferring to a queue go through the PBX', () => {
  let world: CtiWorld;
  let amyDesk: ConsoleClient;
  let secondQueue: { id: string; code: string };

  beforeAll(async () => {
    world = await startCtiWorld();
    const admin = await signInAs(world.server.dataSource, 'admin');
    const created = await call(world.server.baseUrl, 'POST', '/api/queues', admin.headers, { code: 'cti-second', name: 'CTI second line', wrapUpSeconds: 0, skills: [] });
    if (created.status !== 201) throw new Error(`queue not created: ${JSON.stringify(created.body)}`);
    secondQueue = { id: created.body.id, code: 'cti-second' };
    amyDesk = await connect(world.server.baseUrl, { token: world.amy.accessToken });
  }, 90_000);
  afterAll(async () => {
    amyDesk?.close();
    await stopCtiWorld(world);
  });
  beforeEach(() => world.pbx.reset());

  const interaction = async (id: string) => (await call(world.server.baseUrl, 'GET', `/api/interactions/${id}`, world.supervisor.headers)).body;

  it('refuses a person’s direct end or transfer of a call in conversation, and the call stays as it was', async () => {
    const id = await answeredCall(world, world.amy);
    const since = world.pbx.commands.length;
    const ended = await amyDesk.command('contact:end', { interactionId: id });
    expect(ended).toMatchObject({ ok: false, error: { code: 'CALL_CARRIED_BY_PBX', details: { interactionId: id, command: 'end' } } });
    const restEnd = await call(world.server.baseUrl, 'POST', `/api/interactions/${id}/end`, world.amy.headers);
    expect(restEnd.status).toBe(409);
    expect(restEnd.body.code).toBe('CALL_CARRIED_BY_PBX');
    const moved = await call(world.server.baseUrl, 'POST', `/api/interactions/${id}/transfer`, world.amy.headers, { queue: secondQueue.code });
    expect(moved.status).toBe(409);
    expect(moved.body).toMatchObject({ code: 'CALL_CARRIED_BY_PBX', details: { command: 'blind_transfer' } });
    const bySupervisor = await call(world.server.baseUrl, 'POST', `/api/interactions/${id}/transfer`, world.supervisor.headers, { queue: secondQueue.code });
    expect(bySupervisor.body.code).toBe('CALL_CARRIED_BY_PBX');
    expect(world.pbx.commands.length).toBe(since);
    expect(await interaction(id)).toMatchObject({ status: 'connected', agentId: world.amy.id, queueId: expect.not.stringMatching(secondQueue.id) });
    await hangUp(world, world.amy, id);
  });

  it('hangs up through the PBX: pending until it confirms; refused, the call goes on', async () => {
    const id = await answeredCall(world, world.amy);
    world.pbx.answer('end', { kind: 'refuse', reason: 'line already released' });
    expect((await command(world, world.amy, id, { type: 'end' })).status).toBe(202);
    expect(await settled(world, id)).toMatchObject({ state: 'ready', lastFailure: { commandType: 'end', reason: 'refused', detail: 'line already released' } });
    expect(await interaction(id)).toMatchObject({ status: 'connected', agentId: world.amy.id });

    world.pbx.answer('end', { kind: 'hold' });
    const since = world.pbx.commands.length;
    const asked = await command(world, world.amy, id, { type: 'end' });
    expect(asked.body.call).toMatchObject({ state: 'pending', pending: { command: { type: 'end' } } });
    const sent = await world.pbx.nextCommand('end', since);
    expect(sent).toMatchObject({ signed: true, message: { type: 'end', callId: id, targetQueueId: null } });
    expect((await interaction(id)).status).toBe('connected');
    await world.pbx.release(sent.message.commandId);
    expect(await settled(world, id)).toMatchObject({ state: 'over', outcome: 'ended' });
    await eventually(async () => (await agentState(world, world.amy.id)).free, 10_000, 'Amy free again');
    expect((await interaction(id)).status).not.toBe('connected');
  });

  it('blind-transfers to a queue through the PBX: the call waits there once confirmed, and stays with the agent when the PBX does not answer', async () => {
    const id = await answeredCall(world, world.amy);
    // Ben is away: the transferred call waits in the second queue.
    expect((await call(world.server.baseUrl, 'PUT', '/api/agents/me/state', world.ben.headers, { state: 'not_ready', reason: 'break' })).status).toBe(200);
    expect((await command(world, world.amy, id, { type: 'blind_transfer', queueId: 'cti-calls' })).body.code).toBe('CALL_ALREADY_IN_QUEUE');
    expect((await command(world, world.amy, id, { type: 'blind_transfer', queueId: 'no-such-queue' })).body.code).toBe('QUEUE_NOT_FOUND');
    expect((await command(world, world.amy, id, { type: 'blind_transfer', queueId: secondQueue.code, agentId: world.ben.id })).body.code).toBe('CALL_COMMAND_TARGET');

    world.pbx.answer('blind_transfer', { kind: 'silent' });
    expect((await command(world, world.amy, id, { type: 'blind_transfer', queueId: secondQueue.code })).status).toBe(202);
    expect(await settled(world, id, 15_000)).toMatchObject({ state: 'ready', agentId: world.amy.id, lastFailure: { commandType: 'blind_transfer', reason: 'timeout' } });
    expect(await interaction(id)).toMatchObject({ status: 'connected', agentId: world.amy.id });

    world.pbx.answer('blind_transfer', { kind: 'hold' });
    const since = world.pbx.commands.length;
    const asked = await command(world, world.amy, id, { type: 'blind_transfer', queueId: secondQueue.code });
    expect(asked.status).toBe(202);
    expect(asked.body.call).toMatchObject({ state: 'pending', pending: { command: { type: 'blind_transfer', queueId: secondQueue.id } } });
    const sent = await world.pbx.nextCommand('blind_transfer', since);
    expect(sent.message).toMatchObject({ callId: id, targetAgentId: null, targetExtension: null, targetQueueId: secondQueue.id, targetQueueCode: secondQueue.code });
    expect((await interaction(id)).status).toBe('connected');
    await world.pbx.release(sent.message.commandId);
    expect(await settled(world, id)).toMatchObject({ state: 'over', outcome: 'transferred' });
    // Back in routing, in the second queue, waiting for (or already offered to) its next agent.
    const moved = await interaction(id);
    expect(moved.queueId).toBe(secondQueue.id);
    expect(['waiting', 'offered']).toContain(moved.status);
    expect((await details(world, id)).timeline.map((line) => line.kind)).toContain('transferred');
    // The caller waits in the second queue, then hangs up: the PBX reports it on the ingestion API as before.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await call(world.server.baseUrl, 'POST', `/api/interactions/${id}/abandon`, world.pbxKey.headers)).status).toBe(200);
    // Talk is Amy's part of the conversation, up to the transfer: the wait in the second queue is not talk.
    const [amyPart] = await world.server.dataSource.query(
      `SELECT (payload->>'talkSeconds')::float8 AS talk, extract(epoch FROM now() - (SELECT min(at) FROM routing_events WHERE interaction_id = $1 AND type = 'contact.connected'))::float8 AS since_answer
         FROM routing_events WHERE interaction_id = $1 AND type = 'contact.transferred'`,
      [id],
    );
    const times = await details(world, id);
    expect((times.talkSeconds as number) + times.holdSeconds).toBeCloseTo(amyPart.talk, 2);
    expect(times.talkSeconds as number).toBeLessThan(amyPart.since_answer - 1);
    await eventually(async () => (await agentState(world, world.amy.id)).free, 10_000, 'Amy free again');
    expect((await call(world.server.baseUrl, 'PUT', '/api/agents/me/state', world.ben.headers, { state: 'available' })).status).toBe(200);
  });

  it('keeps the direct path for chats and for the PBX’s own report that a call ended', async () => {
    const capacity = (await call(world.server.baseUrl, 'GET', `/api/agents/${world.amy.id}`, world.supervisor.headers)).body.capacity;
    expect((await call(world.server.baseUrl, 'PUT', `/api/agents/${world.amy.id}/capacity`, world.supervisor.headers, { ...capacity, chat: 1 })).status).toBe(200);
    const chat = await call(world.server.baseUrl, 'POST', '/api/interactions', world.pbxKey.headers, { channel: 'chat', caller: { name: 'Chatter' }, queue: 'cti-calls', preferredAgentId: world.amy.id });
    expect(chat.status).toBe(201);
    const chatId: string = chat.body.interaction.id;
    const offer = await eventually(async () => (await interaction(chatId)).offer, 10_000, 'the chat offered');
    expect((await call(world.server.baseUrl, 'POST', `/api/interactions/${chatId}/accept`, world.amy.headers, { offerId: offer.offerId })).status).toBe(200);
    expect(await amyDesk.command('contact:end', { interactionId: chatId })).toMatchObject({ ok: true });
    expect((await interaction(chatId)).status).not.toBe('connected');
    expect((await call(world.server.baseUrl, 'PUT', `/api/agents/${world.amy.id}/capacity`, world.supervisor.headers, capacity)).status).toBe(200);

    const id = await answeredCall(world, world.amy);
    const ended = await call(world.server.baseUrl, 'POST', `/api/interactions/${id}/end`, world.pbxKey.headers);
    expect(ended.status).toBe(200);
    await eventually(async () => (await agentState(world, world.amy.id)).free, 10_000, 'Amy free again');
  });
});
