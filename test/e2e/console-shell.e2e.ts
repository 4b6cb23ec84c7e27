import type { Browser, Page } from 'playwright-core';
import { launchBrowser, runScenario, screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/** The five queues of the demo centre, as the server seeds them. */
const DEMO_QUEUES = ['Billing', 'Complaints', 'General', 'Technical', 'VIP'];

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // Several browser contexts sign in from one address: lift the per-address sign-in limit.
  server = await startServer({ env: { LOGIN_RATE_LIMIT: '1000' } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const scenario = (name: string, viewport: { width: number; height: number } | undefined, run: (page: Page) => Promise<void>, expectedProblems: string[] = []) =>
  runScenario(browser, server, name, viewport, run, expectedProblems);

/** Demo users' passwords are their usernames. */
async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/');
  await page.waitForURL('**/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(username);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Text of an element with runs of whitespace (including no-break spaces) as one space. */
async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ');
}

async function queueTileNames(page: Page): Promise<string[]> {
  const tiles = page.locator('[data-testid^="queue-tile-"]');
  await tiles.first().waitFor();
  return (await tiles.locator('h3').allTextContents()).map((name) => name.trim());
}

test('a supervisor signs in, sees the demo queues on the wallboard and switches the console to Chinese', async () => {
  await scenario('console-shell', undefined, async (page) => {
    await page.goto('/');
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await screenshot(page, '01-login');

    // Both fields are required: an empty submit says so and stays on the form.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter your username.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');

    // A wrong password is refused with the server's reason.
    await page.getByLabel('Username').fill('sophie');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Wrong username or password.').waitFor();
    await screenshot(page, '01b-login-refused');

    await page.getByLabel('Password').fill('sophie');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/wallboard');

    await page.getByRole('heading', { name: 'Supervisor wallboard', level: 1 }).waitFor();
    expect([...(await queueTileNames(page))].sort()).toEqual(DEMO_QUEUES);
    // Highest priority first: VIP (50) leads, General (0) closes.
    const names = await queueTileNames(page);
    expect(names[0]).toBe('VIP');
    expect(names[names.length - 1]).toBe('General');
    // Live tiles: each queue's target and the formula its service level is counted by, always beside it, and
    // every counted figure for the last hour and for today (nothing counted yet in a fresh centre).
    const vip = await textOf(page, 'queue-tile-vip');
    expect(vip).toContain('SL 90/10 · abandons count');
    expect(await textOf(page, 'queue-tile-general')).toContain('SL 80/20 · abandons count');
    const vipTile = page.getByTestId('queue-tile-vip');
    expect(await vipTile.getByRole('columnheader').allTextContents()).toEqual(['60 min', 'Today']);
    expect(await vipTile.getByRole('rowheader').allTextContents()).toEqual(['Offered', 'Answered', 'Abandoned', 'Abandon rate', 'ASA', 'AHT', 'Avg talk', 'Avg hold']);
    expect(await vipTile.getByTestId('figure-offered').getByRole('cell').allTextContents()).toEqual(['0', '0']);
    expect(await vipTile.getByTestId('figure-aht').getByRole('cell').allTextContents()).toEqual(['—', '—']);
    expect(await vipTile.getByTestId('service-level-formula').getAttribute('title')).toContain('Target: 90% answered within 10 s.');
    await page.getByText(/^Live · \d\d:\d\d:\d\d$/).waitFor();

    const banner = page.getByRole('banner');
    expect(await banner.textContent()).toContain('Sophie Turner');
    await page.locator('[data-status="online"]').waitFor();
    await screenshot(page, '02-wallboard');

    await page.getByRole('link', { name: 'Team-lead inbox' }).click();
    await page.getByRole('heading', { name: 'Team-lead inbox', level: 1 }).waitFor();
    // The demo centre starts with escalated complaints in the inbox.
    await page.getByTestId('escalations').waitFor();
    await page.getByText('Open an escalation').waitFor();
    await screenshot(page, '04-team-lead-inbox');

    await page.getByRole('link', { name: 'Wallboard' }).click();
    await page.getByRole('heading', { name: 'Supervisor wallboard', level: 1 }).waitFor();
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '主管监控大屏', level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByRole('navigation').textContent()).toContain('班长收件箱');
    expect(await textOf(page, 'queue-tile-vip')).toContain('服务水平 90/10 · 计入放弃');
    expect(await page.getByTestId('queue-tile-vip').getByRole('columnheader').allTextContents()).toEqual(['60 分钟', '今日']);
    expect(await textOf(page, 'queue-tile-vip')).toContain('平均处理');
    await page.getByText('已连接').waitFor();
    await screenshot(page, '05-wallboard-zh-CN');

    // The language and the session survive a reload.
    await page.reload();
    await page.getByRole('heading', { name: '主管监控大屏', level: 1 }).waitFor();
    expect(await queueTileNames(page)).toHaveLength(DEMO_QUEUES.length);

    await page.getByRole('link', { name: '班长收件箱' }).click();
    await page.getByText('打开一个升级投诉').waitFor();
    await screenshot(page, '06-team-lead-inbox-zh-CN');
  }, ['http 401 POST /api/auth/login']);
});

test('the console is usable from the keyboard', async () => {
  await scenario('keyboard', undefined, async (page) => {
    await signIn(page, 'grace');
    await page.waitForURL('**/team-lead');
    await page.getByRole('heading', { name: 'Team-lead inbox', level: 1 }).waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('a');
    await page.waitForURL('**/agent');
    await page.getByTestId('agent-state').waitFor();
    await screenshot(page, '03-agent-desktop');
    // The desk in Chinese, then back.
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '座席工作台', level: 1 }).waitFor();
    await screenshot(page, '09-agent-desktop-zh-CN');
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { name: 'Agent desktop', level: 1 }).waitFor();

    // On a freshly loaded page the first Tab reaches the skip link, which moves focus past the top bar.
    await page.reload();
    await page.getByRole('heading', { name: 'Agent desktop', level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.textContent()).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.locator('#main-content:focus').count()).toBe(1);

    // "g" then "w" goes to the wallboard; "?" lists the shortcuts.
    await page.keyboard.press('g');
    await page.keyboard.press('w');
    await page.waitForURL('**/wallboard');
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await screenshot(page, '07-keyboard-shortcuts');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });
});

test('a wall display opens straight into wall mode, larger, with every queue tile on one screen', async () => {
  const wall = { width: 1920, height: 1080 };
  await scenario('wall-display', wall, async (page) => {
    await page.goto('/wallboard?display=wall');
    await page.waitForURL('**/login');
    await page.getByLabel('Username').fill('wang.lei');
    await page.getByLabel('Password').fill('wang.lei');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/wallboard?display=wall');
    await queueTileNames(page);
    // Evaluated in the page, where the DOM is (this suite compiles without DOM types).
    const rootFontPx = Number(await page.evaluate('parseFloat(getComputedStyle(document.documentElement).fontSize)'));
    expect(rootFontPx).toBeGreaterThanOrEqual(19);
    const boxes = await page.locator('[data-testid^="queue-tile-"]').evaluateAll((tiles) =>
      tiles.map((tile) => tile.getBoundingClientRect().bottom),
    );
    expect(boxes).toHaveLength(DEMO_QUEUES.length);
    for (const bottom of boxes) expect(bottom).toBeLessThanOrEqual(wall.height);
    await screenshot(page, '08-wallboard-wall-display');
  });
});
