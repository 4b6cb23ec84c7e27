/**
 * The exact meaning of every queue figure, for code readers and for the console, which shows the
 * label and definition next to each figure. "The window" is the period asked for (a rolling window
 * or since local midnight); an event is in it when its time `at` is (see queue-events.ts for which
 * event decides which figure).
 */
import { SERVICE_LEVEL_FORMULAS, type ServiceLevelFormula } from '../domain/call-centre';

export const QUEUE_FIGURE_KEYS = [
  'offered',
  'answered',
  'answeredWithinThreshold',
  'abandoned',
  'shortAbandoned',
  'overflowedOut',
  'transferredOut',
  'requeued',
  'completed',
  'handled',
  ...SERVICE_LEVEL_FORMULAS.map((formula) => `serviceLevel.${formula}` as const),
  'asaSeconds',
  'ahtSeconds',
  'abandonRate',
  'abandonRateExcludingShortAbandons',
  'waitingCount',
  'longestCurrentWaitSeconds',
] as const;
export type QueueFigureKey = (typeof QUEUE_FIGURE_KEYS)[number];

export const FIGURE_UNITS = ['contacts', 'share', 'seconds'] as const;
export type FigureUnit = (typeof FIGURE_UNITS)[number];

export interface FigureDefinition {
  readonly unit: FigureUnit;
  /** Short labels: English and Simplified Chinese. */
  readonly label: { readonly en: string; readonly 'zh-Hans': string };
  /** What exactly is counted, in English. */
  readonly definition: string;
}

/** The key of the service-level figure for a formula. */
export function serviceLevelFigureKey(formula: ServiceLevelFormula): QueueFigureKey {
  return `serviceLevel.${formula}`;
}

