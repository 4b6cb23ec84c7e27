/**
 * The simulator's scenario: a JSON document describing a day (or any stretch) of a call centre. Parsed and
 * checked by `parseScenario`, which reports every problem at once with its path (`queues[1].talkTime.meanSeconds`).
 *
 * ```jsonc
 * {
 *   "name": "Single-skill M/M/N",            // optional, shown in the report
 *   "description": "...",                    // optional
 *   "start": "2025-01-06T08:00:00Z",         // optional: wall-clock time of second 0 (default 2025-01-06T00:00:00Z)
 *   "duration": "8:00",                      // required: the simulated stretch (a time, see below)
 *   "warmUp": "0:30",                        // optional: figures count events from this time on (default 0)
 *   "seed": 1,                               // optional: default 1; the CLI's --seed overrides it
 *   "policy": { "agingSecondsPerPoint": 0 }, // optional: routing policy overrides (RoutingPolicy fields)
 *   "answerDelay": { "type": "uniform", "minSeconds": 1, "maxSeconds": 3 },
 *                                            // optional: how long an offer rings before the agent accepts
 *                                            // (default constant 0: accepted at once)
 *   "queues": [{
 *     // any routing-core queue field: id, name, requiredSkills, optionalSkills, basePriority, serviceLevel,
 *     // offerTimeoutSeconds, wrapUpSeconds, wrapUpSecondsByChannel, overflow, strategy, relaxation
 *     "id": "sales", "requiredSkills": [{ "skill": "sales", "minProficiency": 1 }], "wrapUpSeconds": 0,
 *     "channel": "voice",                    // optional, default voice: the channel of its contacts
 *     "language": "en",                      // optional: every contact asks for this language
 *     "arrivals": { "intervalMinutes": 30, "perHour": [120, 180, 240] },
 *                                            // Poisson arrivals, rate constant within each interval from time 0;
 *                                            // none after the last interval. "perHour": 360 (a number) is one
 *                                            // rate for the whole duration.
 *     "talkTime": { "type": "exponential", "meanSeconds": 180 },
 *                                            // conversation time; the queue's wrapUpSeconds follows it, so the
 *                                            // handle time (AHT) is talk + wrap-up
 *     "patience": { "type": "exponential", "meanSeconds": 90 },
 *                                            // optional, default {"type": "none"}: how long a caller waits
 *                                            // (queued or ringing) before hanging up
 *     "shortAbandonSeconds": 5,              // optional, default 5 (statistics)
 *     "serviceLevelFormula": "abandons_in_denominator" // optional: which service level the report leads with
 *   }],
 *   "agents": [{
 *     "id": "sales",                         // with "count" > 1 the agents are sales-1, sales-2, ...
 *     "count": 12,                           // optional, default 1
 *     "skills": { "sales": 3 }, "languages": ["en"], "capacity": { "chat": 2 },
 *     "shift": {                             // optional, default: logged in for the whole duration
 *       "start": "0:00", "end": "8:00",
 *       "breaks": [{ "start": "4:00", "durationMinutes": 30, "reason": "lunch" }]
 *     }
 *   }]
 * }
 * ```
 *
 * Times are offsets from `start`: a number of seconds, or a string "H:MM" / "H:MM:SS".
 *
 * Distributions (all in seconds): `{"type": "exponential", "meanSeconds"}`, `{"type": "lognormal", "meanSeconds",
 * "sdSeconds"}` (the log-normal with that mean and standard deviation: σ² = ln(1 + sd²/mean²), μ = ln(mean) - σ²/2),
 * `{"type": "constant", "seconds"}`, `{"type": "uniform", "minSeconds", "maxSeconds"}`; patience also takes
 * `{"type": "none"}` (callers never hang up).
 *
 * Agents: an agent logs in (available) at the shift start. A break puts the agent not ready with its reason at
 * its start time (after the contact in hand, if any) and lasts its full duration from when it really begins;
 * at the shift end the agent takes no new contact, finishes the one in hand and logs out.
 */
import {
  CHANNELS,
  SETTABLE_NOT_READY_REASONS,
  SERVICE_LEVEL_FORMULAS,
  type Channel,
  type NotReadyReason,
  type SettableNotReadyReason,
  type ServiceLevelFormula,
} from '../domain/call-centre';
import { RoutingEngine } from '../routing/routing-engine';
import { RoutingError } from '../routing/routing.errors';
import { normalizeAgentProfile, normalizeQueue, resolvePolicy } from '../routing/routing.policy';
import type { AgentProfile, QueueDefinition, RoutingPolicy } from '../routing/routing.types';

