import type { Browser } from 'playwright-core';
import { apiRequest, apiToken, postCall } from './support/api';
import { launchBrowser, openConsole, screenshot, type ConsolePage } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * The live feed survives the server going away: the console says it is reconnecting, and once the server is
 * back (a new process, so a new epoch) it shows the server's state again, with no offer or contact left over.
 */

let server: RunningServer;
let browser: Browser;
let agent: ConsolePage | undefined;

beforeAll(async () => {
  server = await startServer({ env: { LOGIN_RATE_LIMIT: '1000' } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await agent?.context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

/** The server's error lines (either process) and the last lines of its output, for a failure report. */
function serverErrorsAndTail(output: string): string {
  const lines = output.split('\n');
  const errors = lines.filter((line) => /"level":(50|60)/.test(line));
  return [...errors, '--- last lines ---', ...lines.slice(-30)].join('\n');
}

interface AgentSummary {
  live: { offeredContactId: string | null; contactIds: string[]; state: string } | null;
}

test('an agent whose offer was ringing when the server restarted sees exactly the server’s desk once reconnected', async () => {
  agent = await openConsole(browser, server.url);
  const page = agent.page;
  try {
    await page.goto('/login');
    await page.getByLabel('Username').fill('ben');
    await page.getByLabel('Password').fill('ben');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/agent');
    await page.getByRole('button', { name: 'Available', exact: true }).click();
    await page.getByText('Waiting for the next contact').waitFor();

    const supervisor = await apiToken(server.url, 'sophie');
    await postCall(server.url, supervisor, { queue: 'general', phone: '+44 7700 900021' });
    await page.getByTestId('offer-card').waitFor({ timeout: 5_000 });

    await server.restart(async () => {
      await page.getByTestId('realtime-banner').getByText('Reconnecting…').waitFor({ timeout: 10_000 });
      expect(await page.getByRole('button', { name: /Accept/ }).isDisabled()).toBe(true);
      await screenshot(page, '40-agent-reconnecting');
    });

    await page.getByTestId('realtime-banner').getByText('Back online.').waitFor({ timeout: 30_000 });
    await page.getByTestId('agent-state').waitFor();
    // Once the offer times out or is answered the server's desk settles; the console must match it exactly.
    const ben = await apiToken(server.url, 'ben');
    const consistent = async () => {
      const { live } = await apiRequest<AgentSummary>(server.url, ben, 'GET', '/api/agents/me');
      const offers = await page.getByTestId('offer-card').count();
      const contacts = await page.getByTestId('contact-card').count();
      return offers === (live?.offeredContactId ? 1 : 0) && contacts === (live?.contactIds.length ?? 0);
    };
    const started = Date.now();
    while (!(await consistent())) {
      if (Date.now() - started > 5_000) throw new Error('the desk did not match the server after reconnecting');
      await new Promise((done) => setTimeout(done, 100));
    }
    await screenshot(page, '41-agent-reconnected');
    // The socket's brief absence shows as no error on the page. While it is away the console probes /health, which
    // the stopping server answers 503 (it is shutting down) until it closes: both are part of a restart.
    const partOfTheRestart = (problem: string) => problem.includes('WebSocket') || problem === 'http 503 GET /health';
    expect(agent.problems.filter((problem) => !partOfTheRestart(problem))).toEqual([]);
  } catch (error) {
    await screenshot(page, 'failed-reconnect').catch(() => undefined);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- browser problems ---\n${agent.problems.join('\n')}\n--- server output ---\n${serverErrorsAndTail(server.output())}`, { cause: error });
  }
});
