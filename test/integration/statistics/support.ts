/** A zone whose local day is not about to turn, so "since midnight" covers a whole scenario and its restart. */
export function zoneAwayFromMidnight(): string {
  const hourIn = (timeZone: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
  const zone = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Asia/Kolkata'].find((candidate) => hourIn(candidate) >= 1 && hourIn(candidate) <= 22);
  if (!zone) throw new Error('no zone away from midnight');
  return zone;
}