/** A time offset from the scenario start: seconds, or "H:MM" / "H:MM:SS". */
export type ScenarioTime = number | string;

export type DurationDistribution =
  | { readonly type: 'exponential'; readonly meanSeconds: number }
  | { readonly type: 'lognormal'; readonly meanSeconds: number; readonly sdSeconds: number }
  | { readonly type: 'constant'; readonly seconds: number }
  | { readonly type: 'uniform'; readonly minSeconds: number; readonly maxSeconds: number };

export type PatienceDistribution = DurationDistribution | { readonly type: 'none' };

export interface ScenarioArrivals {
  /** Length of each rate interval; default 30 when `perHour` is a list. */
  readonly intervalMinutes?: number;
  /** Arrivals per hour: one rate for the whole run, or one per interval from time 0. */
  readonly perHour: number | readonly number[];
}

export interface ScenarioQueue extends QueueDefinition {
  readonly channel?: Channel;
  readonly language?: string;
  readonly arrivals: ScenarioArrivals;
  readonly talkTime: DurationDistribution;
  readonly patience?: PatienceDistribution;
  readonly shortAbandonSeconds?: number;
  readonly serviceLevelFormula?: ServiceLevelFormula;
}

export interface ScenarioBreak {
  readonly start: ScenarioTime;
  readonly durationMinutes: number;
  /** Default `break`. */
  readonly reason?: SettableNotReadyReason;
}

export interface ScenarioShift {
  readonly start?: ScenarioTime;
  readonly end?: ScenarioTime;
  readonly breaks?: readonly ScenarioBreak[];
}

export interface ScenarioAgentGroup extends AgentProfile {
  readonly count?: number;
  readonly shift?: ScenarioShift;
}

export interface Scenario {
  readonly name?: string;
  readonly description?: string;
  readonly start?: string;
  readonly duration: ScenarioTime;
  readonly warmUp?: ScenarioTime;
  readonly seed?: number;
  readonly policy?: Partial<RoutingPolicy>;
  readonly answerDelay?: DurationDistribution;
  readonly queues: readonly ScenarioQueue[];
  readonly agents: readonly ScenarioAgentGroup[];
}

/** A scenario with defaults filled in, times in milliseconds from the start, agent groups expanded. */
export interface ResolvedScenario {
  readonly name: string;
  readonly startsAt: number;
  readonly durationMs: number;
  readonly warmUpMs: number;
  readonly seed: number;
  readonly policy: Partial<RoutingPolicy>;
  readonly answerDelay: DurationDistribution;
  readonly queues: readonly ResolvedQueue[];
  readonly agents: readonly ResolvedAgent[];
}

export interface ResolvedQueue {
  readonly definition: QueueDefinition;
  readonly id: string;
  readonly name: string;
  readonly channel: Channel;
  readonly language: string | null;
  readonly intervalMs: number;
  /** Arrivals per millisecond, one per interval. */
  readonly ratesPerMs: readonly number[];
  readonly talkTime: DurationDistribution;
  readonly patience: PatienceDistribution;
  readonly shortAbandonSeconds: number;
  readonly serviceLevelFormula: ServiceLevelFormula;
}

export interface ResolvedAgent {
  readonly profile: AgentProfile;
  readonly shiftStartMs: number;
  readonly shiftEndMs: number;
  readonly breaks: readonly { readonly startMs: number; readonly durationMs: number; readonly reason: NotReadyReason }[];
}

export interface ScenarioIssue {
  /** Where: `queues[0].talkTime.meanSeconds`; empty for the document itself. */
  readonly path: string;
  readonly problem: string;
}

