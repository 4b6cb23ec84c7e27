import type { Page } from 'playwright-core';
import { apiRequest, apiToken } from './support/api';
import { consoleSuite, signIn, type ConsolePage } from './support/browser';
import { startServer } from './support/server';

/**
 * What the floor is told, in the browser: a desk says where a missed or withdrawn offer went, a supervisor's override
 * of an agent's state, and keeps wrap-up notes through a reload and past the end of after-call work; a queue tile
 * shows a caller waiting past the threshold in colour and the wallboard raises the alert naming the missing language;
 * forms word the server's refusals in the reader's language. One server for all: each start costs a database.
 */

/** A queue that rings briefly, so a missed offer comes back within the test. */
const PROMPT_QUEUE = { code: 'prompt', name: 'Prompt', serviceLevelSeconds: 20, offerTimeoutSeconds: 4, wrapUpSeconds: 0, skills: [{ skill: 'general', minProficiency: 1 }] };
/** A queue whose after-call work ends on its own soon after the notes are typed. */
const NOTES_QUEUE = { code: 'notes', name: 'Notes', serviceLevelSeconds: 20, offerTimeoutSeconds: 30, wrapUpSeconds: 20, skills: [{ skill: 'general', minProficiency: 1 }] };
/** A queue with a short threshold, so a caller waits past it within seconds. */
const CHINA_QUEUE = { code: 'china-desk', name: 'China desk', serviceLevelSeconds: 3, offerTimeoutSeconds: 30, wrapUpSeconds: 0, skills: [{ skill: 'general', minProficiency: 1 }] };

let sophieToken = '';

const suite = consoleSuite({
  screenshotPrefix: 'notices-',
  start: async () => {
    const server = await startServer({ env: { LOGIN_RATE_LIMIT: '1000', SMTP_PORT: 'off' } });
    const admin = await apiToken(server.url, 'admin');
    for (const queue of [PROMPT_QUEUE, NOTES_QUEUE, CHINA_QUEUE]) await apiRequest(server.url, admin, 'POST', '/api/queues', queue);
    sophieToken = await apiToken(server.url, 'sophie');
    return server;
  },
});
const { open, step } = suite;

/** The contacts each test sent, so that one left waiting cannot ring in the next test. */
const sent: string[] = [];

/** A contact arriving through the ingestion API; returns its id. */
async function arrives(queue: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await apiRequest<{ interaction: { id: string } }>(suite.server.url, sophieToken, 'POST', '/api/interactions', { channel: 'voice', caller: {}, queue, ...extra });
  sent.push(created.interaction.id);
  return created.interaction.id;
}

afterEach(async () => {
  // The caller hangs up on whatever still waits or rings (answered and ended contacts refuse it).
  for (const id of sent.splice(0)) await apiRequest(suite.server.url, sophieToken, 'POST', `/api/interactions/${id}/abandon`).catch(() => undefined);
});

/** Amy's desk, signed in and available. */
async function availableDesk(): Promise<ConsolePage> {
  const amy = await open();
  await signIn(amy.page, 'amy', '/agent');
  await amy.page.getByRole('button', { name: 'Available', exact: true }).click();
  await amy.page.getByText('Waiting for the next contact').waitFor();
  return amy;
}

