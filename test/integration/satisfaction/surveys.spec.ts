import { createHash } from 'node:crypto';
import { io } from 'socket.io-client';
import type { SurveyCreated } from '../../../server/src/modules/satisfaction/satisfaction.events';
import { ChurnService } from '../../../server/src/modules/customer-value/churn.service';
import { DEFAULT_CHURN_RISK_CONFIG } from '../../../server/src/modules/customer-value/churn-risk.config';
import { historyRow, valueRun } from '../../factories/customer-value';
import { call, customerByTier, DemoStaff, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';
import { ConsoleClient, eventually } from '../realtime/support';
import { finishWrapUp, recordSurveys, servedContact } from './support';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('satisfaction after every contact: surveys, scores, poor answers', () => {
  let server: TestApp;
  let amy: DemoStaff;
  let grace: Awaited<ReturnType<typeof signInAs>>;
  let supervisor: DemoStaff;
  let pbx: { headers: Record<string, string> };
  let surveys: Map<string, SurveyCreated>;

  const contact = async (channel: 'voice' | 'chat' | 'email', customerId?: string) => {
    const id = await servedContact(server, { pbx: pbx.headers, agent: amy, supervisor, channel, customerId });
    await finishWrapUp(server, amy, id);
    return id;
  };
  const surveyOf = (id: string) => eventually(() => surveys.get(id), 5000, `the survey of ${id}`);
  const surveyRow = async (id: string) => (await server.dataSource.query(`SELECT * FROM satisfaction_surveys WHERE interaction_id = $1`, [id]))[0];

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env: { HEARTBEAT_TIMEOUT_SECONDS: '600' } });
    surveys = recordSurveys(server);
    amy = await signInAs(server.dataSource, 'amy');
    grace = await signInAs(server.dataSource, 'grace');
    supervisor = await signInAs(server.dataSource, 'sophie');
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' })).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('takes a caller’s keypad answers from the PBX once, answers a repeat as stored, and refuses other answers after', async () => {
    const id = await contact('voice');
    const announced = await surveyOf(id);
    expect(announced).toMatchObject({ channel: 'voice', token: null, surveyPath: null });

    const answered = await call(server.baseUrl, 'POST', `/api/interactions/${id}/survey`, pbx.headers, { experience: 4, expectation: 3 });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ interactionId: id, channel: 'voice', source: 'keypad', experience: 4, expectation: 3, satisfaction: 1, poor: false });
    const again = await call(server.baseUrl, 'POST', `/api/interactions/${id}/survey`, pbx.headers, { experience: 4, expectation: 3 });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(answered.body);
    const other = await call(server.baseUrl, 'POST', `/api/interactions/${id}/survey`, pbx.headers, { experience: 2, expectation: 3 });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('SURVEY_ALREADY_ANSWERED');
    expect(await surveyRow(id)).toMatchObject({ experience: 4, expectation: 3, satisfaction: 1, source: 'keypad' });

    const outOfRange = await call(server.baseUrl, 'POST', `/api/interactions/${id}/survey`, pbx.headers, { experience: 6, expectation: 0 });
    expect(outOfRange.status).toBe(400);
    const noKey = await call(server.baseUrl, 'POST', `/api/interactions/${id}/survey`, {}, { experience: 4, expectation: 3 });
    expect(noKey.status).toBe(401);
  });

  it('has no survey for a contact that never reached an agent', async () => {
    const ingested = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { name: 'Hung up' }, queue: 'billing' });
    const id = ingested.body.interaction.id;
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${id}/abandon`, pbx.headers)).status).toBe(200);
    const refused = await call(server.baseUrl, 'POST', `/api/interactions/${id}/survey`, pbx.headers, { experience: 3, expectation: 3 });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SURVEY_NOT_AVAILABLE');
  });

  it('gives a chat or e-mail a single-use survey link whose token is stored hashed, answered without sign-in', async () => {
    const id = await contact('email');
    const { token, surveyPath } = await surveyOf(id);
    expect(token).toMatch(/^svy_/);
    expect(surveyPath).toBe(`/survey/#t=${token}`);
    const stored = await surveyRow(id);
    expect(stored.token_hash).toBe(sha256(token as string));
    expect(JSON.stringify(stored)).not.toContain(token);

    const lookup = await call(server.baseUrl, 'POST', '/api/surveys/lookup', {}, { token });
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ channel: 'email', status: 'open' });

    const answer = await call(server.baseUrl, 'POST', '/api/surveys/answer', { origin: server.baseUrl }, { token, experience: 5, expectation: 3 });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ interactionId: id, source: 'web', experience: 5, expectation: 3, satisfaction: 2, poor: false });

    const twice = await call(server.baseUrl, 'POST', '/api/surveys/answer', {}, { token, experience: 1, expectation: 5 });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('SURVEY_ALREADY_ANSWERED');
    expect((await call(server.baseUrl, 'POST', '/api/surveys/lookup', {}, { token })).body.status).toBe('answered');
    expect(await surveyRow(id)).toMatchObject({ experience: 5, expectation: 3, satisfaction: 2 });

    const page = await fetch(`${server.baseUrl}/survey/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('/survey/survey.js');
  });

  it('refuses an expired link, a made-up token, and answers posted by another site', async () => {
    const id = await contact('chat');
    const { token } = await surveyOf(id);
    const foreign = await call(server.baseUrl, 'POST', '/api/surveys/answer', { origin: 'https://evil.example' }, { token, experience: 5, expectation: 1 });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('SURVEY_FOREIGN_ORIGIN');

    await server.dataSource.query(`UPDATE satisfaction_surveys SET expires_at = now() - interval '1 second' WHERE interaction_id = $1`, [id]);
    expect((await call(server.baseUrl, 'POST', '/api/surveys/lookup', {}, { token })).body.status).toBe('expired');
    const late = await call(server.baseUrl, 'POST', '/api/surveys/answer', {}, { token, experience: 5, expectation: 1 });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('SURVEY_EXPIRED');
    expect((await surveyRow(id)).answered_at).toBeNull();

    const madeUp = await call(server.baseUrl, 'POST', '/api/surveys/answer', {}, { token: `svy_${'x'.repeat(43)}`, experience: 5, expectation: 1 });
    expect(madeUp.status).toBe(404);
  });

  it('alerts Amy’s team lead on a poor answer, live, and counts it in the customer’s churn risk', async () => {
    const customer = await customerByTier(server.dataSource, 'important');
    const id = await contact('chat', customer.id);
    const { token } = await surveyOf(id);

    const socket = io(server.baseUrl, { path: '/socket.io', transports: ['websocket'], auth: { token: grace.accessToken } });
    const lead = new ConsoleClient(socket as never);
    await eventually(() => lead.snapshots.length > 0, 5000, 'the team lead’s snapshot');
    try {
      const answer = await call(server.baseUrl, 'POST', '/api/surveys/answer', {}, { token, experience: 2, expectation: 5 });
      expect(answer.body).toMatchObject({ satisfaction: -3, poor: true });
      const alert = await lead.next('alert', (data) => data.kind === 'satisfaction.poor' && data.contactId === id);
      expect(alert.data).toMatchObject({ agentId: amy.id, agentName: 'Amy Walker', details: { experience: 2, expectation: 5, satisfaction: -3 } });
      // The wallboard (team leads included) is told the figures changed.
      const changed = await lead.next('satisfaction:answered', (data) => data.interactionId === id);
      expect(changed.data).toEqual({ interactionId: id, agentId: amy.id, queueId: expect.any(String), satisfaction: -3, poor: true });
      const [stored] = await server.dataSource.query(`SELECT recipients FROM alerts WHERE contact_id = $1 AND kind = 'satisfaction.poor'`, [id]);
      expect(stored.recipients).toEqual([grace.id]);
    } finally {
      lead.close();
    }

    const run = await valueRun(server.dataSource, new Date(Date.now() + 60_000), 'running');
    await historyRow(server.dataSource, run, customer.id, {});
    await server.dataSource.transaction((manager) => server.app.get(ChurnService).scoreRun(run, new Date(Date.now() + 60_000), manager));
    const [row] = await server.dataSource.query(`SELECT churn_score, churn_reasons FROM customer_value_history WHERE run_id = $1 AND customer_id = $2`, [run, customer.id]);
    expect(row.churn_reasons).toContainEqual({ reason: 'poor_contact_survey', detail: expect.stringMatching(/^satisfaction -3 \(experience 2, expected 5\) after a chat contact on \d{4}-\d{2}-\d{2}$/) });
    expect(row.churn_score).toBeGreaterThanOrEqual(DEFAULT_CHURN_RISK_CONFIG.weights.poor_contact_survey);
  });

  it('shows the scores per agent, queue, tier and cell in the live figures and the report, to supervisors and team leads only', async () => {
    const live = await call(server.baseUrl, 'GET', '/api/satisfaction/live', supervisor.headers);
    expect(live.status).toBe(200);
    // Answered so far: +1 (call), +2 (e-mail), −3 (chat, poor); the expired chat's survey is unanswered.
    expect(live.body.total).toMatchObject({ answered: 3, averageSatisfaction: 0, poor: 1 });
    const amyRow = live.body.byAgent.find((group: { key: string }) => group.key === amy.id);
    expect(amyRow).toMatchObject({ label: 'Amy Walker', answered: 3, averageExperience: 3.67, averageExpectation: 3.67, averageSatisfaction: 0, poor: 1 });
    expect(live.body.byQueue.find((group: { label: string }) => group.label === 'General')).toMatchObject({ answered: 3 });
    expect(live.body.byTier.find((group: { key: string }) => group.key === 'important')).toMatchObject({ answered: 1, averageSatisfaction: -3 });
    expect(live.body.byCell.length).toBeGreaterThan(0);

    const report = await call(server.baseUrl, 'GET', `/api/satisfaction/summary?groupBy=queue&from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`, grace.headers);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ groupBy: 'queue', poorThreshold: -2, total: { answered: 3 } });
    expect((await call(server.baseUrl, 'GET', '/api/satisfaction/summary', amy.headers)).status).toBe(403);
    expect((await call(server.baseUrl, 'GET', '/api/satisfaction/summary?groupBy=planet', supervisor.headers)).status).toBe(400);
  });
});
