import { startTestApp, TestApp } from '../../support/test-app';
import { api, connect, ConsoleClient, eventually, staff, Staff } from '../realtime/support';
import { mailClient, startSink, SmtpSink } from './support';

const SERVICE = 'service@callcentre.example';
const PUBLIC_URL = 'https://help.callcentre.example';

describe('e-mail channel: the survey after the contact', () => {
  let sink: SmtpSink;
  const servers: TestApp[] = [];
  const clients: ConsoleClient[] = [];

  afterAll(async () => {
    for (const client of clients) client.close();
    for (const server of servers) await server.close();
    await sink.close();
  });
  beforeAll(async () => {
    sink = await startSink();
  });

  /** A mail from a customer, answered by amy and wrapped up; returns its contact's id and the mail's Message-ID. */
  async function servedMail(server: TestApp, amy: Staff, from: string, subject: string) {
    const desk = await connect(server.baseUrl, { token: amy.accessToken });
    clients.push(desk);
    expect(await desk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    const sent = await mailClient(server).sendMail({ from, to: SERVICE, subject, text: 'Where is my parcel?' });
    const offer = await desk.next('offer', (data) => data.offer.contact.subject === subject);
    const interactionId = offer.data.offer.contactId as string;
    expect(await desk.command('offer:accept', { interactionId, offerId: offer.data.offer.offerId })).toMatchObject({ ok: true });
    expect((await api(server.baseUrl, 'POST', `/api/interactions/${interactionId}/end`, amy.headers)).status).toBe(200);
    expect((await api(server.baseUrl, 'POST', `/api/interactions/${interactionId}/wrap-up`, amy.headers, { disposition: 'resolved' })).status).toBe(200);
    desk.close();
    return { interactionId, messageId: sent.messageId };
  }

  it('mails the customer a single-use survey link in the thread, never stores the link, and the link answers the survey', async () => {
    const server = await startTestApp({ seedDemo: true, env: { SMTP_PORT: '0', SMTP_RELAY_URL: sink.url, PUBLIC_URL } });
    servers.push(server);
    const amy = await staff(server.dataSource, 'amy');
    const customer = 'parcel.waiter@example.org';
    const { interactionId, messageId } = await servedMail(server, amy, customer, 'Parcel not arrived');

    const invitation = await eventually(() => sink.received.find((message) => message.parsed.subject === 'How did we do? (Re: Parcel not arrived)'), 15_000, 'the survey invitation at the relay');
    expect(invitation.envelope.to).toEqual([customer]);
    expect(invitation.parsed.inReplyTo).toBe(messageId);
    expect(invitation.parsed.references).toContain(messageId);
    const link = /https:\/\/help\.callcentre\.example\/survey\/#t=(svy_[A-Za-z0-9_-]+)/.exec(invitation.parsed.text ?? '');
    expect(link).not.toBeNull();
    const token = (link as RegExpExecArray)[1];

    // What the team reads of the thread holds a placeholder, not the link: an agent cannot answer for the customer.
    const thread = await api(server.baseUrl, 'GET', `/api/email/contacts/${interactionId}`, amy.headers);
    expect(thread.status).toBe(200);
    const stored = thread.body.messages.find((message: { subject: string }) => message.subject.startsWith('How did we do?'));
    expect(stored).toMatchObject({ direction: 'outbound' });
    expect(JSON.stringify(thread.body)).not.toContain(token);
    expect(JSON.stringify(await server.dataSource.query(`SELECT text_body FROM email_messages WHERE interaction_id = $1`, [interactionId]))).not.toContain(token);
    // The invitation is not the team's answer: the reply promise still counts from the agent's own first reply.
    expect(thread.body.firstReplyAt).toBeNull();
    await eventually(async () => (await api(server.baseUrl, 'GET', `/api/email/contacts/${interactionId}`, amy.headers)).body.messages.find((message: { subject: string; sendState: string }) => message.subject.startsWith('How did we do?') && message.sendState === 'sent'), 10_000, 'the invitation marked sent');

    const answer = await api(server.baseUrl, 'POST', '/api/surveys/answer', { origin: server.baseUrl }, { token, experience: 4, expectation: 4 });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ interactionId, source: 'web', satisfaction: 0 });
    const twice = await api(server.baseUrl, 'POST', '/api/surveys/answer', { origin: server.baseUrl }, { token, experience: 1, expectation: 5 });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('SURVEY_ALREADY_ANSWERED');
  });

  it('keeps the invitation as not sent, saying why, when no public address is configured', async () => {
    const server = await startTestApp({ seedDemo: true, env: { SMTP_PORT: '0', SMTP_RELAY_URL: sink.url } });
    servers.push(server);
    const amy = await staff(server.dataSource, 'amy');
    const { interactionId } = await servedMail(server, amy, 'no.link@example.org', 'Address change');
    const kept = await eventually(
      async () =>
        (await api(server.baseUrl, 'GET', `/api/email/contacts/${interactionId}`, amy.headers)).body.messages.find((message: { subject: string }) => message.subject.startsWith('How did we do?')),
      10_000,
      'the invitation kept with the contact',
    );
    expect(kept).toMatchObject({ direction: 'outbound', sendState: 'not_sent' });
    expect(JSON.stringify(kept)).toContain('PUBLIC_URL');
    expect(sink.received.some((message) => message.parsed.subject === 'How did we do? (Re: Address change)')).toBe(false);
  });
});
