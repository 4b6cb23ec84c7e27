import { io, type Socket } from 'socket.io-client';
import type { ChatAck, ChatEnded, ChatMessage, ChatSurvey, ChatTranscript, ChatTyping } from '@callcentre/shared';
import { call, signInAs } from '../../factories/routing';
import { JobsService } from '../../../server/src/common/jobs';
import { startTestApp, TestApp } from '../../support/test-app';
import { eventually } from '../realtime/support';

type Staff = Awaited<ReturnType<typeof signInAs>>;

/** One side of a chat: a real socket.io client that records what it receives. */
class ChatSide {
  readonly transcripts: ChatTranscript[] = [];
  readonly messages: ChatMessage[] = [];
  readonly typing: ChatTyping[] = [];
  readonly ended: ChatEnded[] = [];
  readonly surveys: ChatSurvey[] = [];
  readonly agents: string[] = [];
  connectError: { code?: string } | null = null;

  constructor(readonly socket: Socket) {
    socket.on('chat:transcript', (transcript: ChatTranscript) => this.transcripts.push(transcript));
    socket.on('chat:message', (message: ChatMessage) => this.messages.push(message));
    socket.on('chat:typing', (typing: ChatTyping) => this.typing.push(typing));
    socket.on('chat:ended', (ended: ChatEnded) => this.ended.push(ended));
    socket.on('chat:survey', (survey: ChatSurvey) => this.surveys.push(survey));
    socket.on('chat:agent', (joined: { agentName: string }) => this.agents.push(joined.agentName));
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => (this.connectError = error.data ?? {}));
  }

  request<T>(event: string, payload: unknown): Promise<ChatAck<T>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${event}`)), 5000);
      this.socket.emit(event, payload, (ack: ChatAck<T>) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
  }

  close(): void {
    this.socket.disconnect();
  }
}

describe('chat end to end: customer page socket and agent desk socket', () => {
  let server: TestApp;
  let amy: Staff;
  let ben: Staff;
  let supervisor: Staff;
  const open: ChatSide[] = [];

  const customerSide = (token: string) => {
    const side = new ChatSide(io(`${server.baseUrl}/chat`, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false }));
    open.push(side);
    return side;
  };
  const deskSide = (staff: Staff) => {
    const side = new ChatSide(io(`${server.baseUrl}/chat-desk`, { path: '/socket.io', transports: ['websocket'], auth: { token: staff.accessToken }, reconnection: false }));
    open.push(side);
    return side;
  };

  /** A chat started on the page, offered to Amy (the only one available) and accepted by her. */
  async function connectedChat(name = 'Chat customer'): Promise<{ chatId: string; token: string; customer: ChatSide; desk: ChatSide }> {
    const started = await call(server.baseUrl, 'POST', '/api/chats', { origin: server.baseUrl }, { name, language: 'en', message: 'Hello, my router blinks red.' });
    expect(started.status).toBe(201);
    const { chatId, token } = started.body;
    const customer = customerSide(token);
    await eventually(() => customer.transcripts.length > 0, 5000, 'the customer’s transcript');
    expect(customer.transcripts[0]).toMatchObject({ chatId, status: expect.stringMatching(/^(waiting|connected)$/), messages: [{ author: 'customer', body: 'Hello, my router blinks red.' }] });
    const offer = await eventually(async () => (await call(server.baseUrl, 'GET', `/api/interactions/${chatId}`, supervisor.headers)).body.offer, 5000, 'the chat offered');
    expect(offer.agentId).toBe(amy.id);
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${chatId}/accept`, amy.headers, { offerId: offer.offerId })).status).toBe(200);
    await eventually(() => customer.agents.includes('Amy Walker'), 5000, 'the customer told Amy joined');
    const desk = deskSide(amy);
    const joined = await desk.request<ChatTranscript>('chat:join', { chatId });
    expect(joined).toMatchObject({ ok: true, data: { chatId, status: 'connected', customerName: name, agentName: 'Amy Walker' } });
    return { chatId, token, customer, desk };
  }

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env: { HEARTBEAT_TIMEOUT_SECONDS: '600', CHAT_LEAVE_GRACE_SECONDS: '5' } });
    amy = await signInAs(server.dataSource, 'amy');
    ben = await signInAs(server.dataSource, 'ben');
    supervisor = await signInAs(server.dataSource, 'sophie');
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' })).status).toBe(200);
  }, 60_000);
  afterEach(async () => {
    for (const side of open.splice(0)) side.close();
  });
  afterAll(async () => {
    await server.close();
  });

  it('carries messages and typing both ways, keeps the transcript, and ends when the customer leaves, then offers the survey', async () => {
    const { chatId, customer, desk } = await connectedChat();

    customer.socket.emit('chat:typing', { typing: true });
    await eventually(() => desk.typing.find((notice) => notice.author === 'customer' && notice.typing), 5000, 'the customer typing, at the desk');
    const asked = await customer.request<ChatMessage>('chat:send', { body: 'It started this morning.' });
    expect(asked).toMatchObject({ ok: true, data: { chatId, author: 'customer', body: 'It started this morning.' } });
    await eventually(() => desk.messages.find((message) => message.id === asked.data?.id), 5000, 'the customer’s message at the desk');

    desk.socket.emit('chat:typing', { chatId, typing: true });
    await eventually(() => customer.typing.find((notice) => notice.author === 'agent' && notice.typing), 5000, 'Amy typing, on the page');
    const answered = await desk.request<ChatMessage>('chat:send', { chatId, body: 'Please unplug it for ten seconds.' });
    expect(answered).toMatchObject({ ok: true, data: { author: 'agent', agentName: 'Amy Walker', body: 'Please unplug it for ten seconds.' } });
    await eventually(() => customer.messages.find((message) => message.id === answered.data?.id), 5000, 'Amy’s message on the page');

    const left = await customer.request<ChatEnded>('chat:leave', {});
    expect(left).toMatchObject({ ok: true, data: { chatId, endedBy: 'customer' } });
    await eventually(() => desk.ended.find((ended) => ended.chatId === chatId && ended.endedBy === 'customer'), 5000, 'the end at the desk');
    const survey = await eventually(() => customer.surveys[0], 5000, 'the survey link on the page');
    expect(survey.surveyPath).toMatch(/^\/survey\/#t=svy_/);
    expect((await call(server.baseUrl, 'GET', `/api/interactions/${chatId}`, supervisor.headers)).body.status).toBe('wrap_up');

    // The transcript is kept with the contact, in order, for the staff who may read it.
    const transcript = await call(server.baseUrl, 'GET', `/api/chats/${chatId}`, amy.headers);
    expect(transcript.status).toBe(200);
    expect(transcript.body).toMatchObject({ status: 'ended', endedBy: 'customer' });
    expect(transcript.body.messages.map((message: ChatMessage) => [message.author, message.body])).toEqual([
      ['customer', 'Hello, my router blinks red.'],
      ['customer', 'It started this morning.'],
      ['agent', 'Please unplug it for ten seconds.'],
    ]);
    expect((await call(server.baseUrl, 'GET', `/api/chats/${chatId}`, ben.headers)).status).toBe(403);
    const late = await customer.request<ChatMessage>('chat:send', { body: 'one more thing' });
    expect(late).toMatchObject({ ok: false, error: { code: 'CHAT_ENDED' } });

    // The survey answered from the link the page was given.
    const token = new URLSearchParams(survey.surveyPath.split('#')[1]).get('t');
    const answer = await call(server.baseUrl, 'POST', '/api/surveys/answer', {}, { token, experience: 4, expectation: 4 });
    expect(answer.body).toMatchObject({ interactionId: chatId, channel: 'chat', satisfaction: 0 });
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${chatId}/wrap-up`, amy.headers, { disposition: 'resolved' })).status).toBe(200);
  });

  it('ends when the agent leaves, and tells the customer', async () => {
    const { chatId, token, customer, desk } = await connectedChat('Leaving agent');
    const left = await desk.request<ChatEnded>('chat:leave', { chatId });
    expect(left).toMatchObject({ ok: true, data: { chatId, endedBy: 'agent' } });
    await eventually(() => customer.ended.find((ended) => ended.endedBy === 'agent'), 5000, 'the end on the page');
    await eventually(() => customer.surveys[0], 5000, 'the survey link on the page');
    const answer = await desk.request<ChatMessage>('chat:send', { chatId, body: 'after the end' });
    expect(answer).toMatchObject({ ok: false });
    const [session] = await server.dataSource.query(`SELECT ended_by, ended_at FROM chat_sessions WHERE interaction_id = $1`, [chatId]);
    expect(session.ended_by).toBe('agent');
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${chatId}/wrap-up`, amy.headers, { disposition: 'resolved' })).status).toBe(200);

    // A page opened again after the end gets the transcript and a fresh survey link.
    const [{ token_hash: before }] = await server.dataSource.query(`SELECT token_hash FROM satisfaction_surveys WHERE interaction_id = $1`, [chatId]);
    const again = customerSide(token);
    await eventually(() => again.transcripts[0]?.status === 'ended' && again.surveys[0], 5000, 'the transcript and survey again');
    const [{ token_hash: after }] = await server.dataSource.query(`SELECT token_hash FROM satisfaction_surveys WHERE interaction_id = $1`, [chatId]);
    expect(after).not.toBe(before);
  });

  it('waits for a customer whose page went away: back within the grace the chat goes on, gone past it the chat ends as left by them', async () => {
    const { chatId, token, customer, desk } = await connectedChat('Closing tab');
    const departureCheck = () => server.app.get(JobsService).scheduledAt(`chat-customer-gone:${chatId}`);

    customer.close();
    const due = await eventually(departureCheck, 5000, 'the departure check scheduled');
    expect(due.getTime()).toBeGreaterThan(Date.now());
    // A reload: the page is back within the grace, the check is called off and the chat goes on.
    const back = customerSide(token);
    await eventually(() => back.transcripts[0]?.status === 'connected', 5000, 'the transcript after the reload');
    await eventually(async () => (await departureCheck()) === null || undefined, 5000, 'the departure check called off');
    expect(await back.request<ChatMessage>('chat:send', { body: 'Sorry, my browser reloaded.' })).toMatchObject({ ok: true });

    // The tab closed for good: past the grace the chat ends, the desk is told, and the contact moves to after-contact work.
    back.close();
    await eventually(() => desk.ended.find((ended) => ended.chatId === chatId && ended.endedBy === 'customer'), 20_000, 'the end on the desk');
    const [session] = await server.dataSource.query(`SELECT ended_by FROM chat_sessions WHERE interaction_id = $1`, [chatId]);
    expect(session.ended_by).toBe('customer');
    const contact = await call(server.baseUrl, 'GET', `/api/interactions/${chatId}`, supervisor.headers);
    expect(contact.body.status).toBe('wrap_up');
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${chatId}/wrap-up`, amy.headers, { disposition: 'resolved' })).status).toBe(200);
  }, 40_000);

  it('refuses a wrong token, other agents’ messages, oversize messages and floods', async () => {
    const stranger = customerSide('cht_not-a-real-token');
    await eventually(() => stranger.connectError, 5000, 'the refused handshake');
    expect(stranger.connectError).toMatchObject({ code: 'CHAT_NOT_FOUND' });

    const { chatId, customer } = await connectedChat('Limits');
    const bens = deskSide(ben);
    expect(await bens.request('chat:join', { chatId })).toMatchObject({ ok: false, error: { code: 'CONTACT_NOT_YOURS' } });
    expect(await bens.request('chat:send', { chatId, body: 'hijack' })).toMatchObject({ ok: false, error: { code: 'CHAT_NOT_YOURS' } });
    expect(await customer.request('chat:send', { body: 'x'.repeat(2001) })).toMatchObject({ ok: false, error: { code: 'CHAT_MESSAGE_INVALID' } });
    expect(await customer.request('chat:send', { body: '   ' })).toMatchObject({ ok: false, error: { code: 'CHAT_MESSAGE_INVALID' } });
    const burst = await Promise.all(Array.from({ length: 12 }, (_, n) => customer.request('chat:send', { body: `message ${n}` })));
    expect(burst.filter((ack) => !ack.ok).map((ack) => ack.error?.code)).toContain('CHAT_RATE_LIMITED');
    const foreign = await call(server.baseUrl, 'POST', '/api/chats', { origin: 'https://evil.example' }, { name: 'Elsewhere' });
    expect(foreign.status).toBe(403);
    expect((await call(server.baseUrl, 'POST', '/api/chats', {}, { name: 'x'.repeat(121) })).status).toBe(400);
    await customer.request('chat:leave', {});
    await eventually(async () => (await call(server.baseUrl, 'GET', `/api/interactions/${chatId}`, supervisor.headers)).body.status === 'wrap_up', 5000, 'the chat in wrap-up');
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${chatId}/wrap-up`, amy.headers, { disposition: 'resolved' })).status).toBe(200);
  });

  it('serves the customer page with its script and the socket.io client from the same origin', async () => {
    const page = await fetch(`${server.baseUrl}/chat/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/chat/chat.js');
    expect((await fetch(`${server.baseUrl}/chat/socket.io.min.js`)).status).toBe(200);
  });
});
