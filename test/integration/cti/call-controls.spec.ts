import { call } from '../../factories/routing';
import { connect, ConsoleClient, eventually } from '../realtime/support';
import { agentState, answeredCall, command, CtiWorld, details, hangUp, settled, startCtiWorld, stopCtiWorld } from './support';

describe('call controls through the CTI boundary, against a fake PBX', () => {
  let world: CtiWorld;
  let amyDesk: ConsoleClient;
  let benDesk: ConsoleClient;
  let wallboard: ConsoleClient;

  beforeAll(async () => {
    world = await startCtiWorld();
    amyDesk = await connect(world.server.baseUrl, { token: world.amy.accessToken });
    benDesk = await connect(world.server.baseUrl, { token: world.ben.accessToken });
    wallboard = await connect(world.server.baseUrl, { token: world.supervisor.accessToken });
  }, 90_000);
  afterAll(async () => {
    for (const client of [amyDesk, benDesk, wallboard]) client?.close();
    await stopCtiWorld(world);
  });
  beforeEach(() => world.pbx.reset());

  it('holds and resumes: signed commands, pending until the PBX confirms, live on the desk and the wallboard, the hold timed', async () => {
    const id = await answeredCall(world, world.amy);
    const since = world.pbx.commands.length;
    const held = await command(world, world.amy, id, { type: 'hold' });
    expect(held.status).toBe(202);
    expect(held.body.call).toMatchObject({ state: 'pending', held: false, pending: { command: { type: 'hold' } } });
    const sent = await world.pbx.nextCommand('hold', since);
    expect(sent.signed).toBe(true);
    expect(sent.message).toMatchObject({ callId: id, type: 'hold', agentId: world.amy.id, commandId: held.body.commandId });

    await amyDesk.next('call:update', (data) => data.call.contactId === id && data.call.held && data.call.state === 'ready', 10_000);
    const seenOnHold = await wallboard.next('call:update', (data) => data.call.contactId === id && data.call.held, 10_000);
    expect(seenOnHold.data.call.agentId).toBe(world.amy.id);
    const onHold = await call(world.server.baseUrl, 'GET', '/api/calls/live', world.supervisor.headers);
    expect(onHold.body.items.filter((item: { held: boolean }) => item.held).map((item: { contactId: string }) => item.contactId)).toContain(id);

    expect((await command(world, world.amy, id, { type: 'hold' })).body.code).toBe('CALL_COMMAND_NOT_ALLOWED');
    expect((await command(world, world.amy, id, { type: 'resume' })).status).toBe(202);
    const resumed = await settled(world, id);
    expect(resumed).toMatchObject({ held: false, lastFailure: null });
    expect(resumed.holdSeconds).toBeGreaterThan(0);

    const { timeline } = await details(world, id);
    expect(timeline.map((line) => line.kind)).toEqual(['rang', 'answered', 'held']);
    expect(timeline[2].seconds).toBe(resumed.holdSeconds);
    // Ben is not on the call and may not read it.
    expect((await call(world.server.baseUrl, 'GET', `/api/calls/${id}`, world.ben.headers)).status).toBe(403);
    await hangUp(world, world.amy, id);
  });

  it('consults Ben (reserved in routing meanwhile), then hands the call over warm: Ben has it, with its customer and history', async () => {
    const [customer] = await world.server.dataSource.query(`SELECT id, phone FROM customers ORDER BY phone LIMIT 1`);
    const id = await answeredCall(world, world.amy, { phone: customer.phone });
    expect((await command(world, world.amy, id, { type: 'consult', agentId: world.ben.id })).status).toBe(202);
    expect(await settled(world, id)).toMatchObject({ held: true, consult: { agentId: world.ben.id, heldCaller: true } });
    expect(await agentState(world, world.ben.id)).toEqual({ state: 'reserved', free: false });
    await benDesk.next('call:update', (data) => data.call.contactId === id && data.call.consult?.agentId === world.ben.id, 10_000);
    // While reserved, Ben is offered nothing: a new call for him waits.
    const other = await call(world.server.baseUrl, 'POST', '/api/interactions', world.pbxKey.headers, { channel: 'voice', caller: { name: 'Waiting' }, queue: 'cti-calls' });
    expect(other.body.interaction.status).toBe('waiting');

    expect((await command(world, world.amy, id, { type: 'transfer_complete' })).status).toBe(202);
    const moved = await settled(world, id);
    expect(moved).toMatchObject({ agentId: world.ben.id, held: false, consult: null, state: 'ready' });
    const interaction = (await call(world.server.baseUrl, 'GET', `/api/interactions/${id}`, world.supervisor.headers)).body;
    expect(interaction).toMatchObject({ status: 'connected', agentId: world.ben.id, customerId: customer.id });
    expect(await agentState(world, world.ben.id)).toMatchObject({ state: 'busy' });
    // Amy is free again and takes the waiting call.
    await eventually(async () => (await call(world.server.baseUrl, 'GET', `/api/interactions/${other.body.interaction.id}`, world.supervisor.headers)).body.offer?.agentId === world.amy.id, 5000, 'the waiting call offered to Amy');
    const kinds = (await details(world, id)).timeline.map((line) => [line.kind, line.agentName]);
    expect(kinds).toEqual(expect.arrayContaining([['consulted', 'Ben Okafor'], ['transferred', 'Ben Okafor']]));
    // Ben's desk now drives the call; Amy's no longer does.
    expect((await command(world, world.amy, id, { type: 'hold' })).body.code).toBe('CALL_NOT_YOURS');
    expect((await command(world, world.ben, id, { type: 'mute' })).status).toBe(202);
    expect(await settled(world, id)).toMatchObject({ muted: true, agentId: world.ben.id });
    await hangUp(world, world.ben, id);
    const offered = (await call(world.server.baseUrl, 'GET', `/api/interactions/${other.body.interaction.id}`, world.supervisor.headers)).body.offer;
    await call(world.server.baseUrl, 'POST', `/api/interactions/${other.body.interaction.id}/accept`, world.amy.headers, { offerId: offered.offerId });
    await hangUp(world, world.amy, other.body.interaction.id);
  });

  it('takes a consulted call back: the caller comes off hold and Ben is free again', async () => {
    const id = await answeredCall(world, world.amy);
    await command(world, world.amy, id, { type: 'consult', agentId: world.ben.id });
    await settled(world, id);
    expect((await command(world, world.amy, id, { type: 'consult_cancel' })).status).toBe(202);
    expect(await settled(world, id)).toMatchObject({ agentId: world.amy.id, held: false, consult: null });
    expect(await agentState(world, world.ben.id)).toEqual({ state: 'available', free: true });
    await hangUp(world, world.amy, id);
  });

  it('refuses a blind transfer to an agent who is not free, with the reason, and sends nothing to the PBX', async () => {
    const id = await answeredCall(world, world.amy);
    expect((await call(world.server.baseUrl, 'PUT', '/api/agents/me/state', world.ben.headers, { state: 'not_ready', reason: 'break' })).status).toBe(200);
    const since = world.pbx.commands.length;
    const refused = await command(world, world.amy, id, { type: 'blind_transfer', agentId: world.ben.id });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'AGENT_NOT_FREE', details: { reason: 'not_ready', notReadyReason: 'break' } });
    const consult = await command(world, world.amy, id, { type: 'consult', agentId: world.ben.id });
    expect(consult.body).toMatchObject({ code: 'AGENT_NOT_FREE' });
    expect(world.pbx.commands.length).toBe(since);
    expect((await details(world, id)).call).toBeNull();
    expect((await call(world.server.baseUrl, 'PUT', '/api/agents/me/state', world.ben.headers, { state: 'available' })).status).toBe(200);

    expect((await command(world, world.amy, id, { type: 'blind_transfer', agentId: world.ben.id })).status).toBe(202);
    expect(await settled(world, id)).toMatchObject({ state: 'over', outcome: 'transferred' });
    const offer = await eventually(async () => (await call(world.server.baseUrl, 'GET', `/api/interactions/${id}`, world.supervisor.headers)).body.offer, 5000, 'the offer to Ben');
    expect(offer.agentId).toBe(world.ben.id);
    await call(world.server.baseUrl, 'POST', `/api/interactions/${id}/accept`, world.ben.headers, { offerId: offer.offerId });
    await hangUp(world, world.ben, id);
  });

  it('adds Ben to a conference and drops him again', async () => {
    const id = await answeredCall(world, world.amy);
    expect((await command(world, world.amy, id, { type: 'conference_add', agentId: world.ben.id })).status).toBe(202);
    const conference = await settled(world, id);
    expect(conference.parties.map((party) => party.agentId)).toEqual([world.ben.id]);
    expect(await agentState(world, world.ben.id)).toMatchObject({ state: 'reserved' });
    await benDesk.next('call:update', (data) => data.call.contactId === id && data.call.parties.length === 1, 10_000);
    // Ben may read the call he is on.
    expect((await call(world.server.baseUrl, 'GET', `/api/calls/${id}`, world.ben.headers)).status).toBe(200);
    expect((await command(world, world.amy, id, { type: 'conference_drop', agentId: world.ben.id })).status).toBe(202);
    expect((await settled(world, id)).parties).toEqual([]);
    expect(await agentState(world, world.ben.id)).toEqual({ state: 'available', free: true });
    const kinds = (await details(world, id)).timeline.map((line) => line.kind);
    expect(kinds).toEqual(expect.arrayContaining(['conference_added', 'conference_dropped']));
    await hangUp(world, world.amy, id);
  });

  it('ends the call when the caller hangs up at the PBX, releasing a consulted colleague', async () => {
    const id = await answeredCall(world, world.amy);
    await command(world, world.amy, id, { type: 'consult', agentId: world.ben.id });
    await settled(world, id);
    const ended = await world.pbx.hangUp(id);
    expect(ended?.outcome).toBe('applied');
    expect(await settled(world, id)).toMatchObject({ state: 'over', outcome: 'ended', consult: null });
    await eventually(async () => (await agentState(world, world.ben.id)).free, 5000, 'Ben released');
    await eventually(async () => (await agentState(world, world.amy.id)).free, 5000, 'Amy free');
  });

  it('refuses a telephony event with a bad signature', async () => {
    const id = await answeredCall(world, world.amy);
    await world.pbx.send({ eventId: 'forged-1', type: 'call.ended', callId: id }, { badSignature: true });
    expect(world.pbx.answers.at(-1)).toMatchObject({ status: 403 });
    expect((await call(world.server.baseUrl, 'GET', `/api/interactions/${id}`, world.supervisor.headers)).body.status).toBe('connected');
    await hangUp(world, world.amy, id);
  });
});