/** A scenario that cannot run; `issues` lists every problem found, each with its path. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';

  constructor(readonly issues: readonly ScenarioIssue[]) {
    super(`invalid scenario:\n${issues.map((issue) => `  ${issue.path || '(scenario)'}: ${issue.problem}`).join('\n')}`);
  }
}

export const DEFAULT_SCENARIO_START = '2025-01-06T00:00:00Z';
export const DEFAULT_SHORT_ABANDON_SECONDS = 5;

const QUEUE_DEFINITION_KEYS = [
  'id',
  'name',
  'requiredSkills',
  'optionalSkills',
  'basePriority',
  'serviceLevel',
  'offerTimeoutSeconds',
  'wrapUpSeconds',
  'wrapUpSecondsByChannel',
  'overflow',
  'strategy',
  'relaxation',
] as const;
const QUEUE_KEYS = [
  ...QUEUE_DEFINITION_KEYS,
  'channel',
  'language',
  'arrivals',
  'talkTime',
  'patience',
  'shortAbandonSeconds',
  'serviceLevelFormula',
];
const SCENARIO_KEYS = ['name', 'description', 'start', 'duration', 'warmUp', 'seed', 'policy', 'answerDelay', 'queues', 'agents'];
const AGENT_KEYS = ['id', 'count', 'skills', 'languages', 'capacity', 'shift'];
/** Largest number of agents one scenario may expand to (keeps a typo like 1e9 from exhausting memory). */
export const MAX_SCENARIO_AGENTS = 100_000;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

class Checker {
  readonly issues: ScenarioIssue[] = [];

  add(path: string, problem: string): void {
    this.issues.push({ path, problem });
  }

  object(value: unknown, path: string, keys: readonly string[]): value is Json {
    if (!isObject(value)) {
      this.add(path, 'must be an object');
      return false;
    }
    for (const key of Object.keys(value)) if (!keys.includes(key)) this.add(join(path, key), `unknown field (expected one of ${keys.join(', ')})`);
    return true;
  }

  number(value: unknown, path: string, rule: { min?: number; above?: number; integer?: boolean }): number | null {
    if (!isNumber(value)) {
      this.add(path, 'must be a number');
      return null;
    }
    if (rule.integer && !Number.isInteger(value)) this.add(path, 'must be a whole number');
    else if (rule.min !== undefined && value < rule.min) this.add(path, `must be >= ${rule.min}`);
    else if (rule.above !== undefined && value <= rule.above) this.add(path, `must be > ${rule.above}`);
    else return value;
    return null;
  }

  /** A time offset in milliseconds. */
  time(value: unknown, path: string): number | null {
    if (typeof value === 'string') {
      const match = /^(\d+):([0-5]\d)(?::([0-5]\d(?:\.\d+)?))?$/.exec(value);
      if (!match) {
        this.add(path, 'must be seconds or "H:MM" / "H:MM:SS"');
        return null;
      }
      return Math.round((Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0)) * 1000);
    }
    const seconds = this.number(value, path, { min: 0 });
    return seconds === null ? null : Math.round(seconds * 1000);
  }

  distribution(value: unknown, path: string, allowNone: boolean): PatienceDistribution | null {
    const types = allowNone ? ['exponential', 'lognormal', 'constant', 'uniform', 'none'] : ['exponential', 'lognormal', 'constant', 'uniform'];
    if (!isObject(value)) {
      this.add(path, 'must be an object with a "type"');
      return null;
    }
    const fields: Record<string, string[]> = {
      exponential: ['meanSeconds'],
      lognormal: ['meanSeconds', 'sdSeconds'],
      constant: ['seconds'],
      uniform: ['minSeconds', 'maxSeconds'],
      none: [],
    };
    if (typeof value.type !== 'string' || !types.includes(value.type)) {
      this.add(join(path, 'type'), `must be one of ${types.join(', ')}`);
      return null;
    }
    if (!this.object(value, path, ['type', ...fields[value.type]])) return null;
    const before = this.issues.length;
    switch (value.type) {
      case 'exponential':
        this.number(value.meanSeconds, join(path, 'meanSeconds'), { above: 0 });
        break;
      case 'lognormal':
        this.number(value.meanSeconds, join(path, 'meanSeconds'), { above: 0 });
        this.number(value.sdSeconds, join(path, 'sdSeconds'), { above: 0 });
        break;
      case 'constant':
        this.number(value.seconds, join(path, 'seconds'), { min: 0 });
        break;
      case 'uniform': {
        const min = this.number(value.minSeconds, join(path, 'minSeconds'), { min: 0 });
        const max = this.number(value.maxSeconds, join(path, 'maxSeconds'), { min: 0 });
        if (min !== null && max !== null && max < min) this.add(join(path, 'maxSeconds'), 'must be >= minSeconds');
        break;
      }
      default:
        break;
    }
    return this.issues.length === before ? (value as unknown as PatienceDistribution) : null;
  }
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** A routing-core refusal of a queue definition as an issue: the field it names becomes part of the path. */
function routingIssue(base: string, error: RoutingError): ScenarioIssue {
  const problem = String(error.details?.problem ?? error.message);
  const field = /^([a-zA-Z]+)(?::|\.| )/.exec(problem)?.[1];
  if (!field || !(QUEUE_DEFINITION_KEYS as readonly string[]).includes(field)) return { path: base, problem };
  return { path: join(base, field), problem: problem.slice(field.length).replace(/^[:.]?\s*/, '') || problem };
}

