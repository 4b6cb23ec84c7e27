import type { TestApp } from '../../support/test-app';
import { api } from '../realtime/support';

/** A zone whose local day is not about to turn, so "since midnight" covers a whole scenario and its restart. */
export function zoneAwayFromMidnight(): string {
  const hourIn = (timeZone: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
  const zone = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Asia/Kolkata'].find((candidate) => hourIn(candidate) >= 1 && hourIn(candidate) <= 22);
  if (!zone) throw new Error('no zone away from midnight');
  return zone;
}

/** The API as a scenario drives it: the answer's body, or the test fails naming the request and the answer. */
export function succeedingApi(server: () => TestApp) {
  return async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const response = await api(server().baseUrl, method, path, headers, body);
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
}
