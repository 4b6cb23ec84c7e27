import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT, startServer, type RunningServer } from './server';

/** Debian's Chromium; the CI image installs it with `apt-get install -y chromium`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-artifacts', 'screenshots');

/** The smallest screen the console is designed for. */
export const DESKTOP_VIEWPORT = { width: 1280, height: 720 } as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /**
   * Uncaught page errors, console errors and failed API answers (`http <status> <METHOD> <path>`) seen so far;
   * a healthy page has none. A scenario that provokes a refusal on purpose lists it as expected.
   */
  problems: string[];
}

/** A fresh browser context (no stored language or session) with one page, watching for errors. */
export async function openConsole(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number } = DESKTOP_VIEWPORT,
): Promise<ConsolePage> {
  const context = await browser.newContext({ baseURL, viewport, locale: 'en-GB' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs every failed request as a console error; those are recorded with their address below.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() < 400) return;
    const url = new URL(response.url());
    problems.push(`http ${response.status()} ${response.request().method()} ${url.pathname}`);
  });
  return { context, page, problems };
}

/** Saves a full-page screenshot as test-artifacts/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // From the top, so the sticky top bar sits where it belongs in the full-page image.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/** Signs a demo user in from the sign-in page (demo users' passwords are their usernames) and waits for their landing page. */
export async function signIn(page: Page, username: string, landing: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(username);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`**${landing}`);
}

/**
 * Runs a scenario on a fresh page of its own; the page must show no problems but the `expectedProblems`. On failure
 * it saves a screenshot and adds the browser's problems and the server's last lines to the error.
 */
export async function runScenario(
  browser: Browser,
  server: RunningServer,
  name: string,
  viewport: { width: number; height: number } | undefined,
  run: (page: Page) => Promise<void>,
  expectedProblems: string[] = [],
): Promise<void> {
  const { context, page, problems } = await openConsole(browser, server.url, viewport);
  try {
    await run(page);
    expect(problems).toEqual(expectedProblems);
  } catch (error) {
    await screenshot(page, `failed-${name}`).catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${message}\n--- browser problems ---\n${problems.join('\n') || '(none)'}\n--- server output (last lines) ---\n${server.output().split('\n').slice(-40).join('\n')}`,
      { cause: error },
    );
  } finally {
    await context.close();
  }
}

/** The server, the browser and the console pages of one test file, with its steps. */
export interface ConsoleSuite {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** A fresh console page, closed after the file's tests. */
  open(viewport?: { width: number; height: number }): Promise<ConsolePage>;
  /** Runs a step; on failure saves every open page and adds what the browsers and the server said. */
  step(name: string, pages: Record<string, ConsolePage>, run: () => Promise<void>): Promise<void>;
}

/**
 * Starts a server and a browser before the file's tests and closes them, with every page opened, after them. By
 * default the server lifts the per-address sign-in limit: several browser contexts and the test's own API calls
 * sign in from one address. Failure screenshots are named `failed-<screenshotPrefix><step>-<page>`.
 */
export function consoleSuite(options: { start?: () => Promise<RunningServer>; screenshotPrefix?: string } = {}): ConsoleSuite {
  const start = options.start ?? (() => startServer({ env: { LOGIN_RATE_LIMIT: '1000' } }));
  const prefix = options.screenshotPrefix ?? '';
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const opened: ConsolePage[] = [];

  beforeAll(async () => {
    server = await start();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const one of opened) await one.context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  const suite: ConsoleSuite = {
    get server(): RunningServer {
      if (!server) throw new Error('The server starts before the first test');
      return server;
    },
    get browser(): Browser {
      if (!browser) throw new Error('The browser starts before the first test');
      return browser;
    },
    async open(viewport) {
      const one = await openConsole(suite.browser, suite.server.url, viewport);
      opened.push(one);
      return one;
    },
    async step(name, pages, run) {
      try {
        await run();
      } catch (error) {
        for (const [who, one] of Object.entries(pages)) await screenshot(one.page, `failed-${prefix}${name}-${who}`).catch(() => undefined);
        const problems = Object.entries(pages).map(([who, one]) => `${who}: ${one.problems.join(' | ') || '(none)'}`);
        const message = error instanceof Error ? error.message : String(error);
        const serverTail = suite.server.output().split('\n').slice(-30).join('\n');
        throw new Error(`${name}: ${message}\n--- browser problems ---\n${problems.join('\n')}\n--- server output (last lines) ---\n${serverTail}`, { cause: error });
      }
    },
  };
  return suite;
}
