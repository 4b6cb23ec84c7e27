import { ChurnService } from '../../../server/src/modules/customer-value/churn.service';
import { DEFAULT_CHURN_RISK_CONFIG } from '../../../server/src/modules/customer-value/churn-risk.config';
import { breachedAt, daysBefore, historyRow, newCustomer, pastContact, storedComplaint, valueRun, type HistoryFields } from '../../factories/customer-value';
import { signInAs } from '../../factories/routing';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Churn risk on crafted customers: each reason fires on its figures and stays silent just below its threshold;
 * the score is the sum of the reasons' weights, capped at 100.
 */
describe('customer value: churn risk per customer per run', () => {
  let server: TestApp;
  const asOf = new Date('2026-12-01T12:00:00Z');
  let previousRun: number;
  let run: number;
  let amy: string;
  const customer: Record<string, string> = {};
  let scored: Map<string, { churn_score: number; churn_reasons: { reason: string; detail: string }[] }>;

  /** A customer in both runs: `before` in the previous one, `now` in the one being scored. */
  async function inRuns(name: string, now: HistoryFields, before?: HistoryFields): Promise<string> {
    const id = await newCustomer(server.dataSource, `Churn ${name}`);
    customer[name] = id;
    await historyRow(server.dataSource, run, id, now);
    if (before) await historyRow(server.dataSource, previousRun, id, before);
    return id;
  }

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    const ds = server.dataSource;
    amy = (await signInAs(ds, 'amy')).id;
    previousRun = await valueRun(ds, daysBefore(asOf, 30));
    // An older completed run and a failed later one: neither is "the previous run".
    const older = await valueRun(ds, daysBefore(asOf, 60));
    const failed = await valueRun(ds, daysBefore(asOf, 10), 'failed');
    run = await valueRun(ds, asOf, 'running');

    // (a) key customers slipping
    await inRuns('fellFromImportant', { tier: 'secondary' }, { tier: 'important' });
    await inRuns('stayedSecondary', { tier: 'secondary' }, { tier: 'secondary' });
    await inRuns('ordinaryFell', { tier: 'small' }, { tier: 'ordinary' });
    await inRuns('keepBestDrifted', { segment: 'retain_at_risk' }, { segment: 'keep_best' });
    await inRuns('developWentInactive', { segment: null }, { segment: 'develop' });
    await inRuns('developStayed', { segment: 'develop' }, { segment: 'develop' });
    await inRuns('retainRecovered', { segment: 'keep_best' }, { segment: 'retain_at_risk' });
    await inRuns('notKeyCellFell', { segment: 'no_value' }, { segment: 'generally_important' });
    const olderOnly = await inRuns('slippedOnlyAgainstOlderRun', { tier: 'secondary' }, { tier: 'secondary' });
    await historyRow(ds, older, olderOnly, { tier: 'important' });
    await historyRow(ds, failed, olderOnly, { tier: 'important' });

    // (b) overdue purchase: beyond 3 × the usual gap, with at least two purchases
    await inRuns('overdue', { frequency: 5, usualGapDays: 20, recencyDays: 61 });
    await inRuns('atThreeGaps', { frequency: 5, usualGapDays: 20, recencyDays: 60 });
    await inRuns('onePurchaseLongAgo', { frequency: 1, usualGapDays: null, recencyDays: 400 });

    // (c) open complaints, (d) breached ones
    const openOne = await inRuns('openComplaint', {});
    await storedComplaint(ds, { customerId: openOne, ownerId: amy, receivedAt: daysBefore(asOf, 12) });
    const closedOne = await inRuns('closedComplaint', {});
    await storedComplaint(ds, { customerId: closedOne, ownerId: amy, receivedAt: daysBefore(asOf, 20), closedAt: daysBefore(asOf, 15) });
    const breachedOpen = await inRuns('breachedOpen', {});
    await storedComplaint(ds, { customerId: breachedOpen, ownerId: amy, receivedAt: daysBefore(asOf, 9), deadlineStatus: 'breached' });
    const breachedLately = await inRuns('breachedLately', {});
    const lately = await storedComplaint(ds, { customerId: breachedLately, ownerId: amy, receivedAt: daysBefore(asOf, 100), closedAt: daysBefore(asOf, 80) });
    await breachedAt(ds, lately.id, daysBefore(asOf, 89));
    const breachedLongAgo = await inRuns('breachedLongAgo', {});
    const longAgo = await storedComplaint(ds, { customerId: breachedLongAgo, ownerId: amy, receivedAt: daysBefore(asOf, 120), closedAt: daysBefore(asOf, 85) });
    await breachedAt(ds, longAgo.id, daysBefore(asOf, 91));

    // (e) repeat contacts about the same issue within 7 days
    const sameQueue = await inRuns('sameQueueTwice', {});
    await pastContact(ds, { customerId: sameQueue, queueCode: 'billing', arrivedAt: daysBefore(asOf, 8) });
    await pastContact(ds, { customerId: sameQueue, queueCode: 'billing', arrivedAt: daysBefore(asOf, 2) });
    const weekApart = await inRuns('sameQueueOverAWeekApart', {});
    await pastContact(ds, { customerId: weekApart, queueCode: 'billing', arrivedAt: daysBefore(asOf, 9.05) });
    await pastContact(ds, { customerId: weekApart, queueCode: 'billing', arrivedAt: daysBefore(asOf, 2) });
    const sameSubject = await inRuns('sameSubjectTwoQueues', {});
    await pastContact(ds, { customerId: sameSubject, queueCode: 'general', subject: 'Router keeps dropping', arrivedAt: daysBefore(asOf, 5) });
    await pastContact(ds, { customerId: sameSubject, queueCode: 'technical', subject: ' router KEEPS dropping ', arrivedAt: daysBefore(asOf, 1) });
    const different = await inRuns('twoDifferentIssues', {});
    await pastContact(ds, { customerId: different, queueCode: 'general', subject: 'Address change', arrivedAt: daysBefore(asOf, 3) });
    await pastContact(ds, { customerId: different, queueCode: 'technical', subject: 'No signal', arrivedAt: daysBefore(asOf, 1) });
    const stale = await inRuns('repeatLongAgo', {});
    await pastContact(ds, { customerId: stale, queueCode: 'billing', arrivedAt: daysBefore(asOf, 34) });
    await pastContact(ds, { customerId: stale, queueCode: 'billing', arrivedAt: daysBefore(asOf, 31) });

    // (f) poor satisfaction at a complaint's close
    const poor = await inRuns('scoredTwo', {});
    await storedComplaint(ds, { customerId: poor, ownerId: amy, receivedAt: daysBefore(asOf, 40), closedAt: daysBefore(asOf, 30), satisfaction: 2 });
    const fair = await inRuns('scoredThree', {});
    await storedComplaint(ds, { customerId: fair, ownerId: amy, receivedAt: daysBefore(asOf, 40), closedAt: daysBefore(asOf, 30), satisfaction: 3 });
    const recovered = await inRuns('poorThenGood', {});
    await storedComplaint(ds, { customerId: recovered, ownerId: amy, receivedAt: daysBefore(asOf, 60), closedAt: daysBefore(asOf, 50), satisfaction: 1 });
    await storedComplaint(ds, { customerId: recovered, ownerId: amy, receivedAt: daysBefore(asOf, 20), closedAt: daysBefore(asOf, 10), satisfaction: 4 });

    // Everything at once: the score stops at 100.
    const everything = await inRuns('everything', { tier: 'secondary', frequency: 4, usualGapDays: 10, recencyDays: 95 }, { tier: 'important' });
    await storedComplaint(ds, { customerId: everything, ownerId: amy, receivedAt: daysBefore(asOf, 5), deadlineStatus: 'breached' });
    await storedComplaint(ds, { customerId: everything, ownerId: amy, receivedAt: daysBefore(asOf, 50), closedAt: daysBefore(asOf, 40), satisfaction: 1 });

    await inRuns('quiet', {});

    const churn = server.app.get(ChurnService);
    await ds.transaction((manager) => churn.scoreRun(run, asOf, manager));
    const rows = await ds.query(`SELECT customer_id, churn_score, churn_reasons FROM customer_value_history WHERE run_id = $1`, [run]);
    scored = new Map(rows.map((row: { customer_id: string }) => [row.customer_id, row]));
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  const rowOf = (name: string) => {
    const row = scored.get(customer[name]);
    if (!row) throw new Error(`${name} has no history row in the run`);
    return row;
  };
  const reasonsOf = (name: string) => rowOf(name).churn_reasons;
  const reasonNames = (name: string) => reasonsOf(name).map((entry) => entry.reason);
  const scoreOf = (name: string) => rowOf(name).churn_score;
  const weights = DEFAULT_CHURN_RISK_CONFIG.weights;

  it('flags a key customer who fell a tier or slipped from a key cell to a worse one, against the previous completed run only', () => {
    expect(reasonsOf('fellFromImportant')).toEqual([{ reason: 'key_customer_slipped', detail: 'tier fell from important to secondary' }]);
    expect(reasonsOf('keepBestDrifted')).toEqual([{ reason: 'key_customer_slipped', detail: 'cell went from keep_best to retain_at_risk' }]);
    expect(reasonsOf('developWentInactive')).toEqual([{ reason: 'key_customer_slipped', detail: 'cell went from develop to inactive' }]);
    for (const name of ['stayedSecondary', 'ordinaryFell', 'developStayed', 'retainRecovered', 'notKeyCellFell', 'slippedOnlyAgainstOlderRun']) {
      expect({ name, reasons: reasonNames(name) }).toEqual({ name, reasons: [] });
    }
    expect(scoreOf('fellFromImportant')).toBe(weights.key_customer_slipped);
  });

  it('flags a purchase overdue beyond three usual gaps, not at exactly three, and not without two purchases', () => {
    expect(reasonsOf('overdue')).toEqual([{ reason: 'overdue_purchase', detail: 'last purchase 61 days ago, usually every 20' }]);
    expect(reasonNames('atThreeGaps')).toEqual([]);
    expect(reasonNames('onePurchaseLongAgo')).toEqual([]);
    expect(scoreOf('overdue')).toBe(weights.overdue_purchase);
  });

  it('flags open complaints and breached ones (open past the deadline, or breached within 90 days), with their numbers', () => {
    expect(reasonsOf('openComplaint')).toEqual([{ reason: 'open_complaint', detail: expect.stringMatching(/^complaint CMP-2099-\d{6} open for 12 days$/) }]);
    expect(reasonNames('closedComplaint')).toEqual([]);
    expect(reasonNames('breachedOpen').sort()).toEqual(['breached_complaint', 'open_complaint']);
    expect(reasonsOf('breachedOpen').find((entry) => entry.reason === 'breached_complaint')?.detail).toMatch(/^complaint CMP-2099-\d{6} missed its deadline$/);
    expect(scoreOf('breachedOpen')).toBe(weights.breached_complaint + weights.open_complaint);
    expect(reasonNames('breachedLately')).toEqual(['breached_complaint']);
    expect(reasonNames('breachedLongAgo')).toEqual([]);
  });

  it('flags two contacts about the same issue (same entry queue, or same subject) within 7 days, recently', () => {
    expect(reasonsOf('sameQueueTwice')).toEqual([{ reason: 'repeat_contacts', detail: '2 contacts to the Billing queue within 7 days, the latest on 2026-11-29' }]);
    expect(reasonsOf('sameSubjectTwoQueues')).toEqual([{ reason: 'repeat_contacts', detail: '2 contacts about "router keeps dropping" within 7 days, the latest on 2026-11-30' }]);
    for (const name of ['sameQueueOverAWeekApart', 'twoDifferentIssues', 'repeatLongAgo']) {
      expect({ name, reasons: reasonNames(name) }).toEqual({ name, reasons: [] });
    }
  });

  it('flags a latest satisfaction score of 2 or less at a complaint’s close, not a 3, and not one a later good score replaced', () => {
    expect(reasonsOf('scoredTwo')).toEqual([{ reason: 'poor_satisfaction', detail: expect.stringMatching(/^satisfaction 2 of 5 when complaint CMP-2099-\d{6} closed on 2026-11-01$/) }]);
    expect(reasonNames('scoredThree')).toEqual([]);
    expect(reasonNames('poorThenGood')).toEqual([]);
  });

  it('sums the weights of every reason, heaviest first, and stops at 100; a customer with no sign scores 0', () => {
    expect(reasonNames('everything')).toEqual(['key_customer_slipped', 'breached_complaint', 'overdue_purchase', 'poor_satisfaction', 'open_complaint']);
    expect(reasonsOf('everything')[2].detail).toBe('last purchase 95 days ago, usually every 10');
    expect(scoreOf('everything')).toBe(100);
    expect(scoreOf('quiet')).toBe(0);
    expect(reasonsOf('quiet')).toEqual([]);
  });
});