export const FIGURE_DEFINITIONS: Readonly<Record<QueueFigureKey, FigureDefinition>> = {
  offered: {
    unit: 'contacts',
    label: { en: 'Offered', 'zh-Hans': '进线量' },
    definition:
      'Contacts that entered this queue in the window, counted when they entered: new arrivals, contacts that overflowed or were transferred in, and contacts sent back to wait here because their agent’s desktop was lost (each such hand-back is a new offer). A contact that later overflows out still counts as offered here.',
  },
  answered: {
    unit: 'contacts',
    label: { en: 'Answered', 'zh-Hans': '接通量' },
    definition:
      'Contacts an agent answered from this queue in the window, counted at the moment of answer, once per offer: a contact answered again after a lost desktop sent it back to the queue counts again.',
  },
  answeredWithinThreshold: {
    unit: 'contacts',
    label: { en: 'Answered within threshold', 'zh-Hans': '阈值内接通量' },
    definition:
      "Answered contacts whose caller's wait (answer time minus the arrival, kept through any overflow; minus the hand-back after a lost desktop or the transfer for a contact sent back or transferred) was at most the queue's service-level threshold T.",
  },
  abandoned: {
    unit: 'contacts',
    label: { en: 'Abandoned', 'zh-Hans': '放弃量' },
    definition:
      'Contacts whose caller hung up while waiting in this queue (an offer ringing included), counted at the moment of hanging up, the wait measured from the arrival (kept through any overflow) or the latest transfer. Short abandons included. A caller who hangs up while waiting again after a lost desktop sent an answered call back to the queue is an abandon too, the wait measured from the hand-back; the first answer still counts.',
  },
  shortAbandoned: {
    unit: 'contacts',
    label: { en: 'Short abandons', 'zh-Hans': '短时放弃量' },
    definition:
      "Abandoned contacts whose wait was at most the queue's short-abandon threshold (for example 5 seconds).",
  },
  overflowedOut: {
    unit: 'contacts',
    label: { en: 'Overflowed out', 'zh-Hans': '溢出转出量' },
    definition:
      'Waiting contacts (no agent on them) that left this queue in the window, counted at the move: moved on by overflow, or transferred while waiting. That wait is neither answered nor abandoned here and stays out of this queue’s service level, ASA and abandons.',
  },
  transferredOut: {
    unit: 'contacts',
    label: { en: 'Transferred out', 'zh-Hans': '转出量' },
    definition:
      'Contacts answered from this queue that their agent transferred to a queue or an agent in the window, counted at the transfer. They stay answered here and are offered again where they were sent.',
  },
  completed: {
    unit: 'contacts',
    label: { en: 'Completed', 'zh-Hans': '处理完成量' },
    definition:
      'Contacts whose last agent handled them in this queue and finished them (end of after-call work, or of the conversation when there is none) in the window.',
  },
  requeued: {
    unit: 'contacts',
    label: { en: 'Requeued', 'zh-Hans': '断线重新排队量' },
    definition:
      'Answered contacts sent back to wait in this queue in the window because their agent’s desktop was lost, counted at the hand-back. Each is offered here again, so offered minus requeued minus overflowed out minus transferred out, summed over all queues, counts each contact once.',
  },
  handled: {
    unit: 'contacts',
    label: { en: 'Handled', 'zh-Hans': '坐席处理次数' },
    definition:
      'Agents’ handlings of contacts in this queue that ended in the window: a contact completed, transferred out by its agent, or sent back to waiting because its agent’s desktop was lost. A contact two agents handled counts once for each, in the queue it was in with each. AHT divides by this.',
  },
  'serviceLevel.answered_only': {
    unit: 'share',
    label: { en: 'Service level (answered only)', 'zh-Hans': '服务水平（仅计接通）' },
    definition:
      'Answered within T divided by answered, over contacts answered in the window. Abandoned contacts are left out. Empty when nothing was answered.',
  },
  'serviceLevel.abandons_in_denominator': {
    unit: 'share',
    label: { en: 'Service level (abandons count)', 'zh-Hans': '服务水平（计入放弃）' },
    definition:
      'Answered within T divided by (answered + abandoned after the short-abandon threshold), over contacts answered or abandoned in the window. Short abandons are left out; every other abandon counts as missed. Empty when the divisor is 0.',
  },
  'serviceLevel.short_abandons_met': {
    unit: 'share',
    label: { en: 'Service level (short abandons met)', 'zh-Hans': '服务水平（短时放弃计达标）' },
    definition:
      '(Answered within T + short abandons) divided by (answered + abandoned), over contacts answered or abandoned in the window. Empty when the divisor is 0.',
  },
  asaSeconds: {
    unit: 'seconds',
    label: { en: 'ASA', 'zh-Hans': '平均应答速度' },
    definition:
      'Average speed of answer: the sum of the waits of contacts answered in the window divided by their number (a true mean, not a moving average). Empty when nothing was answered.',
  },
  ahtSeconds: {
    unit: 'seconds',
    label: { en: 'AHT', 'zh-Hans': '平均处理时长' },
    definition:
      'Average handle time: the sum of the handle times of the handlings that ended in the window divided by their number (handled). A handling that ends at completion lasts talk + hold + after-call work; one that ends at the agent’s transfer or at a lost desktop lasts talk + hold up to that moment. Empty when no handling ended.',
  },
  abandonRate: {
    unit: 'share',
    label: { en: 'Abandon rate', 'zh-Hans': '放弃率' },
    definition:
      'Abandoned divided by the contacts whose wait in this queue ended in the window (answered + abandoned + overflowed out), short abandons included in both: the share of waits that ended in a hang-up. Both sides count the same contacts, so the rate stays between 0 and 100% however the window cuts the waits; over a period with nobody waiting at its start or end it is abandoned divided by offered. Empty when no wait ended.',
  },
  abandonRateExcludingShortAbandons: {
    unit: 'share',
    label: { en: 'Abandon rate (excl. short)', 'zh-Hans': '放弃率（不含短时放弃）' },
    definition:
      '(Abandoned - short abandons) divided by (answered + abandoned + overflowed out - short abandons), over the contacts whose wait in this queue ended in the window: short abandons are left out of both sides, as if they had never been offered. Empty when that divisor is 0 (only short abandons).',
  },
  waitingCount: {
    unit: 'contacts',
    label: { en: 'Waiting', 'zh-Hans': '排队数' },
    definition: 'Contacts waiting in this queue now.',
  },
  longestCurrentWaitSeconds: {
    unit: 'seconds',
    label: { en: 'Longest wait', 'zh-Hans': '当前最长等待' },
    definition:
      'How long the caller waiting longest in this queue has been waiting now: now minus the arrival, whatever queue the contact came through (an overflow does not restart it), or minus the hand-back after a lost desktop or the latest transfer. The same wait as routing’s explanation of the contact. Empty when nobody waits.',
  },
};

/**
 * Talk and hold of the calls, counted by the call workspace rather than from the routing journal (the journal's
 * conversation holds both): over the voice calls whose conversation ended in the window, in the queue they ended
 * in, as `GET /api/calls/times` and the reports' interval records count them (docs/statistics.md).
 */
export const CALL_TIME_FIGURE_KEYS = ['averageTalkSeconds', 'averageHoldSeconds'] as const;
export type CallTimeFigureKey = (typeof CALL_TIME_FIGURE_KEYS)[number];

export const CALL_TIME_FIGURE_DEFINITIONS: Readonly<Record<CallTimeFigureKey, FigureDefinition>> = {
  averageTalkSeconds: {
    unit: 'seconds',
    label: { en: 'Avg talk', 'zh-Hans': '平均通话' },
    definition:
      'Average talk of the voice calls whose conversation ended in the window (answered, then hung up or finished), in the queue they ended in: from the first answer to the end of the conversation, less the hold. Chats and e-mails have no talk. Empty when no call ended.',
  },
  averageHoldSeconds: {
    unit: 'seconds',
    label: { en: 'Avg hold', 'zh-Hans': '平均保持' },
    definition:
      'Average hold of the same calls: each hold from the phone system’s confirmation of the hold (or of a consult, which holds the caller) to the confirmation that took the caller off it, summed per call; calls never held count with 0. Talk + hold is the conversation that AHT counts. Empty when no call ended.',
  },
};
