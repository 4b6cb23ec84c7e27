import type { Page } from 'playwright-core';
import { FakePbx } from '../support/fake-pbx';
import { apiRequest, apiToken } from './support/api';
import { consoleSuite, screenshot, signIn } from './support/browser';
import { startServer } from './support/server';

/**
 * The call workspace against a fake PBX, in three browsers: Amy holds a call, consults Ben, hands it over warm;
 * Ben brings Amy into a conference, drops her and hangs up with his notes carried into wrap-up. Ben's desktop and
 * the supervisor's wallboard follow every step live.
 */

const SECRET = 'the-e2e-shared-secret-for-the-pbx';
let pbxKey = '';
const pbx = new FakePbx({ secret: SECRET, serverUrl: () => suite.server.url, apiKey: () => pbxKey });

const suite = consoleSuite({
  screenshotPrefix: 'call-',
  start: async () => {
    const commandUrl = await pbx.start();
    const server = await startServer({ env: { LOGIN_RATE_LIMIT: '1000', SMTP_PORT: 'off', CTI_COMMAND_URL: commandUrl, CTI_SHARED_SECRET: SECRET, CTI_COMMAND_TIMEOUT_SECONDS: '5' } });
    const admin = await apiToken(server.url, 'admin');
    pbxKey = (await apiRequest<{ key: string }>(server.url, admin, 'POST', '/api/api-keys', { name: 'Fake PBX', scopes: ['ingest'] })).key;
    return server;
  },
});
const { open, step } = suite;

afterAll(async () => {
  await pbx.stop();
});

const controls = (page: Page) => page.getByTestId('call-controls');
const button = (page: Page, name: RegExp) => controls(page).getByRole('button', { name });

