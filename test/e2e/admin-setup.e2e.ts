import type { Page } from 'playwright-core';
import { apiRequest, apiToken, postCall } from './support/api';
import { consoleSuite, screenshot, signIn, type ConsolePage } from './support/browser';

/**
 * An administrator sets up a new line of business from the console alone: a skill, a queue that demands it, a team
 * lead and an agent, a named team led by the team lead (renamed later), the agent's skill and team, an API key and a holiday. A contact sent with that key to that queue
 * then rings at that agent. Screenshots at phone and wall width, in both languages.
 */

const suite = consoleSuite();
const { open } = suite;

/** Signs in (the sign-in page in English), then opens `path` in `language`. */
async function signedInAt(console: ConsolePage, username: string, landing: string, path: string, language: 'en' | 'zh-CN') {
  await signIn(console.page, username, landing);
  await console.page.evaluate(`window.localStorage.setItem('callcentre.console.language', '${language}')`);
  await console.page.goto(path);
}

const PASSWORD = 'a long pass phrase 42';

async function createUser(page: Page, username: string, displayName: string, role: 'Agent' | 'Team lead') {
  const form = page.getByTestId('user-form');
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Name', { exact: true }).fill(displayName);
  await form.getByLabel('Password').fill(PASSWORD);
  const agentBox = form.getByRole('checkbox', { name: 'Agent', exact: true });
  if (role === 'Team lead') {
    await agentBox.uncheck();
    await form.getByRole('checkbox', { name: 'Team lead' }).check();
  }
  await form.getByRole('button', { name: 'Create user' }).click();
  await page.getByRole('cell', { name: new RegExp(displayName) }).first().waitFor();
}

