import { call, DemoStaff, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';
import { eventually } from '../realtime/support';

describe('wrap-up drafts: notes saved as typed and kept when after-call work runs out', () => {
  let server: TestApp;
  let amy: DemoStaff;
  let chen: DemoStaff;
  let supervisor: DemoStaff;
  let pbx: { headers: Record<string, string> };

  const draftRows = async (interactionId: string) => server.dataSource.query(`SELECT agent_id, notes FROM wrap_up_drafts WHERE interaction_id = $1`, [interactionId]);

  /** A call on a queue with a short after-call work, answered by Amy and ended: she is in wrap-up. */
  async function callInWrapUp(): Promise<string> {
    const ingested = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { name: 'Draft caller' }, queue: 'quick-wrap', preferredAgentId: amy.id });
    expect(ingested.status).toBe(201);
    const id: string = ingested.body.interaction.id;
    const offer = await eventually(async () => (await call(server.baseUrl, 'GET', `/api/interactions/${id}`, supervisor.headers)).body.offer, 5000, 'the offer to Amy');
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${id}/accept`, amy.headers, { offerId: offer.offerId })).status).toBe(200);
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${id}/end`, amy.headers)).body.status).toBe('wrap_up');
    return id;
  }

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env: { HEARTBEAT_TIMEOUT_SECONDS: '600' } });
    amy = await signInAs(server.dataSource, 'amy');
    chen = await signInAs(server.dataSource, 'chen.jing');
    supervisor = await signInAs(server.dataSource, 'sophie');
    const admin = await signInAs(server.dataSource, 'admin');
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    const queue = await call(server.baseUrl, 'POST', '/api/queues', admin.headers, { code: 'quick-wrap', name: 'Quick wrap', wrapUpSeconds: 2, skills: [] });
    expect(queue.status).toBe(201);
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' })).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('keeps the typed notes with the contact and marks the disposition timed out when after-call work runs out', async () => {
    const id = await callInWrapUp();
    const notes = 'Customer asked for a refund of the March invoice; promised a call back on Friday.';
    const saved = await call(server.baseUrl, 'PUT', `/api/interactions/${id}/wrap-up/draft`, amy.headers, { notes });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ interactionId: id, notes });
    expect(saved.body.updatedAt).not.toBeNull();
    // Another desk of Amy's (a reload) reads the same draft.
    const reread = await call(server.baseUrl, 'GET', `/api/interactions/${id}/wrap-up/draft`, amy.headers);
    expect(reread.body).toMatchObject({ interactionId: id, notes });

    const closed = await eventually(
      async () => {
        const view = (await call(server.baseUrl, 'GET', `/api/interactions/${id}`, supervisor.headers)).body;
        return view.status === 'completed' && view.wrapUpNotes ? view : null;
      },
      8000,
      'the contact closed by the wrap-up timer with its notes',
    );
    expect(closed).toMatchObject({ status: 'completed', disposition: 'timed_out', wrapUpNotes: notes });
    expect(await draftRows(id)).toEqual([]);
    const [completed] = await server.dataSource.query(`SELECT payload->>'endedBy' AS ended_by FROM routing_events WHERE interaction_id = $1 AND type = 'contact.completed'`, [id]);
    expect(completed.ended_by).toBe('wrap_up_timer');
  });

  it('marks a timed-out contact without notes as timed out too', async () => {
    const id = await callInWrapUp();
    const closed = await eventually(
      async () => {
        const view = (await call(server.baseUrl, 'GET', `/api/interactions/${id}`, supervisor.headers)).body;
        return view.status === 'completed' && view.disposition ? view : null;
      },
      8000,
      'the contact closed by the wrap-up timer',
    );
    expect(closed).toMatchObject({ disposition: 'timed_out', wrapUpNotes: null });
  });

  it('lets only the handling agent read or write the draft, and refuses notes over the limit without losing the saved draft', async () => {
    const id = await callInWrapUp();
    expect((await call(server.baseUrl, 'PUT', `/api/interactions/${id}/wrap-up/draft`, amy.headers, { notes: 'First lines' })).status).toBe(200);

    const byOther = await call(server.baseUrl, 'GET', `/api/interactions/${id}/wrap-up/draft`, chen.headers);
    expect(byOther.status).toBe(403);
    expect(byOther.body.code).toBe('CONTACT_NOT_YOURS');
    const writeByOther = await call(server.baseUrl, 'PUT', `/api/interactions/${id}/wrap-up/draft`, chen.headers, { notes: 'not mine' });
    expect(writeByOther.status).toBe(403);
    expect((await call(server.baseUrl, 'GET', `/api/interactions/${id}/wrap-up/draft`, supervisor.headers)).status).toBe(403);

    const tooLong = await call(server.baseUrl, 'PUT', `/api/interactions/${id}/wrap-up/draft`, amy.headers, { notes: 'x'.repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'notes' })]));
    expect(await draftRows(id)).toEqual([{ agent_id: amy.id, notes: 'First lines' }]);

    // The agent finishes with her final notes: they win, and the draft is gone.
    const finished = await call(server.baseUrl, 'POST', `/api/interactions/${id}/wrap-up`, amy.headers, { disposition: 'resolved', notes: 'Final notes' });
    expect(finished.status).toBe(200);
    expect(finished.body).toMatchObject({ status: 'completed', disposition: 'resolved', wrapUpNotes: 'Final notes' });
    await eventually(async () => ((await draftRows(id)).length === 0 ? true : null), 5000, 'the draft removed');
    const afterClose = await call(server.baseUrl, 'PUT', `/api/interactions/${id}/wrap-up/draft`, amy.headers, { notes: 'too late' });
    expect(afterClose.status).toBe(409);
    expect(afterClose.body.code).toBe('INTERACTION_CLOSED');
  });

  it('keeps a draft written before a restart when the agent finishes after it without notes', async () => {
    const admin = await signInAs(server.dataSource, 'admin');
    const slow = await call(server.baseUrl, 'POST', '/api/queues', admin.headers, { code: 'slow-wrap', name: 'Slow wrap', wrapUpSeconds: 300, skills: [] });
    expect(slow.status).toBe(201);
    const ingested = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { name: 'Restart caller' }, queue: 'slow-wrap', preferredAgentId: amy.id });
    const id: string = ingested.body.interaction.id;
    const offer = await eventually(async () => (await call(server.baseUrl, 'GET', `/api/interactions/${id}`, supervisor.headers)).body.offer, 5000, 'the offer to Amy');
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${id}/accept`, amy.headers, { offerId: offer.offerId })).status).toBe(200);
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${id}/end`, amy.headers)).body.status).toBe('wrap_up');
    expect((await call(server.baseUrl, 'PUT', `/api/interactions/${id}/wrap-up/draft`, amy.headers, { notes: 'Typed before the restart' })).status).toBe(200);

    await server.stop();
    server = await startTestApp({ database: server.database, env: { HEARTBEAT_TIMEOUT_SECONDS: '600' } });
    const finished = await call(server.baseUrl, 'POST', `/api/interactions/${id}/wrap-up`, amy.headers, { disposition: 'resolved' });
    expect(finished.status).toBe(200);
    const closed = await eventually(
      async () => {
        const view = (await call(server.baseUrl, 'GET', `/api/interactions/${id}`, supervisor.headers)).body;
        return view.wrapUpNotes ? view : null;
      },
      5000,
      'the draft kept with the finished contact',
    );
    expect(closed).toMatchObject({ status: 'completed', disposition: 'resolved', wrapUpNotes: 'Typed before the restart' });
    expect(await draftRows(id)).toEqual([]);
  });

  it('settles at start a draft whose contact closed while the server was going down', async () => {
    const id = await callInWrapUp();
    await eventually(async () => ((await call(server.baseUrl, 'GET', `/api/interactions/${id}`, supervisor.headers)).body.status === 'completed' ? true : null), 8000, 'the timer closing it');
    // As if the server stopped between closing the contact and settling its draft.
    await server.dataSource.query(`UPDATE interactions SET disposition = NULL, wrap_up_notes = NULL WHERE id = $1`, [id]);
    await server.dataSource.query(`INSERT INTO wrap_up_drafts (interaction_id, agent_id, notes) VALUES ($1, $2, 'Written before the stop')`, [id, amy.id]);
    await server.stop();
    server = await startTestApp({ database: server.database, env: { HEARTBEAT_TIMEOUT_SECONDS: '600' } });
    const [row] = await server.dataSource.query(`SELECT disposition, wrap_up_notes FROM interactions WHERE id = $1`, [id]);
    expect(row).toEqual({ disposition: 'timed_out', wrap_up_notes: 'Written before the stop' });
    expect(await draftRows(id)).toEqual([]);
  });
});
