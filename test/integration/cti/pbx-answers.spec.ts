import { call } from '../../factories/routing';
import { eventually } from '../realtime/support';
import { agentState, answeredCall, command, CtiWorld, details, hangUp, settled, startCtiWorld, stopCtiWorld } from './support';

describe('a PBX that refuses, stays silent, answers twice, late or out of order leaves nothing stuck', () => {
  let world: CtiWorld;

  beforeAll(async () => {
    world = await startCtiWorld();
  }, 90_000);
  afterAll(async () => {
    await stopCtiWorld(world);
  });
  beforeEach(() => world.pbx.reset());

  const commandStatuses = async (id: string) =>
    (await world.server.dataSource.query(`SELECT type, status FROM call_commands WHERE interaction_id = $1 ORDER BY requested_at`, [id])).map(
      (row: { type: string; status: string }) => `${row.type}:${row.status}`,
    );

  it('fails a command the PBX never answers at its deadline, leaving the call as it was, and takes the next one', async () => {
    const id = await answeredCall(world, world.amy);
    world.pbx.answer('hold', { kind: 'silent' });
    expect((await command(world, world.amy, id, { type: 'hold' })).status).toBe(202);
    // The deadline job (2 s here) fails it.
    const failed = await settled(world, id, 15_000);
    expect(failed).toMatchObject({ state: 'ready', held: false, pending: null, lastFailure: { commandType: 'hold', reason: 'timeout' } });
    expect(await commandStatuses(id)).toEqual(['hold:timed_out']);
    const { timeline } = await details(world, id);
    expect(timeline.at(-1)).toMatchObject({ kind: 'command_failed', commandType: 'hold', reason: 'timeout' });

    world.pbx.answer('hold', { kind: 'confirm' });
    expect((await command(world, world.amy, id, { type: 'hold' })).status).toBe(202);
    expect(await settled(world, id)).toMatchObject({ held: true, lastFailure: null });
    await hangUp(world, world.amy, id);
  });

  it('fails a consult the PBX refuses (by event or at the door), releasing the colleague it reserved', async () => {
    const id = await answeredCall(world, world.amy);
    world.pbx.answer('consult', { kind: 'refuse', reason: 'extension busy at the switch' });
    expect((await command(world, world.amy, id, { type: 'consult', agentId: world.ben.id })).status).toBe(202);
    expect(await settled(world, id)).toMatchObject({ held: false, consult: null, lastFailure: { commandType: 'consult', reason: 'refused', detail: 'extension busy at the switch' } });
    expect(await agentState(world, world.ben.id)).toEqual({ state: 'available', free: true });

    world.pbx.answer('consult', { kind: 'reject_http', status: 422 });
    expect((await command(world, world.amy, id, { type: 'consult', agentId: world.ben.id })).status).toBe(202);
    const refused = await settled(world, id);
    expect(refused.lastFailure).toMatchObject({ reason: 'refused' });
    expect(refused.lastFailure?.detail).toContain('422');
    expect(await agentState(world, world.ben.id)).toEqual({ state: 'available', free: true });
    expect(await commandStatuses(id)).toEqual(['consult:refused', 'consult:refused']);
    await hangUp(world, world.amy, id);
  });

  it('applies a confirmation once however often it comes, and answers the repeats as duplicates or stale', async () => {
    const id = await answeredCall(world, world.amy);
    world.pbx.answer('mute', { kind: 'confirm_twice' });
    const since = world.pbx.answers.length;
    const muted = await command(world, world.amy, id, { type: 'mute' });
    expect(muted.status).toBe(202);
    await eventually(() => world.pbx.answers.length >= since + 3, 5000, 'the three answers');
    const outcomes = world.pbx.answers.slice(since).map((answer) => answer.result?.outcome);
    expect(outcomes).toEqual(['applied', 'duplicate', 'stale']);
    const view = await settled(world, id);
    expect(view).toMatchObject({ muted: true, version: 2 });
    expect((await details(world, id)).timeline.filter((line) => line.kind === 'muted')).toHaveLength(1);
    await hangUp(world, world.amy, id);
  });

  it('ignores an answer that comes after the deadline, or after a newer command, without changing the call', async () => {
    const id = await answeredCall(world, world.amy);
    world.pbx.answer('hold', { kind: 'hold' });
    const first = await command(world, world.amy, id, { type: 'hold' });
    expect((await settled(world, id, 15_000)).lastFailure).toMatchObject({ reason: 'timeout', commandId: first.body.commandId });

    // A second hold goes through; then the first one's answer arrives, late and out of order.
    world.pbx.answer('hold', { kind: 'confirm' });
    await command(world, world.amy, id, { type: 'hold' });
    const held = await settled(world, id);
    expect(held.held).toBe(true);
    const late = await world.pbx.release(first.body.commandId);
    expect(late?.outcome).toBe('stale');
    expect(await settled(world, id)).toMatchObject({ held: true, version: held.version });
    expect(await commandStatuses(id)).toEqual(['hold:timed_out', 'hold:confirmed']);

    // A refusal that comes late is ignored the same way.
    world.pbx.answer('resume', { kind: 'hold' });
    const resume = await command(world, world.amy, id, { type: 'resume' });
    await settled(world, id, 15_000);
    expect((await world.pbx.release(resume.body.commandId, 'refuse'))?.outcome).toBe('stale');
    expect(await settled(world, id)).toMatchObject({ held: true, lastFailure: { commandType: 'resume', reason: 'timeout' } });
    await hangUp(world, world.amy, id);
  });

  it('counts hold and talk apart: talk is the conversation without its holds', async () => {
    const id = await answeredCall(world, world.amy);
    await command(world, world.amy, id, { type: 'hold' });
    await settled(world, id);
    await command(world, world.amy, id, { type: 'resume' });
    const resumed = await settled(world, id);
    await hangUp(world, world.amy, id);
    const result = await details(world, id);
    const [row] = await world.server.dataSource.query(`SELECT extract(epoch FROM ended_at - answered_at)::float AS conversation FROM interactions WHERE id = $1`, [id]);
    expect(result.holdSeconds).toBe(resumed.holdSeconds);
    expect(result.holdSeconds).toBeGreaterThan(0);
    expect(result.talkSeconds).toBeCloseTo(row.conversation - result.holdSeconds, 2);
    // A contact the desk never drove has no hold, and its talk is its whole conversation.
    const plain = await answeredCall(world, world.amy);
    await call(world.server.baseUrl, 'POST', `/api/interactions/${plain}/end`, world.pbxKey.headers);
    const plainDetails = await details(world, plain);
    expect(plainDetails).toMatchObject({ call: null, holdSeconds: 0 });
    expect(plainDetails.talkSeconds).not.toBeNull();

    // Per queue, over the calls that ended: hold is the calls' holds, talk the rest of their conversations.
    const times = await call(world.server.baseUrl, 'GET', '/api/calls/times', world.supervisor.headers);
    expect(times.status).toBe(200);
    const queue = times.body.queues.find((row: { queueName: string }) => row.queueName === 'CTI calls');
    const [sums] = await world.server.dataSource.query(
      `SELECT count(*)::int AS calls, sum(extract(epoch FROM i.ended_at - i.answered_at))::float AS conversation, sum(COALESCE(c.hold_seconds, 0))::float AS hold,
              (count(*) FILTER (WHERE c.hold_seconds > 0))::int AS with_hold
         FROM interactions i JOIN queues q ON q.id = i.queue_id LEFT JOIN calls c ON c.interaction_id = i.id
        WHERE q.code = 'cti-calls' AND i.ended_at IS NOT NULL`,
    );
    expect(queue).toMatchObject({ calls: sums.calls, callsWithHold: sums.with_hold });
    expect(queue.holdSeconds).toBeCloseTo(sums.hold, 2);
    expect(queue.talkSeconds + queue.holdSeconds).toBeCloseTo(sums.conversation, 1);
    expect(queue.averageHoldSeconds).toBeCloseTo(sums.hold / sums.calls, 2);
    expect((await call(world.server.baseUrl, 'GET', '/api/calls/times', world.amy.headers)).status).toBe(403);
    expect((await call(world.server.baseUrl, 'GET', '/api/calls/times?from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z', world.supervisor.headers)).status).toBe(400);
  });
});