test('an administrator sets up a queue, skill, agent, team, API key and holiday in the console, and a contact sent with the key rings at that agent', async () => {
  const admin = await open();
  const page = admin.page;
  await signIn(page, 'admin', '/admin/queues');

  // A skill.
  await page.getByRole('link', { name: 'Skills and languages' }).click();
  const skillForm = page.getByTestId('skill-form');
  await skillForm.getByLabel('Code').fill('Mortgages!');
  await skillForm.getByLabel('Name').fill('Mortgages');
  await skillForm.getByRole('button', { name: 'Add skill' }).click();
  // The API's validation, worded in the reader's language, and the field marked.
  await page.getByTestId('admin-error').getByText('Not saved. Check: Code.').waitFor();
  expect(await skillForm.getByLabel('Code').getAttribute('aria-invalid')).toBe('true');
  await skillForm.getByLabel('Code').fill('mortgages');
  await skillForm.getByRole('button', { name: 'Add skill' }).click();
  await page.getByRole('cell', { name: 'Mortgages', exact: true }).waitFor();

  // A queue demanding it.
  await page.getByRole('link', { name: 'Queues', exact: true }).click();
  await page.getByRole('button', { name: 'New queue' }).click();
  const queueForm = page.getByTestId('queue-form');
  await queueForm.getByLabel('Code').fill('mortgages');
  await queueForm.getByLabel('Name', { exact: true }).fill('Mortgages');
  await queueForm.getByLabel('Service-level target (%)').fill('90');
  await queueForm.getByLabel('Offer rings for (s)').fill('30');
  await queueForm.getByRole('button', { name: 'Add a skill' }).click();
  await queueForm.getByLabel('Skill', { exact: true }).selectOption({ label: 'Mortgages' });
  await queueForm.getByLabel('Minimum level (1–5)').fill('2');
  await queueForm.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('cell', { name: /Mortgages ≥2/ }).waitFor();

  // A team lead (a new team) and an agent.
  await page.getByRole('link', { name: 'Users and roles' }).click();
  await createUser(page, 'tara', 'Tara Lead', 'Team lead');
  await createUser(page, 'nina', 'Nina Agent', 'Agent');

  // A team of their own name, led by the new team lead.
  await page.getByRole('link', { name: 'Teams', exact: true }).click();
  const teamForm = page.getByTestId('team-form');
  await teamForm.getByLabel('Team name').fill('Mortgage advisers');
  await teamForm.getByLabel('Team lead').selectOption({ label: 'Tara Lead' });
  await teamForm.getByRole('button', { name: 'Create team' }).click();
  await page.getByTestId('team-mortgage-advisers').getByText('Lead: Tara Lead').waitFor();

  await page.getByRole('link', { name: 'Agents', exact: true }).click();
  await page.getByRole('button', { name: 'Make a user an agent' }).click();
  const agentForm = page.getByTestId('agent-form');
  await agentForm.getByLabel('User with the agent role').selectOption({ label: 'Nina Agent (nina)' });
  await agentForm.getByLabel('Mortgages').selectOption({ label: 'Level 3' });
  await agentForm.getByLabel('Team', { exact: true }).selectOption({ label: 'Mortgage advisers' });
  await agentForm.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('cell', { name: /Mortgages 3/ }).waitFor();

  await page.getByRole('cell', { name: 'Mortgage advisers' }).waitFor();

  // The team shows its members, and keeps them when renamed.
  await page.getByRole('link', { name: 'Teams', exact: true }).click();
  await page.getByTestId('team-mortgage-advisers').getByText('Nina Agent').waitFor();
  await page.getByRole('button', { name: 'Edit Mortgage advisers' }).click();
  await page.getByRole('form', { name: 'Edit Mortgage advisers' }).getByLabel('Team name').fill('Mortgages');
  await page.getByRole('form', { name: 'Edit Mortgage advisers' }).getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('team-mortgages').getByText('Nina Agent').waitFor();
  await page.getByRole('cell', { name: 'Mortgages', exact: true }).first().waitFor();

  // An API key: shown once.
  await page.getByRole('link', { name: 'API keys' }).click();
  await page.getByTestId('api-key-form').getByLabel('Name').fill('Mortgage line PBX');
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = ((await page.getByTestId('api-key-value').textContent()) ?? '').trim();
  expect(key.length).toBeGreaterThan(20);
  await page.getByRole('button', { name: 'I have copied it' }).click();
  expect(await page.getByTestId('api-key-value').count()).toBe(0);

  // A holiday.
  await page.getByRole('link', { name: 'Business calendar' }).click();
  await page.getByLabel('Add a holiday').fill('2026-12-31');
  await page.getByTestId('calendar-form').getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  await page.getByTestId('holidays').getByText('2026-12-31').waitFor();

  // The audit log shows what was done, filtered by who.
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('Kind of change').selectOption({ label: 'Users and teams' });
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByRole('cell', { name: /Team changed/ }).waitFor();
  await screenshot(page, 'admin-10-audit');
  // The refusal above was provoked on purpose.
  expect(admin.problems).toEqual(['http 400 POST /api/skills']);

  // The new agent signs in and goes available; a contact sent with the new key rings at her.
  const agent = await open();
  await agent.page.goto('/login');
  await agent.page.getByLabel('Username').fill('nina');
  await agent.page.getByLabel('Password').fill(PASSWORD);
  await agent.page.getByRole('button', { name: 'Sign in' }).click();
  await agent.page.waitForURL('**/agent');
  await agent.page.getByRole('button', { name: 'Available', exact: true }).click();
  await agent.page.getByText('Waiting for the next contact').waitFor();
  const sent = await fetch(`${suite.server.url}/api/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ channel: 'voice', caller: { phone: '+44 7700 900555' }, queue: 'mortgages' }),
  });
  expect(sent.status).toBe(201);
  await agent.page.getByTestId('offer-card').waitFor({ timeout: 5_000 });
  expect(((await agent.page.getByTestId('offer-card').textContent()) ?? '').replace(/\s+/g, ' ')).toContain('Mortgages');
  expect(agent.problems).toEqual([]);
});

test('administration and the floor at phone and wall width, in both languages', async () => {
  // Contacts waiting with nobody able to take them, for the floor to show.
  const token = await apiToken(suite.server.url, 'sophie');
  for (const phone of ['+44 7700 900000', '+44 7700 900012', '+44 7700 900031']) await postCall(suite.server.url, token, { queue: 'general', phone, channel: 'email' });
  const amy = (await apiRequest<Array<{ id: string; username: string }>>(suite.server.url, token, 'GET', '/api/agents')).find((agent) => agent.username === 'amy');
  for (const language of ['en', 'zh-CN'] as const) {
    const phone = await open({ width: 390, height: 844 });
    await signedInAt(phone, 'admin', '/admin/queues', '/admin/agents', language);
    await phone.page.getByTestId('admin-error').or(phone.page.getByRole('table')).first().waitFor();
    await screenshot(phone.page, `admin-20-agents-phone-${language}`);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.page.goto('/admin/queues');
    await phone.page.locator('.ds-panel__actions button').first().click();
    await phone.page.getByTestId('queue-form').waitFor();
    await screenshot(phone.page, `admin-22-queue-form-phone-${language}`);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const wall = await open({ width: 1920, height: 1080 });
    await signedInAt(wall, 'admin', '/admin/queues', '/admin/queues', language);
    await wall.page.getByRole('table').first().waitFor();
    await screenshot(wall.page, `admin-21-queues-wall-${language}`);

    const supervisor = await open({ width: 1920, height: 1080 });
    await signedInAt(supervisor, 'sophie', '/wallboard', '/floor/wall', language);
    await supervisor.page.getByTestId('wall-tv').waitFor();
    await screenshot(supervisor.page, `floor-30-wall-tv-${language}`);
    // A TV does not scroll: the whole floor fits the screen.
    expect(await supervisor.page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1080);
    expect(await supervisor.page.getByTestId('wall-tv').getByRole('button').count()).toBe(0);

    const floorWall = await open({ width: 1920, height: 1080 });
    await signedInAt(floorWall, 'sophie', '/wallboard', '/floor', language);
    await floorWall.page.getByTestId('floor-queue-general').click();
    const waiting = floorWall.page.locator('[data-testid^="waiting-"]');
    await waiting.first().waitFor();
    expect(await waiting.count()).toBe(3);
    await waiting.first().locator('button[aria-expanded]').click();
    await screenshot(floorWall.page, `floor-32-drill-down-wall-${language}`);
    await floorWall.page.goto(`/floor/agents/${amy?.id}`);
    await floorWall.page.getByTestId('agent-states').waitFor();
    await screenshot(floorWall.page, `floor-33-agent-day-wall-${language}`);

    const floorPhone = await open({ width: 390, height: 844 });
    await signedInAt(floorPhone, 'sophie', '/wallboard', '/floor', language);
    await floorPhone.page.getByTestId('floor-summary').waitFor();
    await screenshot(floorPhone.page, `floor-31-phone-${language}`);
    expect(await floorPhone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The week's shifts (the demo seeds this week's): a supervisor can add one, on a phone and on a wall screen.
    await floorPhone.page.goto('/floor/shifts');
    await floorPhone.page.getByTestId('shift-form').waitFor();
    await floorPhone.page.locator('[data-testid^="shift-"] >> nth=1').waitFor();
    await screenshot(floorPhone.page, `floor-34-shifts-phone-${language}`);
    expect(await floorPhone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await floorWall.page.goto('/floor/shifts');
    await floorWall.page.getByTestId('shift-form').waitFor();
    await floorWall.page.locator('[data-testid^="shift-"] >> nth=1').waitFor();
    await screenshot(floorWall.page, `floor-35-shifts-wall-${language}`);
  }
});
