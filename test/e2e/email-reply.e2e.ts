import { createTransport } from 'nodemailer';
import { demoCustomers } from '../../server/src/modules/demo/demo-centre';
import { startSink, type SmtpSink } from '../support/smtp-sink';
import { consoleSuite, screenshot, signIn } from './support/browser';
import { findFreePort, startServer } from './support/server';

/**
 * E-mail end to end: a customer's mail sent with an SMTP client to the product's port rings at an agent as an
 * e-mail contact with its department, priority and due time; the agent answers from the desktop with the template
 * and the reply reaches the relay (a real SMTP sink) threaded on the customer's message.
 */

const CUSTOMER = demoCustomers()[0];
const SERVICE = 'service@callcentre.example';

let sink: SmtpSink;
let smtpPort: number;

const suite = consoleSuite({
  start: async () => {
    sink = await startSink();
    smtpPort = await findFreePort();
    return startServer({ env: { SMTP_PORT: String(smtpPort), SMTP_RELAY_URL: sink.url, LOGIN_RATE_LIMIT: '1000' } });
  },
});

afterAll(async () => {
  await sink?.close();
});

test('an agent sees a customer’s mail with its sorting and due time, replies with the template, and the relay receives the threaded reply', async () => {
  const agent = await suite.open();
  const page = agent.page;
  try {
    await signIn(page, 'amy', '/agent');
    await page.getByRole('button', { name: 'Available', exact: true }).click();
    await page.getByText('Waiting for the next contact').waitFor();

    const mail = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    const sent = await mail.sendMail({
      from: `"${CUSTOMER.name}" <${CUSTOMER.email}>`,
      to: SERVICE,
      subject: 'Broadband down since Monday',
      text: 'Hello,\nmy broadband has been down since Monday.\nPlease help.',
      attachments: [{ filename: 'router-lights.txt', content: 'red, red, off' }],
    });
    expect(sent.accepted).toEqual([SERVICE]);

    const offer = page.getByTestId('offer-card');
    await offer.waitFor({ timeout: 5_000 });
    expect((await offer.textContent()) ?? '').toContain(CUSTOMER.name);
    await page.keyboard.press('a');
    const panel = page.getByTestId('email-panel');
    await panel.waitFor({ timeout: 5_000 });
    const header = ((await panel.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(header).toContain('Department: Customer service');
    expect(header).toContain('Priority: 1 · Urgent');
    expect(await panel.getByTestId('email-due').textContent()).toMatch(/^Reply due by .+ · in \d+/);
    expect(header).toContain('my broadband has been down since Monday.');
    const download = panel.getByRole('link', { name: /Download router-lights\.txt/ });
    expect(await download.getAttribute('href')).toMatch(/^\/api\/email\/attachments\/[0-9a-f-]{36}$/);

    const body = panel.getByLabel('Message');
    await page.waitForFunction(() => (document.querySelector('[data-testid="email-panel"] textarea') as HTMLTextAreaElement | null)?.value.includes('Dear'));
    expect(await body.inputValue()).toContain(`Dear ${CUSTOMER.name},`);
    expect(await body.inputValue()).toContain('> my broadband has been down since Monday.');
    await screenshot(page, '40-agent-email-contact');

    await panel.getByRole('button', { name: 'Send reply' }).click();
    await panel.getByTestId('email-send-state').getByText('Sent').waitFor({ timeout: 15_000 });
    const reply = sink.received.find((message) => message.parsed.subject === 'Re: Broadband down since Monday');
    expect(reply?.envelope.to).toEqual([CUSTOMER.email]);
    expect(reply?.parsed.inReplyTo).toBe(sent.messageId);
    expect(reply?.parsed.references).toContain(sent.messageId);
    expect(reply?.parsed.text).toContain('Kind regards,\nAmy Walker');
    await screenshot(page, '41-agent-email-replied');

    await page.setViewportSize({ width: 390, height: 844 });
    await panel.waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, '42-agent-email-phone');
    expect(agent.problems).toEqual([]);
  } catch (error) {
    await screenshot(page, 'failed-email-reply').catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- browser problems ---\n${agent.problems.join('\n') || '(none)'}\n--- server output ---\n${suite.server.output().split('\n').slice(-30).join('\n')}`, { cause: error });
  }
});
