import { addLocalDays, localLabelOf, localToEpoch, parsePlainDate } from '@callcentre/shared';

const HOUR = 3_600_000;

/** The demo rota on the centre's clock: weekdays an early and a late shift, weekends a day shift for half the agents. */
const EARLY = { from: 8, to: 16 };
const LATE = { from: 12, to: 20 };
const WEEKEND = { from: 9, to: 17 };

/** One local date's shifts of the demo rota: agents alternate early and late on weekdays, every other agent works the weekend day shift. */
export function demoRota(agentIds: readonly string[], date: string, timeZone: string): Array<{ agentId: string; startsAt: Date; endsAt: Date }> {
  const plain = parsePlainDate(date);
  const weekend = [0, 6].includes(new Date(Date.UTC(plain.year, plain.month - 1, plain.day)).getUTCDay());
  return agentIds.flatMap((agentId, index) => {
    if (weekend && index % 2 === 1) return [];
    const hours = weekend ? WEEKEND : index % 2 === 0 ? EARLY : LATE;
    return [{ agentId, startsAt: new Date(localToEpoch(timeZone, plain, hours.from * HOUR)), endsAt: new Date(localToEpoch(timeZone, plain, hours.to * HOUR)) }];
  });
}

/**
 * A week of shifts for the demo agents from `now`'s local date on (the demo rota), so the forecast shows more agents
 * at midday than in the evening.
 */
export function demoShifts(agentIds: readonly string[], now: Date, timeZone: string): Array<{ agentId: string; startsAt: Date; endsAt: Date }> {
  const today = localLabelOf(now.getTime(), timeZone).slice(0, 10);
  return Array.from({ length: 7 }, (_, day) => demoRota(agentIds, addLocalDays(today, day), timeZone)).flat();
}
