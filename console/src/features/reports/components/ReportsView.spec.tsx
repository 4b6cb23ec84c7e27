import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AgentReportResponse, AgentReportRow, KpiSeriesResponse, QueueReportResponse, QueueReportRow } from '@callcentre/shared';
import { fakeResponse, mockFetch, renderApp } from '../../../testing/render';

const queue = { id: 'q-billing', code: 'billing', name: 'Billing' };

const row = (local: string, offered: number, answered: number): QueueReportRow => ({
  queueId: queue.id,
  queueCode: queue.code,
  queueName: queue.name,
  start: `${local.replace(' ', 'T')}:00.000Z`,
  end: `${local.replace(' ', 'T')}:00.000Z`,
  local,
  offered,
  answered,
  answeredWithinThreshold: answered,
  abandoned: offered - answered,
  shortAbandoned: 0,
  longAbandoned: offered - answered,
  overflowedOut: 0,
  transferredOut: 0,
  requeued: 0,
  completed: answered,
  handled: answered,
  serviceLevelAnsweredOnly: 1,
  serviceLevelAbandonsInDenominator: answered / offered,
  serviceLevelShortAbandonsMet: answered / offered,
  asaSeconds: 12,
  ahtSeconds: 245,
  abandonRate: (offered - answered) / offered,
  complaintsOpened: 1,
  complaintsClosed: 0,
  complaintsClosedWithinDeadline: 0,
  satisfaction: null,
  surveysAnswered: 0,
  emailsReplied: 0,
  emailsWithinPromise: null,
  callsEnded: answered,
  talkSeconds: answered * 190,
  holdSeconds: answered * 25,
  averageTalkSeconds: 190,
  averageHoldSeconds: offered > 10 ? 25 : null,
  callsWithHold: offered > 10 ? answered : 0,
});

const report: QueueReportResponse = {
  timeZone: 'UTC',
  interval: '60m',
  from: '2027-01-04T00:00:00.000Z',
  to: '2027-01-05T00:00:00.000Z',
  closedUntil: '2027-01-04T12:00:00.000Z',
  rows: [row('2027-01-04 09:00', 10, 8), row('2027-01-04 10:00', 20, 19)],
};

const kpi: KpiSeriesResponse = {
  queueId: queue.id,
  kpi: 'serviceLevel',
  interval: '60m',
  timeZone: 'UTC',
  setting: { queueId: queue.id, kpi: 'serviceLevel', weeks: 6, k: 2, hardMin: null, hardMax: null, enabled: true },
  points: [
    { start: '2027-01-04T09:00:00.000Z', local: '2027-01-04 09:00', value: 0.8, low: 0.7, high: 0.9, mean: 0.8, outside: null },
    { start: '2027-01-04T10:00:00.000Z', local: '2027-01-04 10:00', value: 0.5, low: 0.7, high: 0.9, mean: 0.8, outside: 'below' },
  ],
};

const agentRow = (agentName: string, teamName: string | null): AgentReportRow => ({
  agentId: `a-${agentName}`,
  agentName,
  teamName,
  start: '2027-01-04T00:00:00.000Z',
  end: '2027-01-05T00:00:00.000Z',
  local: '2027-01-04',
  answered: 12,
  handled: 12,
  transferredOut: 0,
  ahtSeconds: 240,
  occupancy: 0.5,
  signedInSeconds: 28_800,
  availableSeconds: 12_000,
  reservedSeconds: 0,
  busySeconds: 2_400,
  wrapUpSeconds: 480,
  notReadySeconds: 2_700,
  notReadyByReason: { lunch: 2_700 },
  satisfaction: null,
  surveysAnswered: 0,
  callsEnded: 12,
  talkSeconds: 2_400,
  holdSeconds: 0,
  averageTalkSeconds: 200,
  averageHoldSeconds: 0,
  callsWithHold: 0,
});

describe('reports page', () => {
  it('shows each agent’s team beside their name in the agent report, a dash for an agent outside any team', async () => {
    const agents: AgentReportResponse = { ...report, interval: 'day', rows: [agentRow('Amy Walker', 'Customer care'), agentRow('Sam Reed', null)] };
    mockFetch({
      '/api/queues': () => fakeResponse(200, [queue]),
      '/api/reports/queues': () => fakeResponse(200, report),
      '/api/reports/agents': () => fakeResponse(200, agents),
    });
    renderApp('/reports', { session: { username: 'sophie', displayName: 'Sophie', role: 'supervisor', roles: ['supervisor'] } });
    await userEvent.click(await screen.findByRole('button', { name: 'Agents' }));
    const table = await screen.findByRole('table', { name: 'Agents' });
    const headers = within(table).getAllByRole('columnheader').map((cell) => cell.textContent);
    expect(headers.slice(0, 2)).toEqual(['Agent', 'Team']);
    const [, amy, sam] = within(table).getAllByRole('row');
    expect(within(amy).getAllByRole('cell').map((cell) => cell.textContent).slice(0, 2)).toEqual(['Amy Walker', 'Customer care']);
    expect(within(sam).getAllByRole('cell').map((cell) => cell.textContent).slice(0, 2)).toEqual(['Sam Reed', '—']);
  });


  it('shows the queue report with its chart and exports, and a KPI against its band', async () => {
    const fetch = mockFetch({
      '/api/queues': () => fakeResponse(200, [queue]),
      '/api/reports/queues': () => fakeResponse(200, report),
      '/api/reports/kpi': () => fakeResponse(200, kpi),
    });
    renderApp('/reports', { session: { username: 'sophie', displayName: 'Sophie', role: 'supervisor', roles: ['supervisor'] } });

    const table = await screen.findByRole('table', { name: 'Queues' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByText('2027-01-04 10:00')).toBeInTheDocument();
    expect(within(table).getByText('95%')).toBeInTheDocument();
    // Average talk and hold of the calls that ended, beside AHT; no hold in an interval reads as empty.
    const headers = within(table).getAllByRole('columnheader').map((cell) => cell.textContent);
    expect(headers.slice(headers.indexOf('AHT'), headers.indexOf('AHT') + 3)).toEqual(['AHT', 'Avg talk', 'Avg hold']);
    const [, first, second] = within(table).getAllByRole('row');
    const cells = (tableRow: HTMLElement) => within(tableRow).getAllByRole('cell').map((cell) => cell.textContent);
    const at = headers.indexOf('Avg talk');
    expect(cells(first).slice(at - 1, at + 2)).toEqual(['4:05', '3:10', '—']);
    expect(cells(second).slice(at - 1, at + 2)).toEqual(['4:05', '3:10', '0:25']);
    expect(screen.getByRole('img', { name: 'Offered, answered and abandoned per interval' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Download Queues as CSV' }).getAttribute('href')).toContain('format=csv');
    expect(screen.getByRole('link', { name: 'Download Queues as Excel' }).getAttribute('href')).toContain('format=xlsx');

    await userEvent.click(screen.getByRole('button', { name: 'KPI bands' }));
    const points = await screen.findByRole('table', { name: 'Service level' });
    expect(within(points).getByText('Below the band')).toBeInTheDocument();
    expect(within(points).getAllByText('70% – 90%')).toHaveLength(2);
    expect(screen.getByRole('img', { name: 'Service level: Normal band' })).toBeInTheDocument();
    expect(screen.getByLabelText('Weeks of history')).toHaveValue(6);
    await waitFor(() => expect(fetch.mock.calls.some(([url]) => String(url).includes('/api/reports/kpi?queue=q-billing&kpi=serviceLevel'))).toBe(true));
  });
});