/** Polls `check` every 50 ms until it passes, failing after `limitMs`. */
async function until(limitMs: number, what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${limitMs} ms`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

async function closeAll(...pages: ConsolePage[]): Promise<void> {
  for (const one of pages) await one.context.close();
}

const notices = (page: Page) => page.locator('.cc-desk__notices');

test('a missed or withdrawn offer is said to have gone back to its queue, never to another agent', async () => {
  const amy = await availableDesk();
  const a = amy.page;

  await step('the offer rings out', { amy }, async () => {
    const id = await arrives(PROMPT_QUEUE.code);
    await a.getByTestId('offer-card').waitFor({ timeout: 5_000 });
    await notices(a).getByText(/^You missed the offer from .+: the contact went back to its queue\. Several missed offers in a row make you not ready\.$/).waitFor({ timeout: 10_000 });
    expect(await notices(a).textContent()).not.toMatch(/another agent/);
    await apiRequest(suite.server.url, sophieToken, 'POST', `/api/interactions/${id}/abandon`);
  });

  await step('the agent goes not ready while it rings', { amy }, async () => {
    await a.getByRole('button', { name: 'Available', exact: true }).click();
    await a.getByText('Waiting for the next contact').waitFor();
    const id = await arrives(PROMPT_QUEUE.code);
    await a.getByTestId('offer-card').waitFor({ timeout: 5_000 });
    await a.getByRole('button', { name: 'Not ready: Break' }).click();
    await notices(a).getByText(/^The offer from .+ was withdrawn when you went not ready: the contact went back to its queue\.$/).waitFor({ timeout: 5_000 });
    expect(await notices(a).textContent()).not.toMatch(/another agent/);
    await apiRequest(suite.server.url, sophieToken, 'POST', `/api/interactions/${id}/abandon`);
  });

  expect(amy.problems).toEqual([]);
  await closeAll(amy);
});

test("a supervisor's override of an agent's state is shown on the agent's desk, in the agent's language", async () => {
  const amy = await availableDesk();
  const sophie = await open();
  const all = { amy, sophie };
  const a = amy.page;
  const s = sophie.page;

  await step('the supervisor sets Amy not ready from the wallboard', all, async () => {
    await signIn(s, 'sophie', '/wallboard');
    await s.getByTestId('agent-row-amy').waitFor();
    await s.getByLabel('Move Amy Walker to a state').selectOption({ label: 'Not ready: Meeting' });
    await s.getByTestId('agent-row-amy').getByRole('button', { name: 'Apply' }).click();
    const notice = a.getByTestId('override-notice');
    await notice.waitFor({ timeout: 5_000 });
    expect((await notice.textContent())?.replace(/\s+/g, ' ')).toContain('Sophie Turner (supervisor) set you to not ready: Meeting.');
  });

  await step('and back to available, said in Chinese on a Chinese desk', all, async () => {
    await a.getByLabel('Language').selectOption('zh-CN');
    await s.getByLabel('Move Amy Walker to a state').selectOption({ label: 'Available' });
    await s.getByTestId('agent-row-amy').getByRole('button', { name: 'Apply' }).click();
    await a.getByTestId('override-notice').filter({ hasText: /^\s*主管\s*Sophie Turner\s*已将你设为空闲。/ }).waitFor({ timeout: 5_000 });
  });

  expect(amy.problems).toEqual([]);
  expect(sophie.problems).toEqual([]);
  await closeAll(amy, sophie);
});

test('wrap-up notes are kept as typed: through a reload, with a counter near the limit, and when after-call work runs out', async () => {
  const amy = await availableDesk();
  const a = amy.page;
  const notes = `Customer wants the March invoice split in two; call back on Friday. ${'Details of the account history. '.repeat(56)}`.slice(0, 1850);
  let id = '';

  await step('the call ends and the agent types her notes', { amy }, async () => {
    id = await arrives(NOTES_QUEUE.code);
    await a.getByTestId('offer-card').waitFor({ timeout: 5_000 });
    await a.keyboard.press('a');
    await a.getByTestId('contact-card').waitFor({ timeout: 5_000 });
    await a.getByRole('button', { name: /^End call/ }).click();
    const form = a.locator('.cc-wrap-up');
    await form.waitFor({ timeout: 5_000 });
    await form.getByLabel('Notes').fill(notes);
    expect(await form.getByTestId('notes-counter').textContent()).toMatch(/^1,?850 \/ 2,?000 characters$/);
    await form.getByText('Notes saved').waitFor({ timeout: 5_000 });
  });

  await step('a reload brings the notes back', { amy }, async () => {
    await a.reload();
    const form = a.locator('.cc-wrap-up');
    await form.waitFor({ timeout: 10_000 });
    // The saved draft is read after the form opens.
    await until(5_000, 'the notes back in the form', async () => (await form.getByLabel('Notes').inputValue()) === notes);
    expect(await form.getByTestId('notes-counter').count()).toBe(1);
  });

  await step('when after-call work runs out, the contact keeps the notes', { amy }, async () => {
    await a.locator('.cc-wrap-up').waitFor({ state: 'detached', timeout: NOTES_QUEUE.wrapUpSeconds * 1000 + 10_000 });
    const closed = await apiRequest<{ status: string; disposition: string | null; wrapUpNotes: string | null }>(suite.server.url, sophieToken, 'GET', `/api/interactions/${id}`);
    expect(closed).toMatchObject({ status: 'completed', disposition: 'timed_out', wrapUpNotes: notes });
  });

  expect(amy.problems).toEqual([]);
  await closeAll(amy);
});

test('a queue tile shows a caller waiting past the threshold in colour, and the wallboard names the language nobody signed in speaks', async () => {
  const amy = await availableDesk();
  const sophie = await open();
  const all = { amy, sophie };
  const a = amy.page;
  const s = sophie.page;
  const tile = s.getByTestId(`queue-tile-${CHINA_QUEUE.code}`);

  await step('an answered call puts the queue on target', all, async () => {
    await signIn(s, 'sophie', '/wallboard');
    await tile.waitFor();
    await arrives(CHINA_QUEUE.code);
    await a.getByTestId('offer-card').waitFor({ timeout: 5_000 });
    await a.keyboard.press('a');
    await a.getByTestId('contact-card').waitFor({ timeout: 5_000 });
    await a.getByRole('button', { name: /^End call/ }).click();
    await a.getByText('Waiting for the next contact').waitFor({ timeout: 5_000 });
    await tile.getByTestId('service-level').filter({ hasText: /^100%$/ }).waitFor({ timeout: 5_000 });
    expect(await tile.getAttribute('class')).toContain('ds-tile--good');
  });

  await step('a Mandarin caller waits past the threshold: the tile turns, the wait is red', all, async () => {
    await arrives(CHINA_QUEUE.code, { language: 'zh-cmn' });
    const longest = tile.getByTestId('longest-wait');
    await longest.waitFor({ timeout: 5_000 });
    await tile.locator('.cc-live-tile__longest--critical').waitFor({ timeout: (CHINA_QUEUE.serviceLevelSeconds + 3) * 1000 });
    expect(await tile.getAttribute('class')).not.toContain('ds-tile--good');
    expect(await tile.getAttribute('class')).toMatch(/ds-tile--(warning|critical)/);
    expect((await tile.textContent())?.replace(/\s+/g, ' ')).toContain(`A caller has waited over ${CHINA_QUEUE.serviceLevelSeconds} s`);
    // Red on screen, not only a class name.
    const colour = await longest.evaluate((element) => getComputedStyle(element).color);
    const red = await s.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--cc-color-critical)';
      document.body.append(probe);
      const value = getComputedStyle(probe).color;
      probe.remove();
      return value;
    });
    expect(colour).toBe(red);
  });

  await step('the wallboard raises the alert naming the missing language', all, async () => {
    await s
      .getByTestId('alerts')
      .getByText(`No signed-in agent can take contacts of queue ${CHINA_QUEUE.name} (missing: Mandarin).`)
      .waitFor({ timeout: 10_000 });
  });

  expect(amy.problems).toEqual([]);
  expect(sophie.problems).toEqual([]);
  await closeAll(amy, sophie);
});

test("forms word a field's problem in the reader's language, and sign-in names the refused field", async () => {
  const visitor = await open();
  const sophie = await open();
  const all = { visitor, sophie };
  const v = visitor.page;
  const s = sophie.page;

  await step('sign-in with a username the server refuses', all, async () => {
    await v.goto('/login');
    await v.getByLabel('Username').fill('amy\u0000');
    await v.getByLabel('Password').fill('amy');
    await v.getByRole('button', { name: 'Sign in' }).click();
    await v.getByRole('alert').getByText('Sign-in was refused: see the message under the field.').waitFor({ timeout: 5_000 });
    await v.getByText('This value was not accepted. Check it and try again.').waitFor();
    expect(await v.getByLabel('Username').getAttribute('aria-invalid')).toBe('true');
    expect(await v.locator('body').textContent()).not.toMatch(/invalid fields|must be text/);
  });

  await step('the same in Chinese', all, async () => {
    await v.evaluate(`window.localStorage.setItem('callcentre.console.language', 'zh-CN')`);
    await v.reload();
    await v.getByLabel('用户名').fill('amy\u0000');
    await v.getByLabel('密码').fill('amy');
    await v.getByRole('button', { name: '登录' }).click();
    await v.getByRole('alert').getByText('登录被拒绝：请看字段下方的提示。').waitFor({ timeout: 5_000 });
    await v.getByText('此项的值未被接受，请检查后重试。').waitFor();
    expect(await v.getByLabel('用户名').getAttribute('aria-invalid')).toBe('true');
  });

  await step('the staffing form words an out-of-range figure, in English and Chinese', all, async () => {
    await signIn(s, 'sophie', '/wallboard');
    await s.getByLabel('Arrivals per hour').fill('-5');
    await s.getByLabel('Average handle time (s)').fill('180');
    await s.getByRole('button', { name: 'Calculate' }).click();
    await s.getByText('Enter a number from 0 to 100,000.').waitFor({ timeout: 5_000 });
    expect(await s.getByLabel('Arrivals per hour').getAttribute('aria-invalid')).toBe('true');
    await s.getByLabel('Language').selectOption('zh-CN');
    await s.getByText('请输入 0 到 100,000 之间的数字。').waitFor({ timeout: 5_000 });
    expect(await s.locator('body').textContent()).not.toMatch(/must be|arrivalsPerHour/);
  });

  // The sign-in refusals are the server's answers the test provoked.
  expect(visitor.problems).toEqual(['http 400 POST /api/auth/login', 'http 400 POST /api/auth/login']);
  expect(sophie.problems).toEqual([]);
  await closeAll(visitor, sophie);
});
