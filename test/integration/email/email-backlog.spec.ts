import { startTestApp, TestApp } from '../../support/test-app';
import { api, staff, Staff } from '../realtime/support';
import { mailClient } from './support';

const SERVICE = 'service@callcentre.example';

describe('e-mail backlog: unanswered mail per queue for the wallboard', () => {
  let server: TestApp;
  let sophie: Staff;
  let amy: Staff;

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env: { SMTP_PORT: '0' } });
    sophie = await staff(server.dataSource, 'sophie');
    amy = await staff(server.dataSource, 'amy');
  });
  afterAll(async () => {
    await server.close();
  });

  it('counts unanswered contacts per queue, those past due, and gives the nearest due time ahead; supervisors only', async () => {
    const first = await mailClient(server).sendMail({ from: 'ola@example.org', to: SERVICE, subject: 'Where is my parcel', text: 'Hello' });
    const second = await mailClient(server).sendMail({ from: 'ola@example.org', to: SERVICE, subject: 'Another question', text: 'Hello again' });
    const contacts: Array<{ interaction_id: string; queue_id: string; due_at: Date }> = await server.dataSource.query(
      `SELECT ec.interaction_id, i.queue_id, ec.due_at FROM email_messages m JOIN email_contacts ec ON ec.message_id = m.id JOIN interactions i ON i.id = ec.interaction_id
        WHERE m.message_id = ANY($1::text[]) ORDER BY m.received_at`,
      [[first.messageId, second.messageId].map((id) => id.replace(/^</, '').replace(/>$/, ''))],
    );
    expect(contacts).toHaveLength(2);
    const [late, ahead] = contacts as [(typeof contacts)[0], (typeof contacts)[0]];
    await server.dataSource.query(`UPDATE email_contacts SET due_at = now() - interval '1 hour' WHERE interaction_id = $1`, [late.interaction_id]);

    const backlog = await api(server.baseUrl, 'GET', '/api/email/backlog', sophie.headers);
    expect(backlog.status).toBe(200);
    const row = backlog.body.queues.find((queue: { queueId: string }) => queue.queueId === ahead.queue_id);
    expect(row).toMatchObject({ waiting: late.queue_id === ahead.queue_id ? 2 : 1, nextDueAt: new Date(ahead.due_at).toISOString() });
    const overdue = backlog.body.queues.reduce((sum: number, queue: { overdue: number }) => sum + queue.overdue, 0);
    expect(overdue).toBe(1);

    expect((await api(server.baseUrl, 'GET', '/api/email/backlog', amy.headers)).status).toBe(403);
  });
});
