import type { SimulationReport } from './simulator';

const percent = (share: number | null) => (share === null ? '-' : `${(share * 100).toFixed(1)}%`);
const seconds = (value: number | null) => (value === null ? '-' : value.toFixed(1));

/** The report as a plain-text table, one line per queue. */
export function formatSimulationReport(report: SimulationReport): string {
  const header = ['queue', 'offered', 'answered', 'abandoned', 'SL', 'target', 'ASA s', 'AHT s', 'abandon', 'occupancy', 'longest s', 'waiting'];
  const rows = report.queues.map((q) => [
    q.queueId,
    String(q.offered),
    String(q.answered),
    String(q.abandoned),
    percent(q.serviceLevel),
    `${q.serviceLevelTargetPercent}/${q.serviceLevelThresholdSeconds}`,
    seconds(q.asaSeconds),
    seconds(q.ahtSeconds),
    percent(q.abandonRate),
    percent(q.occupancy),
    seconds(q.longestWaitSeconds),
    String(q.waitingAtEnd),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const hours = (report.durationSeconds / 3600).toFixed(2);
  return [
    `${report.scenario}: seed ${report.seed}, ${hours} h from ${report.startsAt}, figures after a ${report.warmUpSeconds} s warm-up`,
    `${report.arrivals} contacts arrived; ${report.agents.count} agents, occupancy ${percent(report.agents.occupancy)} (${report.agents.handlingHours.toFixed(1)} h handling of ${report.agents.staffedHours.toFixed(1)} h staffed)`,
    '',
    line(header),
    ...rows.map(line),
    '',
    'SL: the queue\'s service-level formula (abandons_in_denominator unless the scenario says otherwise); occupancy: handling of the queue\'s contacts over the staffed time of agents with its skills.',
  ].join('\n');
}