/** Checks a scenario document and fills its defaults; throws ScenarioError listing every problem. */
export function parseScenario(input: unknown): ResolvedScenario {
  const check = new Checker();
  if (!check.object(input, '', SCENARIO_KEYS)) throw new ScenarioError(check.issues);
  const doc = input as Json;

  if (doc.name !== undefined && typeof doc.name !== 'string') check.add('name', 'must be a string');
  if (doc.description !== undefined && typeof doc.description !== 'string') check.add('description', 'must be a string');
  let startsAt = Date.parse(DEFAULT_SCENARIO_START);
  if (doc.start !== undefined) {
    const parsed = typeof doc.start === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(doc.start) ? Date.parse(doc.start) : Number.NaN;
    if (Number.isNaN(parsed)) check.add('start', 'must be an ISO 8601 date-time, e.g. 2025-01-06T08:00:00Z');
    else startsAt = parsed;
  }
  const durationMs = doc.duration === undefined ? (check.add('duration', 'is required'), null) : check.time(doc.duration, 'duration');
  if (durationMs === 0) check.add('duration', 'must be > 0');
  const warmUpMs = doc.warmUp === undefined ? 0 : check.time(doc.warmUp, 'warmUp');
  if (warmUpMs !== null && durationMs !== null && warmUpMs >= durationMs) check.add('warmUp', 'must be shorter than the duration');
  let seed = 1;
  if (doc.seed !== undefined) {
    const value = check.number(doc.seed, 'seed', { integer: true });
    if (value !== null && (value < 0 || value > 0xffffffff)) check.add('seed', 'must be a whole number 0 to 4294967295');
    else if (value !== null) seed = value;
  }
  let policy: Partial<RoutingPolicy> = {};
  if (doc.policy !== undefined) {
    if (!isObject(doc.policy)) check.add('policy', 'must be an object');
    else {
      try {
        resolvePolicy(doc.policy as Partial<RoutingPolicy>);
        policy = doc.policy as Partial<RoutingPolicy>;
      } catch (error) {
        if (!(error instanceof RoutingError)) throw error;
        const problem = String(error.details?.problem ?? error.message);
        check.add(problem.split(' ')[0] ?? 'policy', problem.split(' ').slice(1).join(' '));
      }
    }
  }
  const answerDelay = doc.answerDelay === undefined ? ({ type: 'constant', seconds: 0 } as const) : check.distribution(doc.answerDelay, 'answerDelay', false);

  const queues: ResolvedQueue[] = [];
  if (!Array.isArray(doc.queues) || doc.queues.length === 0) check.add('queues', 'must be a non-empty list');
  else {
    const ids = new Set<string>();
    doc.queues.forEach((raw, i) => {
      const path = join('queues', i);
      if (!check.object(raw, path, QUEUE_KEYS)) return;
      const before = check.issues.length;
      const definition = Object.fromEntries(QUEUE_DEFINITION_KEYS.filter((key) => raw[key] !== undefined).map((key) => [key, raw[key]])) as unknown as QueueDefinition;
      let id = '';
      try {
        id = normalizeQueue(definition).id;
      } catch (error) {
        if (!(error instanceof RoutingError)) throw error;
        const issue = routingIssue(path, error);
        check.add(issue.path, issue.problem);
      }
      if (id && ids.has(id)) check.add(join(path, 'id'), `queue ${id} is listed twice`);
      ids.add(id);
      const channel = raw.channel ?? 'voice';
      if (!(CHANNELS as readonly unknown[]).includes(channel)) check.add(join(path, 'channel'), `must be one of ${CHANNELS.join(', ')}`);
      if (raw.language !== undefined && (typeof raw.language !== 'string' || raw.language === '')) check.add(join(path, 'language'), 'must be a non-empty string');
      const formula = raw.serviceLevelFormula ?? 'abandons_in_denominator';
      if (!(SERVICE_LEVEL_FORMULAS as readonly unknown[]).includes(formula)) {
        check.add(join(path, 'serviceLevelFormula'), `must be one of ${SERVICE_LEVEL_FORMULAS.join(', ')}`);
      }
      const shortAbandon = raw.shortAbandonSeconds === undefined ? DEFAULT_SHORT_ABANDON_SECONDS : check.number(raw.shortAbandonSeconds, join(path, 'shortAbandonSeconds'), { min: 0 });
      const talkTime = raw.talkTime === undefined ? (check.add(join(path, 'talkTime'), 'is required'), null) : check.distribution(raw.talkTime, join(path, 'talkTime'), false);
      const patience = raw.patience === undefined ? ({ type: 'none' } as const) : check.distribution(raw.patience, join(path, 'patience'), true);
      const arrivals = resolveArrivals(check, raw.arrivals, join(path, 'arrivals'), durationMs);
      if (check.issues.length > before || !talkTime || !patience || !arrivals) return;
      queues.push({
        definition,
        id,
        name: typeof raw.name === 'string' ? raw.name : id,
        channel: channel as Channel,
        language: (raw.language as string | undefined) ?? null,
        intervalMs: arrivals.intervalMs,
        ratesPerMs: arrivals.ratesPerMs,
        talkTime: talkTime as DurationDistribution,
        patience,
        shortAbandonSeconds: shortAbandon ?? DEFAULT_SHORT_ABANDON_SECONDS,
        serviceLevelFormula: formula as ServiceLevelFormula,
      });
    });
    if (check.issues.length === 0) {
      // Overflow targets and cycles are the routing core's to judge.
      try {
        RoutingEngine.restore({ policy, queues: queues.map((queue) => queue.definition), agents: [], contacts: [] });
      } catch (error) {
        if (!(error instanceof RoutingError)) throw error;
        const queueId = error.details?.queueId;
        const index = queues.findIndex((queue) => queue.id === queueId);
        check.add(index >= 0 ? join(join('queues', index), 'overflow') : 'queues', String(error.details?.problem ?? error.message));
      }
    }
  }

  const agents: ResolvedAgent[] = [];
  if (!Array.isArray(doc.agents) || doc.agents.length === 0) check.add('agents', 'must be a non-empty list');
  else {
    const ids = new Set<string>();
    const resolvedPolicy = safePolicy(policy);
    doc.agents.forEach((raw, i) => {
      const path = join('agents', i);
      if (!check.object(raw, path, AGENT_KEYS)) return;
      const before = check.issues.length;
      if (typeof raw.id !== 'string' || raw.id === '') check.add(join(path, 'id'), 'must be a non-empty string');
      const count = raw.count === undefined ? 1 : check.number(raw.count, join(path, 'count'), { integer: true, min: 1 });
      if (count !== null && agents.length + count > MAX_SCENARIO_AGENTS) check.add(join(path, 'count'), `a scenario has at most ${MAX_SCENARIO_AGENTS} agents`);
      const profile: AgentProfile = { id: String(raw.id), skills: raw.skills as Record<string, number>, languages: raw.languages as string[] | undefined, capacity: raw.capacity as AgentProfile['capacity'] };
      try {
        normalizeAgentProfile(profile, resolvedPolicy);
      } catch (error) {
        if (!(error instanceof RoutingError)) throw error;
        const problem = String(error.details?.problem ?? error.message).replace(/^[^:]*: /, '');
        const field = ['skill', 'languages', 'capacity', 'unknown channel'].find((word) => problem.startsWith(word));
        check.add(field ? join(path, field === 'skill' ? 'skills' : field === 'unknown channel' ? 'capacity' : field) : path, problem);
      }
      const shift = resolveShift(check, raw.shift, join(path, 'shift'), durationMs);
      if (check.issues.length > before || count === null || !shift) return;
      for (let n = 1; n <= count; n++) {
        const id = count === 1 && raw.count === undefined ? profile.id : `${profile.id}-${n}`;
        if (ids.has(id)) {
          check.add(join(path, 'id'), `agent ${id} is defined twice`);
          return;
        }
        ids.add(id);
        agents.push({ profile: { ...profile, id }, ...shift });
      }
    });
  }

  if (check.issues.length > 0) throw new ScenarioError(check.issues);
  return {
    name: typeof doc.name === 'string' ? doc.name : 'scenario',
    startsAt,
    durationMs: durationMs as number,
    warmUpMs: warmUpMs as number,
    seed,
    policy,
    answerDelay: answerDelay as DurationDistribution,
    queues,
    agents,
  };
}

