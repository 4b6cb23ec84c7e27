import type { Page } from 'playwright-core';
import { demoCustomers } from '../../server/src/modules/demo/demo-centre';
import { apiToken, postCall } from './support/api';
import { consoleSuite, screenshot, signIn } from './support/browser';

/**
 * The floor at work, in three browsers at once: an agent, a supervisor and a team lead. A call arrives through
 * the ingestion API, rings at the agent, is accepted; the wallboard follows; the agent walks a complaint through
 * the six steps; a threatening call goes to the team lead's inbox live.
 */

/** A key customer of the demo centre (top 1% by value). */
const KEY_CUSTOMER_PHONE = '+44 7700 900000';
const KEY_CUSTOMER_NAME = demoCustomers()[0].name;
/** Another demo customer. */
const OTHER_CUSTOMER_PHONE = '+44 7700 900012';

// Three browser contexts and the test's own API calls sign in from one address: the suite lifts the per-address limit.
const suite = consoleSuite();
const { open, step } = suite;

/** Milliseconds until `check` passes (polled every 25 ms), failing after `limitMs`. */
async function within(limitMs: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > limitMs) throw new Error(`${what} did not happen within ${limitMs} ms`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ');

test('an agent takes a call and walks a complaint through the six steps while the supervisor and the team lead watch live', async () => {
  const agent = await open();
  const supervisor = await open();
  const teamLead = await open();
  const all = { agent, supervisor, teamLead };
  const a = agent.page;
  const s = supervisor.page;
  const tl = teamLead.page;

  await step('sign-in', all, async () => {
    await signIn(s, 'sophie', '/wallboard');
    await signIn(tl, 'grace', '/team-lead');
    await signIn(a, 'amy', '/agent');
    await a.getByTestId('agent-state').waitFor();
    await s.getByTestId('queue-tile-general').waitFor();
    await tl.getByTestId('escalations').waitFor();
    await screenshot(a, '10-agent-desktop-offline');
  });

  await step('agent goes available', all, async () => {
    await a.getByRole('button', { name: 'Available', exact: true }).click();
    await a.getByText('Waiting for the next contact').waitFor();
    // The supervisor's table shows her (signed-in agents only) within a second.
    const ms = await within(1_000, "Amy's row on the wallboard", async () => (await s.getByTestId('agent-row-amy').count()) === 1);
    expect(ms).toBeLessThanOrEqual(1_000);
    expect(await s.getByTestId('agent-row-amy').getAttribute('data-state')).toBe('available');
  });

  const sophieToken = await apiToken(suite.server.url, 'sophie');

  await step('a call rings at the agent', all, async () => {
    await postCall(suite.server.url, sophieToken, { queue: 'general', phone: KEY_CUSTOMER_PHONE });
    const offer = a.getByTestId('offer-card');
    await offer.waitFor({ timeout: 5_000 });
    const shown = ((await offer.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(shown).toContain(KEY_CUSTOMER_NAME);
    expect(shown).toContain('Key customer');
    expect(shown).toContain('Incoming call · General queue');
    await a.getByRole('timer', { name: 'Time left to answer the offer' }).waitFor();
    // The customer's record opens beside the ringing offer.
    await a.getByTestId('customer-panel').getByText(KEY_CUSTOMER_NAME).waitFor();
    await within(1_000, 'the wallboard showing her ringing', async () => (await s.getByTestId('agent-row-amy').getAttribute('data-state')) === 'reserved');
    // The tile never says "No contacts yet" beside a contact offered and waiting; its wait shows against the threshold.
    await within(2_000, 'the General tile showing the ringing call as waiting', async () => (await s.getByTestId('queue-tile-general').getByTestId('waiting').textContent()) === '1');
    const ringing = await text(s, 'queue-tile-general');
    expect(ringing).toContain('Nothing answered yet');
    expect(ringing).not.toContain('No contacts yet');
    expect(await s.getByTestId('queue-tile-general').getByTestId('longest-wait').textContent()).toMatch(/^Longest 0:\d\d \/ 20 s$/);
    await screenshot(a, '11-agent-offer-ringing');
  });

  await step('the agent accepts with A and the wallboard follows within a second', all, async () => {
    const tileBefore = await text(s, 'queue-tile-general');
    await a.keyboard.press('a');
    await a.getByTestId('contact-card').waitFor({ timeout: 5_000 });
    expect(await a.getByTestId('offer-card').count()).toBe(0);
    const rowMs = await within(1_000, 'the agents table showing her on the contact', async () => {
      const row = s.getByTestId('agent-row-amy');
      return (await row.getAttribute('data-state')) === 'busy' && ((await row.textContent()) ?? '').includes(KEY_CUSTOMER_NAME);
    });
    const tileMs = await within(1_000, 'the General tile counting the answered call', async () => {
      const tile = s.getByTestId('queue-tile-general');
      return (await text(s, 'queue-tile-general')) !== tileBefore && (await tile.getByTestId('waiting').textContent()) === '0' && ((await tile.textContent()) ?? '').includes('1 busy');
    });
    expect(rowMs).toBeLessThanOrEqual(1_000);
    expect(tileMs).toBeLessThanOrEqual(1_000);
    await screenshot(a, '12-agent-contact-connected');
    await screenshot(s, '20-wallboard-live');
  });

  await step('the agent receives a complaint from the contact', all, async () => {
    await a.getByRole('button', { name: 'Open complaint' }).click();
    const intake = a.getByTestId('complaint-intake');
    await intake.getByLabel('What it is about').selectOption('billing');
    await intake.getByRole('radio', { name: /General complaint/ }).check();
    await intake.getByLabel("What happened, in the customer's words").fill('I was charged twice for May and nobody called me back.');
    await screenshot(a, '13-complaint-intake');
    await intake.getByRole('button', { name: 'Record the complaint' }).click();
    const view = a.getByTestId('complaint-view');
    await view.waitFor();
    await expectProgress(a, { receive: 'done', calm: 'current' });
    expect(await a.getByTestId('complaint-guidance').textContent()).toContain('Listen and acknowledge how the customer feels');
  });

  await step('calm, clarify, explore solutions', all, async () => {
    await a.getByRole('button', { name: 'Customer is calm' }).click();
    await expectProgress(a, { calm: 'done', clarify: 'current' });
    // Only what the machine allows: no remedies before the problem is clarified.
    expect(await a.getByRole('button', { name: 'Offer remedies' }).count()).toBe(0);
    await a.getByRole('button', { name: 'Record the clarified problem' }).click();
    await a.getByLabel('The problem, as confirmed with the customer').fill('The May bill was collected twice by direct debit.');
    await a.getByLabel('Yes, the facts support it').check();
    await a.getByRole('button', { name: 'Record', exact: true }).click();
    await expectProgress(a, { clarify: 'done', resolve: 'current' });
    await a.getByRole('button', { name: 'Offer remedies' }).click();
    await a.getByLabel('Remedy 1').fill('Refund the second collection within 3 days');
    await a.getByLabel('Remedy 2').fill('Credit the amount to the June bill');
    await screenshot(a, '14-complaint-remedies');
    await a.getByRole('button', { name: 'Offer these remedies' }).click();
    await a.getByRole('button', { name: 'Customer chose a remedy' }).click();
    await a.getByLabel('Refund the second collection within 3 days').check();
    await a.getByRole('button', { name: 'Record the choice' }).click();
    await expectProgress(a, { resolve: 'done', act: 'current' });
  });

  await step('act and thank: the complaint closes', all, async () => {
    await a.getByRole('button', { name: 'Remedy carried out' }).click();
    await a.getByLabel('What was done').fill('Refund of the second collection issued, reference RF-2211.');
    await a.getByRole('button', { name: 'Record as done' }).click();
    await expectProgress(a, { act: 'done', thank: 'current' });
    await a.getByRole('button', { name: 'Thank and close' }).click();
    await a.getByLabel('Yes, settled').check();
    await a.getByRole('radio', { name: '5', exact: true }).check();
    await a.getByRole('button', { name: 'Record the answers' }).click();
    await a.locator('[data-testid="complaint-view"][data-state="closed"]').waitFor();
    await expectProgress(a, { receive: 'done', calm: 'done', clarify: 'done', resolve: 'done', act: 'done', thank: 'done' });
    await screenshot(a, '15-complaint-closed');
  });

  await step('hang up and wrap up', all, async () => {
    await a.getByTestId('call-controls').getByRole('button', { name: 'End call' }).click();
    await a.getByRole('form', { name: 'After-call work' }).waitFor();
    await a.getByRole('timer', { name: 'Time left for after-call work' }).waitFor();
    expect(await a.getByLabel('Disposition').inputValue()).toBe('complaint_opened');
    await a.getByRole('textbox', { name: 'Notes' }).fill('Refund issued; customer satisfied.');
    await within(1_000, 'the wallboard showing her in after-call work', async () => (await s.getByTestId('agent-row-amy').getAttribute('data-state')) === 'wrap_up');
    await screenshot(a, '16-wrap-up');
    await a.getByRole('button', { name: 'Finish after-call work' }).click();
    await a.getByText('Waiting for the next contact').waitFor();
    await within(1_000, 'the wallboard showing her available again', async () => (await s.getByTestId('agent-row-amy').getAttribute('data-state')) === 'available');
  });

  await step('the General tile counts the call for the last hour and today, with its handle time', all, async () => {
    const tile = s.getByTestId('queue-tile-general');
    const cells = async (figure: string) => (await tile.getByTestId(`figure-${figure}`).getByRole('cell').allTextContents()).map((cell) => cell.replace(/\s+/g, ' '));
    // AHT counts when after-call work ends: talk + after-call work, as m:ss, in both periods.
    await within(3_000, 'the General tile showing the handle time of the finished call', async () => (await cells('aht')).every((cell) => /^\d+:\d\d$/.test(cell)));
    const [lastHourAht, todayAht] = await cells('aht');
    expect(todayAht).toBe(lastHourAht);
    expect(await cells('offered')).toEqual(['1', '1']);
    expect(await cells('answered')).toEqual(['1', '1']);
    expect(await cells('abandoned')).toEqual(['0', '0']);
    expect(await cells('abandonRate')).toEqual(['0%', '0%']);
    // Answered within seconds of ringing, so within the 20 s threshold in both periods.
    expect(await tile.getByTestId('service-level').textContent()).toBe('100%');
    expect((await tile.getByTestId('service-level-today').textContent())?.replace(/\s+/g, ' ')).toBe('Today 100%');
    expect(await text(s, 'queue-tile-general')).toContain('SL 80/20 · abandons count');
    await screenshot(s, '21-wallboard-after-the-call');
    // A reload draws the last hour again from the history, not an empty chart.
    await s.reload();
    await s.getByTestId('queue-tile-general').waitFor();
    await s.getByTestId('trend-chart').waitFor({ timeout: 5_000 });
  });

  await step('a threatening call reaches the team lead live', all, async () => {
    const before = await tl.getByTestId('escalations').locator('li').count();
    // The wallboard already lists the open alerts raised before it connected (the demo centre's threatening call).
    const threats = s.getByTestId('alerts').getByText(/Threatening call recorded on complaint/);
    const threatsBefore = await threats.count();
    await postCall(suite.server.url, sophieToken, { queue: 'general', phone: OTHER_CUSTOMER_PHONE });
    await a.getByTestId('offer-card').waitFor({ timeout: 5_000 });
    await a.getByRole('button', { name: /Accept/ }).click();
    await a.getByTestId('contact-card').waitFor();
    await a.getByRole('button', { name: 'Open complaint' }).click();
    const intake = a.getByTestId('complaint-intake');
    await intake.getByLabel('What it is about').selectOption('service_quality');
    await intake.getByRole('radio', { name: /Simple complaint/ }).check();
    await intake.getByLabel("What happened, in the customer's words").fill('Says the engineer never came and he will come to the shop.');
    await intake.getByLabel('The caller threatened life or property').check();
    await intake.getByLabel('What was said').fill('"If nobody fixes this today I will come and smash the counter."');
    await screenshot(a, '17-complaint-threatening-intake');
    await intake.getByRole('button', { name: 'Record the complaint' }).click();
    await a.locator('[data-testid="complaint-view"][data-state="escalated"]').waitFor();

    // The team lead's inbox shows it without a reload, marked new and threatening.
    const ms = await within(3_000, 'the escalation in the team-lead inbox', async () => (await tl.getByTestId('escalations').locator('li').count()) > before);
    expect(ms).toBeLessThanOrEqual(3_000);
    const arrived = tl.locator('.cc-inbox__item--fresh').first();
    await arrived.waitFor();
    expect(((await arrived.textContent()) ?? '')).toContain('Threatening call');
    // The supervisor is alerted.
    await within(3_000, 'the alert on the wallboard', async () => (await threats.count()) > threatsBefore);
    await screenshot(tl, '30-team-lead-escalation-arrived');
    await screenshot(s, '21-wallboard-alert');
  });

  await step('the team lead takes it on', all, async () => {
    await tl.locator('.cc-inbox__item--fresh').first().click();
    const view = tl.getByTestId('complaint-view');
    await view.waitFor();
    expect(await view.textContent()).toContain('smash the counter');
    await tl.getByRole('button', { name: 'Take ownership' }).click();
    await tl.getByRole('button', { name: 'Appoint a follow-up owner' }).waitFor();
    await tl.getByRole('button', { name: 'Appoint a follow-up owner' }).click();
    await tl.getByLabel('Follow-up owner', { exact: true }).selectOption({ label: 'Grace Lin' });
    await tl.getByRole('button', { name: 'Appoint', exact: true }).click();
    await tl.getByRole('form', { name: 'Appoint a follow-up owner' }).waitFor({ state: 'detached' });
    await tl.getByRole('button', { name: 'Log a progress call' }).click();
    await tl.getByLabel('What the customer was told').fill('Engineer booked for tomorrow 9:00; police informed of the threat.');
    await tl.getByRole('button', { name: 'Log the call' }).click();
    await view.getByText('Engineer booked for tomorrow 9:00', { exact: false }).waitFor();
    await screenshot(tl, '31-team-lead-handling');
    // The agent who took it no longer owns it: their console says so instead of showing a stale complaint.
    await a.getByText('This complaint is no longer yours to open').waitFor({ timeout: 3_000 });
    await screenshot(a, '18-complaint-passed-on');
  });

  // A healthy console: no errors, and no refused request except the server refusing the complaint to its former owner.
  const refusedToFormerOwner = /^http 403 GET \/api\/complaints\/[0-9a-f-]{36}$/;
  expect(agent.problems.filter((problem) => !refusedToFormerOwner.test(problem))).toEqual([]);
  expect(supervisor.problems).toEqual([]);
  expect(teamLead.problems).toEqual([]);
});

async function expectProgress(page: Page, expected: Record<string, 'done' | 'current' | 'todo'>): Promise<void> {
  await within(5_000, `the stepper showing ${JSON.stringify(expected)}`, async () => {
    for (const [stepId, progress] of Object.entries(expected)) {
      const value = await page.locator(`[data-step="${stepId}"]`).getAttribute('data-progress').catch(() => null);
      if (value !== progress) return false;
    }
    return true;
  });
}
