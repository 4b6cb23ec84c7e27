import { CARE_ACTION_FOR_SEGMENT, type RfmSegment } from '@callcentre/shared';
import { ValueRunService } from '../../../server/src/modules/customer-value/value-runs.service';
import { daysBefore, newCustomer, pastContact, purchase, storedComplaint } from '../../factories/customer-value';
import { createSignedInUser, type SignedInStaff } from '../../factories/users';
import { startTestApp, type TestApp } from '../../support/test-app';

/** Churn risk as the value run's last step: scored from the run's own rows, the worklist opened in the same run. */
describe('customer value: churn risk within a value run', () => {
  let server: TestApp;
  let lead: SignedInStaff;
  let agent: SignedInStaff;

  beforeAll(async () => {
    server = await startTestApp();
    const ds = server.dataSource;
    lead = await createSignedInUser(ds, { roles: ['team_lead'] });
    agent = await createSignedInUser(ds, { roles: ['agent'], teamLeadId: lead.id });
    await ds.query(`INSERT INTO agents (user_id) VALUES ($1)`, [agent.id]);
    await ds.query(`INSERT INTO queues (code, name) VALUES ('general', 'General')`);
  });
  afterAll(async () => {
    await server.close();
  });

  it('scores the customers the run computed and opens the care actions, counting both in the run', async () => {
    const ds = server.dataSource;
    const asOf = new Date();
    // Bought every 10 days, last 50 days ago (overdue: 30 points), and a complaint still open (15): 45, at risk.
    const drifting = await newCustomer(ds, 'Drifting buyer');
    for (let daysAgo = 140; daysAgo >= 50; daysAgo -= 10) await purchase(ds, drifting, daysBefore(asOf, daysAgo), '25.00');
    await storedComplaint(ds, { customerId: drifting, ownerId: agent.id, receivedAt: daysBefore(asOf, 3) });
    await pastContact(ds, { customerId: drifting, agentId: agent.id, arrivedAt: daysBefore(asOf, 3) });
    // Bought lately: no sign.
    const steady = await newCustomer(ds, 'Steady buyer');
    for (let daysAgo = 40; daysAgo >= 0; daysAgo -= 10) await purchase(ds, steady, daysBefore(asOf, daysAgo + 0.5), '30.00');

    const run = await server.app.get(ValueRunService).start({ asOf, trigger: 'command_line' });
    expect(run.status).toBe('completed');
    expect(run.counts).toMatchObject({ atRisk: 1, careActionsOpened: 1 });

    const rows = await ds.query(`SELECT customer_id, churn_score, churn_reasons FROM customer_value_history WHERE run_id = $1 ORDER BY churn_score DESC`, [run.id]);
    expect(rows).toEqual([
      {
        customer_id: drifting,
        churn_score: 45,
        churn_reasons: [
          { reason: 'overdue_purchase', detail: 'last purchase 50 days ago, usually every 10' },
          { reason: 'open_complaint', detail: expect.stringMatching(/^complaint CMP-\d{4}-\d{6} open for 3 days$/) },
        ],
      },
      { customer_id: steady, churn_score: 0, churn_reasons: [] },
    ]);
    // Owned by the team of the agent who served them; the care action the cell the run gave them calls for.
    const [{ segment }] = await ds.query(`SELECT segment FROM customer_value_history WHERE run_id = $1 AND customer_id = $2`, [run.id, drifting]);
    expect(await ds.query(`SELECT customer_id, team_lead_id, run_id::int, action, status FROM retention_actions`)).toEqual([
      { customer_id: drifting, team_lead_id: lead.id, run_id: run.id, action: segment ? CARE_ACTION_FOR_SEGMENT[segment as RfmSegment] : 'win_back_offer', status: 'open' },
    ]);
  });
});