function safePolicy(policy: Partial<RoutingPolicy>): RoutingPolicy {
  try {
    return resolvePolicy(policy);
  } catch {
    return resolvePolicy({});
  }
}

function resolveArrivals(check: Checker, raw: unknown, path: string, durationMs: number | null): { intervalMs: number; ratesPerMs: number[] } | null {
  if (raw === undefined) {
    check.add(path, 'is required');
    return null;
  }
  if (!check.object(raw, path, ['intervalMinutes', 'perHour'])) return null;
  const before = check.issues.length;
  const toPerMs = (perHour: number) => perHour / 3_600_000;
  if (isNumber(raw.perHour)) {
    if (raw.intervalMinutes !== undefined) check.add(join(path, 'intervalMinutes'), 'only goes with a list of rates in perHour');
    const rate = check.number(raw.perHour, join(path, 'perHour'), { min: 0 });
    if (check.issues.length > before || rate === null) return null;
    return { intervalMs: durationMs ?? Number.POSITIVE_INFINITY, ratesPerMs: [toPerMs(rate)] };
  }
  if (!Array.isArray(raw.perHour) || raw.perHour.length === 0) {
    check.add(join(path, 'perHour'), 'must be a number or a non-empty list of numbers (arrivals per hour)');
    return null;
  }
  const minutes = raw.intervalMinutes === undefined ? 30 : check.number(raw.intervalMinutes, join(path, 'intervalMinutes'), { above: 0 });
  const rates = raw.perHour.map((rate, i) => check.number(rate, join(join(path, 'perHour'), i), { min: 0 }));
  if (check.issues.length > before || minutes === null) return null;
  return { intervalMs: Math.round(minutes * 60_000), ratesPerMs: (rates as number[]).map(toPerMs) };
}