test('an agent holds, consults, transfers warm and conferences a call against the PBX; the colleague and the wallboard follow live', async () => {
  const amy = await open();
  const ben = await open();
  const sophie = await open();
  const all = { amy, ben, sophie };
  const a = amy.page;
  const b = ben.page;
  const s = sophie.page;

  await step('sign-in', all, async () => {
    await signIn(s, 'sophie', '/wallboard');
    await signIn(a, 'amy', '/agent');
    await signIn(b, 'ben', '/agent');
    await a.getByRole('button', { name: 'Available', exact: true }).click();
    await a.getByText('Waiting for the next contact').waitFor();
  });

  await step('a call is answered', all, async () => {
    const sophieToken = await apiToken(suite.server.url, 'sophie');
    await apiRequest(suite.server.url, sophieToken, 'POST', '/api/interactions', { channel: 'voice', caller: { phone: '+44 7700 900012' }, queue: 'general' });
    await a.getByTestId('offer-card').waitFor({ timeout: 5_000 });
    await a.keyboard.press('a');
    await controls(a).waitFor({ timeout: 5_000 });
    await b.getByRole('button', { name: 'Available', exact: true }).click();
    await b.getByText('Waiting for the next contact').waitFor();
  });

  await step('the contact card leaves hang-up and transfer to the call controls', all, async () => {
    const card = a.getByTestId('contact-card');
    await card.getByRole('button', { name: 'Open complaint' }).waitFor();
    expect(await card.getByRole('button', { name: /Hang up|End contact|^Transfer/ }).count()).toBe(0);
  });

  await step('hold and resume', all, async () => {
    await button(a, /^Hold/).click();
    await a.getByTestId('call-held').waitFor({ timeout: 5_000 });
    expect(pbx.commands.at(-1)?.message.type).toBe('hold');
    expect(pbx.commands.at(-1)?.signed).toBe(true);
    // The supervisor sees who is on hold.
    await s.getByTestId('call-on-hold').filter({ hasText: 'Amy Walker' }).filter({ hasText: 'On hold' }).waitFor({ timeout: 5_000 });
    await screenshot(a, '60-call-on-hold-agent');
    await screenshot(s, '61-call-on-hold-wallboard');
    await a.keyboard.press('h');
    await button(a, /^Hold/).waitFor({ timeout: 5_000 });
    await s.getByTestId('calls-on-hold').waitFor({ state: 'detached', timeout: 5_000 });
  });

  await step('a command the PBX refuses shows as failed and changes nothing', all, async () => {
    pbx.answer('mute', { kind: 'refuse', reason: 'no media on this leg' });
    await button(a, /^Mute/).click();
    await a.getByTestId('call-failure').filter({ hasText: 'no media on this leg' }).waitFor({ timeout: 5_000 });
    await button(a, /^Mute/).waitFor();
    pbx.reset();
  });

  await step('consult Ben: he is reserved, his desk and the wallboard say so', all, async () => {
    await button(a, /^Consult/).click();
    const directory = a.getByTestId('call-directory');
    await directory.waitFor();
    await directory.getByRole('button', { name: 'Consult Ben Okafor' }).click();
    await a.getByTestId('call-consulting').filter({ hasText: 'Ben Okafor' }).waitFor({ timeout: 5_000 });
    await b.getByTestId('joined-call').filter({ hasText: 'Amy Walker' }).waitFor({ timeout: 5_000 });
    await s.getByTestId('call-on-hold').filter({ hasText: 'Consulting Ben Okafor' }).waitFor({ timeout: 5_000 });
    expect(await s.getByTestId('agent-row-ben').getAttribute('data-state')).toBe('reserved');
    await screenshot(a, '62-call-consulting-agent');
    await screenshot(b, '63-call-consulted-colleague');
  });

  await step('warm transfer: Ben has the call, Amy is free', all, async () => {
    await button(a, /^Complete transfer/).click();
    await controls(b).waitFor({ timeout: 5_000 });
    await controls(a).waitFor({ state: 'detached', timeout: 5_000 });
    await a.getByText('Waiting for the next contact').waitFor({ timeout: 5_000 });
    await s.locator('[data-testid="agent-row-ben"][data-state="busy"]').waitFor({ timeout: 5_000 });
    await s.locator('[data-testid="agent-row-amy"][data-state="available"]').waitFor({ timeout: 5_000 });
    await b.getByTestId('call-notes').fill('Customer wants the March invoice split in two.');
    await b.getByText('Notes saved').waitFor({ timeout: 5_000 });
  });

  await step('Ben brings Amy into a conference and drops her', all, async () => {
    await button(b, /^Conference/).click();
    await b.getByTestId('call-directory').getByRole('button', { name: 'Add Amy Walker' }).click();
    await b.getByTestId('call-conference').filter({ hasText: 'Amy Walker' }).waitFor({ timeout: 5_000 });
    await a.getByTestId('joined-call').filter({ hasText: 'Ben Okafor' }).waitFor({ timeout: 5_000 });
    await s.getByTestId('call-on-hold').filter({ hasText: 'Conference: Amy Walker' }).waitFor({ timeout: 5_000 });
    await screenshot(b, '64-call-conference');
    await button(b, /^Drop Amy Walker/).click();
    await b.getByTestId('call-conference').waitFor({ state: 'detached', timeout: 5_000 });
    await a.getByTestId('joined-call').waitFor({ state: 'detached', timeout: 5_000 });
  });

  await step('Ben hangs up with X; his notes open in wrap-up; the timeline tells the story', all, async () => {
    await b.getByTestId('call-timeline').count();
    await b.keyboard.press('x');
    await b.locator('.cc-wrap-up').waitFor({ timeout: 5_000 });
    await expect(b.locator('.cc-wrap-up textarea').inputValue()).resolves.toBe('Customer wants the March invoice split in two.');
    const sophieToken = await apiToken(suite.server.url, 'sophie');
    const contactId = pbx.commands.at(-1)?.message.callId as string;
    const details = await apiRequest<{ timeline: Array<{ kind: string; agentName: string | null }> }>(suite.server.url, sophieToken, 'GET', `/api/calls/${contactId}`);
    const story = details.timeline.map((line) => `${line.kind}${line.agentName ? ` ${line.agentName}` : ''}`);
    expect(story).toEqual(expect.arrayContaining(['held Amy Walker', 'consulted Ben Okafor', 'transferred Ben Okafor', 'conference_added Amy Walker', 'conference_dropped Amy Walker']));
    await screenshot(b, '65-call-wrap-up-with-notes');
  });

  await step('the shortcuts are listed in the help, and the desk fits a phone', all, async () => {
    await b.keyboard.press('?');
    const help = b.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByText('Hang up the call').waitFor();
    await help.getByText('Hold or resume the call').waitFor();
    await help.getByText('Transfer the call (choose a colleague or a queue)').waitFor();
    await help.getByText('Go to the wrap-up form').waitFor();
    await help.getByText('Not ready: Break').waitFor();
    await b.keyboard.press('Escape');
    await b.setViewportSize({ width: 390, height: 844 });
    const overflow = await b.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(b, '66-call-desk-phone');
  });

  await step('Amy blind-transfers her next call to a queue: the PBX is asked first, then the call leaves her desk', all, async () => {
    await b.setViewportSize({ width: 1280, height: 800 });
    const sophieToken = await apiToken(suite.server.url, 'sophie');
    await apiRequest(suite.server.url, sophieToken, 'POST', '/api/interactions', { channel: 'voice', caller: { phone: '+44 7700 900013' }, queue: 'general' });
    await a.getByTestId('offer-card').waitFor({ timeout: 5_000 });
    await a.keyboard.press('a');
    await controls(a).waitFor({ timeout: 5_000 });
    pbx.answer('blind_transfer', { kind: 'hold' });
    const since = pbx.commands.length;
    await a.keyboard.press('t');
    const directory = a.getByTestId('call-directory');
    await directory.getByRole('button', { name: 'Transfer Billing' }).click();
    await a.getByTestId('call-pending').waitFor({ timeout: 5_000 });
    const sent = (await pbx.nextCommand('blind_transfer', since)).message;
    expect(sent).toMatchObject({ type: 'blind_transfer', targetQueueCode: 'billing', targetAgentId: null });
    await screenshot(a, '67-call-transfer-to-queue-pending');
    await pbx.release(sent.commandId);
    await controls(a).waitFor({ state: 'detached', timeout: 5_000 });
    pbx.reset();
  });

  for (const [who, opened] of Object.entries(all)) {
    // Mute refused on purpose: the PBX answered with a refusal event, not an HTTP error; nothing else may fail.
    expect(`${who}: ${opened.problems.join(' | ')}`).toBe(`${who}: `);
  }
});
