import { eventually } from '../realtime/support';
import { agentState, answeredCall, command, CtiWorld, hangUp, settled, startCtiWorld, stopCtiWorld } from './support';

describe('calls across a server restart', () => {
  let world: CtiWorld;

  beforeAll(async () => {
    world = await startCtiWorld();
  }, 90_000);
  afterAll(async () => {
    await stopCtiWorld(world);
  });

  it('fails a command left pending by a restart at its deadline, and keeps a consulted colleague reserved until the consult ends', async () => {
    const id = await answeredCall(world, world.amy);
    await command(world, world.amy, id, { type: 'consult', agentId: world.ben.id });
    expect(await settled(world, id)).toMatchObject({ consult: { agentId: world.ben.id } });
    world.pbx.answer('consult_cancel', { kind: 'silent' });
    expect((await command(world, world.amy, id, { type: 'consult_cancel' })).status).toBe(202);
    await world.pbx.nextCommand('consult_cancel');

    await world.restart();

    // Routing comes back with Ben still reserved for the call; the deadline job, stored in the database, fails the command.
    expect(await agentState(world, world.ben.id)).toEqual({ state: 'reserved', free: false });
    const failed = await settled(world, id, 15_000);
    expect(failed).toMatchObject({ state: 'ready', consult: { agentId: world.ben.id }, lastFailure: { commandType: 'consult_cancel', reason: 'timeout' } });

    world.pbx.reset();
    expect((await command(world, world.amy, id, { type: 'consult_cancel' })).status).toBe(202);
    expect(await settled(world, id)).toMatchObject({ consult: null, held: false });
    await eventually(async () => (await agentState(world, world.ben.id)).free, 5000, 'Ben free after the consult');
    await hangUp(world, world.amy, id);
  });
});