function resolveShift(
  check: Checker,
  raw: unknown,
  path: string,
  durationMs: number | null,
): Omit<ResolvedAgent, 'profile'> | null {
  const end = durationMs ?? 0;
  if (raw === undefined) return { shiftStartMs: 0, shiftEndMs: end, breaks: [] };
  if (!check.object(raw, path, ['start', 'end', 'breaks'])) return null;
  const before = check.issues.length;
  const startMs = raw.start === undefined ? 0 : check.time(raw.start, join(path, 'start'));
  const endMs = raw.end === undefined ? end : check.time(raw.end, join(path, 'end'));
  if (startMs !== null && endMs !== null && endMs <= startMs) check.add(join(path, 'end'), 'must be after the start');
  const breaks: ResolvedAgent['breaks'][number][] = [];
  if (raw.breaks !== undefined && !Array.isArray(raw.breaks)) check.add(join(path, 'breaks'), 'must be a list');
  else {
    ((raw.breaks as unknown[] | undefined) ?? []).forEach((item, i) => {
      const at = join(join(path, 'breaks'), i);
      if (!check.object(item, at, ['start', 'durationMinutes', 'reason'])) return;
      const breakStart = check.time(item.start, join(at, 'start'));
      const minutes = check.number(item.durationMinutes, join(at, 'durationMinutes'), { above: 0 });
      const reason = item.reason ?? 'break';
      if (!(SETTABLE_NOT_READY_REASONS as readonly unknown[]).includes(reason)) check.add(join(at, 'reason'), `must be one of ${SETTABLE_NOT_READY_REASONS.join(', ')}`);
      if (breakStart === null || minutes === null || startMs === null || endMs === null) return;
      if (breakStart < startMs || breakStart >= endMs) check.add(join(at, 'start'), 'must fall within the shift');
      const previous = breaks[breaks.length - 1];
      if (previous && breakStart < previous.startMs + previous.durationMs) check.add(join(at, 'start'), 'must come after the previous break has ended');
      breaks.push({ startMs: breakStart, durationMs: Math.round(minutes * 60_000), reason: reason as NotReadyReason });
    });
  }
  if (check.issues.length > before || startMs === null || endMs === null) return null;
  return { shiftStartMs: startMs, shiftEndMs: endMs, breaks };
}
