import { BusinessCalendar } from '../calendar/business-calendar';
import {
  ComplaintClockEvent,
  ComplaintDeadline,
  ComplaintDeadlinePolicy,
  evaluateComplaintDeadline,
} from '../calendar/complaint-deadline';
import { InstantInput } from '../calendar/working-time';
import { ComplaintContext } from './complaint.types';

/**
 * The clock events of a complaint, read from its context: started on receipt, paused while waiting on
 * the customer or while settled and awaiting the closing answers, a progress call for each call logged,
 * stopped when closed. In time order.
 */
export function complaintClockEvents(context: ComplaintContext): ComplaintClockEvent[] {
  if (context.receivedAt === null) return [];
  const events: ComplaintClockEvent[] = [{ type: 'started', at: context.receivedAt }];
  for (const pause of context.clockPauses) {
    events.push({ type: 'paused', at: pause.from });
    if (pause.to !== null) events.push({ type: 'resumed', at: pause.to });
  }
  for (const call of context.progressCalls) events.push({ type: 'progress_call', at: call.at });
  if (context.closedAt !== null) events.push({ type: 'stopped', at: context.closedAt });
  return events.sort((a, b) => Date.parse(String(a.at)) - Date.parse(String(b.at)));
}

/** Where the complaint stands against its deadline at `now`; null before the complaint is recorded. */
export function complaintDeadlineOf(
  calendar: BusinessCalendar,
  policy: ComplaintDeadlinePolicy,
  context: ComplaintContext,
  now: InstantInput,
): ComplaintDeadline | null {
  if (context.receivedAt === null || context.complexity === null || context.valueTier === null) return null;
  return evaluateComplaintDeadline(
    calendar,
    policy,
    { complexity: context.complexity, valueTier: context.valueTier, events: complaintClockEvents(context) },
    now,
  );
}
