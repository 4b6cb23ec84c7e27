import { networkInterfaces } from 'node:os';
import type { Browser } from 'playwright-core';
import { launchBrowser, openConsole, screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * The console opened the way a colleague opens it: through the machine's network address over plain HTTP, not
 * through localhost (which browsers treat as secure and exempt from upgrading requests to HTTPS). The address is
 * this machine's own, so the traffic never leaves it.
 */
function networkAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (found) return found.address;
  }
  throw new Error('This machine has no non-loopback IPv4 address to open the console through');
}

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ publicHost: networkAddress() });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('a supervisor opens the console through the machine\'s network address over HTTP, signs in and sees the wallboard', async () => {
  const { context, page, problems } = await openConsole(browser, server.url);
  const elsewhere: string[] = [];
  const refusedRequests: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.origin !== server.url && url.origin !== server.url.replace(/^http:/, 'ws:')) elsewhere.push(request.url());
  });
  page.on('requestfailed', (request) => {
    // The console cancels a fetch it no longer needs (a view replaced while loading); that is no refusal.
    const reason = request.failure()?.errorText ?? 'failed';
    if (reason !== 'net::ERR_ABORTED') refusedRequests.push(`${request.url()}: ${reason}`);
  });
  try {
    expect(new URL(server.url).hostname).not.toMatch(/^(127\.|localhost$)/);
    await page.goto('/');
    await page.waitForURL('**/login');
    await page.getByLabel('Username').fill('sophie');
    await page.getByLabel('Password').fill('sophie');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/wallboard');
    await page.getByRole('heading', { name: 'Supervisor wallboard', level: 1 }).waitFor();
    await page.locator('[data-testid^="queue-tile-"]').first().waitFor();
    await page.locator('[data-status="online"]').waitFor();
    // Every script, style and call went to the plain-HTTP address the console was opened from, and was answered.
    expect(elsewhere).toEqual([]);
    expect(refusedRequests).toEqual([]);
    expect(problems).toEqual([]);
  } catch (error) {
    await screenshot(page, 'failed-network-address').catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- requests elsewhere or refused ---\n${[...elsewhere, ...refusedRequests].join('\n') || '(none)'}\n--- browser problems ---\n${problems.join('\n') || '(none)'}`, { cause: error });
  } finally {
    await context.close();
  }
});
