import { JobsService } from '../../../server/src/common/jobs';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';
import { api, connect, ConsoleClient, eventually, staff, Staff } from '../realtime/support';
import { mailClient, refusal, startSink, SmtpSink } from './support';

const SERVICE = 'service@callcentre.example';
const strip = (id: string) => id.replace(/^</, '').replace(/>$/, '');

describe('e-mail channel: SMTP in, sorted contact offered, reply out through the relay', () => {
  let server: TestApp;
  let sink: SmtpSink;
  let amy: Staff;
  let sophie: Staff;
  let admin: Staff;
  let customer: { id: string; name: string; email: string };
  const clients: ConsoleClient[] = [];
  const open = async (who: Staff) => {
    const client = await connect(server.baseUrl, { token: who.accessToken });
    clients.push(client);
    return client;
  };
  const messageCount = async () => Number((await server.dataSource.query(`SELECT count(*)::int AS n FROM email_messages`))[0].n);
  const contactOf = async (messageId: string) => {
    const [row] = await server.dataSource.query(
      `SELECT ec.interaction_id, ec.conversation_id, ec.department, ec.priority, ec.due_at, m.id AS row_id
         FROM email_messages m JOIN email_contacts ec ON ec.message_id = m.id WHERE m.message_id = $1`,
      [strip(messageId)],
    );
    if (!row) throw new Error(`message ${messageId} is not a contact`);
    return row as { interaction_id: string; conversation_id: string; department: string; priority: number; due_at: Date; row_id: string };
  };
  const reply = (interactionId: string, who: Staff, body: unknown) => api(server.baseUrl, 'POST', `/api/email/contacts/${interactionId}/replies`, who.headers, body);

  beforeAll(async () => {
    sink = await startSink();
    server = await startTestApp({ seedDemo: true, env: { SMTP_PORT: '0', SMTP_RELAY_URL: sink.url, SMTP_MAX_MESSAGE_BYTES: '300000' } });
    amy = await staff(server.dataSource, 'amy');
    sophie = await staff(server.dataSource, 'sophie');
    admin = await staff(server.dataSource, 'admin');
    [customer] = await server.dataSource.query(`SELECT id, name, email FROM customers WHERE value_tier = 'important' ORDER BY email LIMIT 1`);
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server.close();
    await sink.close();
  });

  it('stores a mail before its 250 as a sorted contact with a due time, offers it to a qualified agent, and the reply reaches the relay threaded', async () => {
    const desk = await open(amy);
    expect(await desk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });

    const sent = await mailClient(server).sendMail({
      from: `"${customer.name}" <${customer.email}>`,
      to: SERVICE,
      subject: 'My router keeps dropping',
      text: 'Hello,\nthe router drops the line every evening.\nThanks',
    });
    expect(sent.accepted).toEqual([SERVICE]);
    // The 250 came after the store and the ingestion: the contact is there already.
    const contact = await contactOf(sent.messageId);
    expect(contact).toMatchObject({ department: 'customer_service', priority: 1 });
    const interactionId = contact.interaction_id;
    const [stored] = await server.dataSource.query(`SELECT raw_headers FROM email_messages WHERE id = $1`, [contact.row_id]);
    expect(stored.raw_headers).toMatch(/^Subject: My router keeps dropping$/m);

    const offer = await desk.next('offer', (data) => data.offer.contactId === interactionId);
    expect(offer.data.offer.contact).toMatchObject({ channel: 'email', subject: 'My router keeps dropping' });
    expect(await desk.command('offer:accept', { interactionId, offerId: offer.data.offer.offerId })).toMatchObject({ ok: true });

    const view = await api(server.baseUrl, 'GET', `/api/email/contacts/${interactionId}`, amy.headers);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ department: 'customer_service', priority: 1, customerName: customer.name, mailbox: SERVICE, relayConfigured: true, firstReplyAt: null });
    expect(new Date(view.body.dueAt).getTime()).toBeGreaterThan(Date.now());
    expect(view.body.messages).toHaveLength(1);
    expect(view.body.messages[0]).toMatchObject({ direction: 'inbound', subject: 'My router keeps dropping', from: { address: customer.email } });
    expect(view.body.sorting.join(' ')).toContain('Important');

    const draft = await api(server.baseUrl, 'GET', `/api/email/contacts/${interactionId}/draft?template=standard`, amy.headers);
    expect(draft.body.subject).toBe('Re: My router keeps dropping');
    expect(draft.body.body).toContain(`Dear ${customer.name},`);
    expect(draft.body.body).toContain('> the router drops the line every evening.');

    const chinese = await api(server.baseUrl, 'GET', `/api/email/contacts/${interactionId}/draft?template=thanks_for_suggestion&language=zh-CN`, amy.headers);
    expect(chinese.body.body).toMatch(new RegExp(`^尊敬的${customer.name}：\\n\\n感谢您提出的宝贵建议`));
    expect(chinese.body.body).toContain('写道：\n> Hello,');

    const answered = await reply(interactionId, amy, { subject: draft.body.subject, body: draft.body.body });
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({ direction: 'outbound', sendState: 'queued' });

    const out = await eventually(() => sink.received.find((message) => message.parsed.subject === 'Re: My router keeps dropping'), 10_000, 'the reply at the relay');
    expect(out.envelope.to).toEqual([customer.email]);
    expect(out.parsed.inReplyTo).toBe(sent.messageId);
    expect(out.parsed.references).toContain(sent.messageId);
    expect(out.parsed.messageId).toBe(`<${answered.body.messageId}>`);
    expect(out.parsed.messageId).toMatch(/@callcentre\.example>$/);
    expect(out.parsed.from?.value[0].address).toBe(SERVICE);
    await eventually(async () => (await api(server.baseUrl, 'GET', `/api/email/contacts/${interactionId}`, amy.headers)).body.messages[1]?.sendState === 'sent' || undefined, 10_000, 'sent state');

    // The customer answers the reply: the same conversation, and the agent of the thread is offered it first.
    const again = await mailClient(server).sendMail({
      from: customer.email,
      to: SERVICE,
      subject: 'Re: My router keeps dropping',
      text: 'Still dropping tonight.',
      inReplyTo: out.parsed.messageId,
      references: [sent.messageId, out.parsed.messageId as string],
    });
    const followUp = await contactOf(again.messageId);
    expect(followUp.conversation_id).toBe(contact.conversation_id);
    const [routed] = await server.dataSource.query(`SELECT preferred_agent_id FROM interactions WHERE id = $1`, [followUp.interaction_id]);
    expect(routed.preferred_agent_id).toBe(amy.id);
    await desk.next('offer', (data) => data.offer.contactId === followUp.interaction_id);
    const thread = await api(server.baseUrl, 'GET', `/api/email/contacts/${followUp.interaction_id}`, sophie.headers);
    expect(thread.body.messages.map((message: { direction: string }) => message.direction)).toEqual(['inbound', 'outbound', 'inbound']);

    // A client that drops the threading headers: the subject and the sender still find the conversation.
    const bare = await mailClient(server).sendMail({ from: customer.email, to: SERVICE, subject: 'RE: Re: my router keeps   dropping', text: 'And again.' });
    expect((await contactOf(bare.messageId)).conversation_id).toBe(contact.conversation_id);
  });

  it('refuses at SMTP time mail for other addresses, too big, or carrying programs, and stores none of it', async () => {
    const before = await messageCount();
    const unknown = await refusal(mailClient(server).sendMail({ from: 'someone@example.net', to: 'nobody@callcentre.example', subject: 'Hi', text: 'Hi' }));
    expect(unknown.responseCode).toBe(550);
    const huge = await refusal(mailClient(server).sendMail({ from: 'someone@example.net', to: SERVICE, subject: 'Big', text: 'x'.repeat(400_000) }));
    expect(huge.responseCode).toBe(552);
    const program = await refusal(
      mailClient(server).sendMail({ from: 'someone@example.net', to: SERVICE, subject: 'Invoice', text: 'See attached', attachments: [{ filename: 'invoice.pdf.exe', content: Buffer.from('MZ\x90\x00') }] }),
    );
    expect(program.responseCode).toBe(554);
    expect(await messageCount()).toBe(before);
  });

  it('keeps malformed MIME readable, scripts inert, and attachment names and types safe', async () => {
    const malformed = await mailClient(server).sendMail({
      envelope: { from: 'broken@example.net', to: [SERVICE] },
      raw: 'From: broken@example.net\r\nTo: service@callcentre.example\r\nSubject: broken parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="zzz"\r\n\r\n--zzz\r\nContent-Type: text/plain\r\n\r\nhalf a part without its end\r\n--zz',
    });
    expect(malformed.accepted).toEqual([SERVICE]);
    const [broken] = await server.dataSource.query(`SELECT text_body FROM email_messages WHERE from_address = 'broken@example.net'`);
    expect(broken.text_body).toContain('half a part');

    const hostile = await mailClient(server).sendMail({
      from: 'mallory@example.net',
      to: SERVICE,
      subject: 'Look at this',
      html: '<p>Hello there</p><script>alert(document.cookie)</script><img src="x" onerror="alert(1)">',
      attachments: [
        { filename: '../../etc/passwd', content: 'root:x:0:0', contentType: 'text/plain' },
        { filename: 'page.html', content: '<script>alert(1)</script>', contentType: 'text/html' },
        { filename: 'photo.png', content: '<svg onload=alert(1)>', contentType: 'image/png' },
      ],
    });
    const contact = await contactOf(hostile.messageId);
    const view = await api(server.baseUrl, 'GET', `/api/email/contacts/${contact.interaction_id}`, sophie.headers);
    const [message] = view.body.messages;
    expect(message.hadHtml).toBe(true);
    expect(message.text).toContain('Hello there');
    expect(message.text).not.toMatch(/<script|onerror|alert\(/);
    expect(message.attachments.map((attachment: { filename: string }) => attachment.filename)).toEqual(['passwd', 'page.html', 'photo.png']);
    expect(message.attachments.map((attachment: { contentType: string }) => attachment.contentType)).toEqual(['text/plain', 'application/octet-stream', 'application/octet-stream']);

    for (const [index, type] of [
      [0, 'text/plain; charset=utf-8'],
      [1, 'application/octet-stream'],
      [2, 'application/octet-stream'],
    ] as const) {
      const response = await fetch(`${server.baseUrl}${message.attachments[index].downloadUrl}`, { headers: sophie.headers });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const stranger = await staff(server.dataSource, 'ben');
    expect((await fetch(`${server.baseUrl}${message.attachments[0].downloadUrl}`, { headers: stranger.headers })).status).toBe(403);
  });

  it('refuses header injection in the subject and keeps a hostile body in the body; a relay failure is retried, not dropped', async () => {
    const sent = await mailClient(server).sendMail({ from: customer.email, to: SERVICE, subject: 'Billing question', text: 'Why two charges?' });
    const contact = await contactOf(sent.messageId);
    // Amy does not handle this one: she may not answer it; a supervisor may.
    const notHers = await reply(contact.interaction_id, amy, { body: 'Hi' });
    expect(notHers.status).toBe(403);
    expect(notHers.body.code).toBe('CONTACT_NOT_YOURS');

    const injected = await reply(contact.interaction_id, sophie, { subject: 'Hello\r\nBcc: evil@attacker.example', body: 'Hi' });
    expect(injected.status).toBe(400);
    expect(injected.body.code).toBe('EMAIL_UNSAFE_HEADER');

    sink.failNext(1);
    const answered = await reply(contact.interaction_id, sophie, { subject: 'Re: Billing question', body: 'Dear customer,\r\nBcc: evil@attacker.example\r\n\r\nOne charge was a hold.' });
    expect(answered.status).toBe(201);
    const out = await eventually(() => sink.received.find((message) => message.parsed.subject === 'Re: Billing question'), 20_000, 'the retried reply');
    expect(sink.refused).toBe(1);
    expect(out.envelope.to).toEqual([customer.email]);
    expect(out.parsed.bcc).toBeUndefined();
    expect(out.raw.split(/\r?\n\r?\n/)[0]).not.toMatch(/^bcc:/im);
    expect(out.parsed.text).toContain('Bcc: evil@attacker.example');
    const [row] = await eventually(async () => {
      const rows = await server.dataSource.query(`SELECT send_state, send_attempts FROM email_messages WHERE id = $1 AND send_state = 'sent'`, [answered.body.id]);
      return rows.length ? rows : undefined;
    }, 10_000, 'sent after the retry');
    expect(row.send_attempts).toBe(2);
  });

  it('takes a message a mail gateway posts over HTTP like one by SMTP, once per Message-ID, with the same refusals', async () => {
    const gateway = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    const raw = (messageId: string, extra = '') =>
      Buffer.from(`From: "Wei Zhang" <wei.zhang@example.cn>\r\nTo: finance@callcentre.example\r\nSubject: 发票问题\r\nMessage-ID: <${messageId}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n${extra}\r\n我的发票金额不对。\r\n`).toString('base64');
    const first = await api(server.baseUrl, 'POST', '/api/email/messages', gateway.headers, { raw: raw('gw-1@example.cn') });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ duplicate: false, interactionId: expect.any(String) });
    const contact = await contactOf('gw-1@example.cn');
    expect(contact).toMatchObject({ department: 'finance', priority: 3, interaction_id: first.body.interactionId });
    const again = await api(server.baseUrl, 'POST', '/api/email/messages', gateway.headers, { raw: raw('gw-1@example.cn') });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, messageId: first.body.messageId, interactionId: first.body.interactionId });

    const bounce = await api(server.baseUrl, 'POST', '/api/email/messages', gateway.headers, { raw: raw('gw-2@example.cn', 'Auto-Submitted: auto-replied\r\n') });
    expect(await contactOf('gw-2@example.cn')).toMatchObject({ priority: 5 });
    expect(bounce.status).toBe(201);
    const elsewhere = await api(server.baseUrl, 'POST', '/api/email/messages', gateway.headers, {
      raw: Buffer.from('From: a@example.net\r\nTo: someone@example.org\r\nSubject: x\r\n\r\nx').toString('base64'),
    });
    expect(elsewhere).toMatchObject({ status: 422, body: { code: 'EMAIL_NOT_OUR_ADDRESS' } });
    const unauthenticated = await api(server.baseUrl, 'POST', '/api/email/messages', {}, { raw: raw('gw-3@example.cn') });
    expect(unauthenticated.status).toBe(401);
  });

  it('lets supervisors re-sort a contact and administrators edit the rules, audited; a breached promise raises an alert', async () => {
    const board = await open(sophie);
    const sent = await mailClient(server).sendMail({ from: 'reader@example.net', to: SERVICE, subject: 'Opening hours', text: 'When are you open?' });
    const contact = await contactOf(sent.messageId);
    expect(contact).toMatchObject({ department: 'customer_service', priority: 3 });

    const byAgent = await api(server.baseUrl, 'PATCH', `/api/email/contacts/${contact.interaction_id}`, amy.headers, { priority: 1 });
    expect(byAgent.status).toBe(403);
    const resorted = await api(server.baseUrl, 'PATCH', `/api/email/contacts/${contact.interaction_id}`, sophie.headers, { priority: 1, department: 'sales' });
    expect(resorted.status).toBe(200);
    expect(resorted.body).toMatchObject({ priority: 1, department: 'sales' });
    expect(new Date(resorted.body.dueAt).getTime()).toBeLessThan(new Date(contact.due_at).getTime());
    // The new priority orders it among waiting contacts too.
    const routing = await api(server.baseUrl, 'GET', `/api/interactions/${contact.interaction_id}/routing`, sophie.headers);
    expect(routing.body.priority.boost).toBe(20);
    const [audit] = await server.dataSource.query(`SELECT details FROM audit_log WHERE action = 'email.sorting_changed' AND target_id = $1`, [contact.interaction_id]);
    expect(audit.details).toMatchObject({ before: { priority: 3, department: 'customer_service' }, after: { priority: 1, department: 'sales' } });

    const settings = await api(server.baseUrl, 'GET', '/api/email/settings', admin.headers);
    const rules = [{ kind: 'department', field: 'sender', pattern: 'press.example', department: 'pr', description: 'Known press' }, ...settings.body.rules.map(({ id: _id, ...rule }: { id: string }) => rule)];
    expect((await api(server.baseUrl, 'PUT', '/api/email/rules', sophie.headers, { rules })).status).toBe(403);
    expect((await api(server.baseUrl, 'PUT', '/api/email/rules', admin.headers, { rules })).status).toBe(200);
    const press = await mailClient(server).sendMail({ from: 'desk@press.example', to: SERVICE, subject: 'A question', text: 'For an article.' });
    expect(await contactOf(press.messageId)).toMatchObject({ department: 'pr' });
    const [rulesAudit] = await server.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'email.rules_updated'`);
    expect(rulesAudit.n).toBe(1);

    // The due time passes unanswered: the durable job marks it and alerts the supervisors.
    await server.dataSource.query(`UPDATE email_contacts SET due_at = now() - interval '1 minute' WHERE interaction_id = $1`, [contact.interaction_id]);
    await server.app.get(JobsService).enqueue('email.reply_due', { interactionId: contact.interaction_id }, { jobKey: `email-reply-due:${contact.interaction_id}`, jobKeyMode: 'replace' });
    const alert = await board.next('alert', (data) => data.kind === 'email_reply_overdue' && data.contactId === contact.interaction_id, 10_000);
    expect(alert.data).toMatchObject({ severity: 'critical', details: { priority: 1, department: 'sales' } });
    const [breached] = await server.dataSource.query(`SELECT breached_at FROM email_contacts WHERE interaction_id = $1`, [contact.interaction_id]);
    expect(breached.breached_at).not.toBeNull();
  });
});

describe('e-mail channel without a relay', () => {
  let server: TestApp;
  afterAll(async () => server?.close());

  it('keeps the reply and says it was not sent; a flood of mail is deferred at SMTP time', async () => {
    server = await startTestApp({ seedDemo: true, env: { SMTP_PORT: '0', SMTP_RATE_LIMIT_PER_MINUTE: '3' } });
    const sophie = await staff(server.dataSource, 'sophie');
    const sent = await mailClient(server).sendMail({ from: 'someone@example.net', to: SERVICE, subject: 'Hello', text: 'Anyone there?' });
    // Three messages a minute from one client address: the fourth waits (450, the sender's server tries later).
    const flood = () => mailClient(server).sendMail({ from: 'flood@example.net', to: SERVICE, subject: 'Again', text: 'Again' });
    expect((await flood()).accepted).toEqual([SERVICE]);
    expect((await flood()).accepted).toEqual([SERVICE]);
    expect((await refusal(flood())).responseCode).toBe(450);
    const [contact] = await server.dataSource.query(`SELECT ec.interaction_id FROM email_contacts ec JOIN email_messages m ON m.id = ec.message_id WHERE m.message_id = $1`, [strip(sent.messageId)]);
    const answered = await api(server.baseUrl, 'POST', `/api/email/contacts/${contact.interaction_id}/replies`, sophie.headers, { body: 'Yes, we are.' });
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({ sendState: 'not_sent', sendError: expect.stringContaining('no relay configured') });
    const retried = await api(server.baseUrl, 'POST', `/api/email/replies/${answered.body.id}/retry`, sophie.headers);
    expect(retried.status).toBe(409);
  });
});
