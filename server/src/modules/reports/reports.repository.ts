import type { Socket } from 'node:net';
import { pipeline } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { DataSource, type EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { CopyTextRows } from '../../common/database/copy-text-rows';
import { NOT_READY_REASONS, STATISTICS_EVENT_TYPES } from '@callcentre/shared';

/** Length of a stored interval record, seconds: every zone's 15-, 30- and 60-minute boundaries fall on one. */
export const RECORD_SECONDS = 900;

/** Talk and hold of the voice calls whose conversation ended in the interval, and how many they were and had a hold. */
export const CALL_TIME_COUNTS = ['calls_ended', 'talk_seconds', 'hold_seconds', 'calls_with_hold'] as const;
export type CallTimeCount = (typeof CALL_TIME_COUNTS)[number];

export const QUEUE_COUNTS = [
  'offered',
  'answered',
  'answered_within',
  'answered_wait_ms',
  'abandoned',
  'short_abandoned',
  'overflowed_out',
  'transferred_out',
  'requeued',
  'completed',
  'handled',
  'handle_seconds',
  'complaints_opened',
  'complaints_closed',
  'complaints_closed_in_time',
  'surveys_answered',
  'satisfaction_sum',
  'emails_replied',
  'emails_replied_in_promise',
  ...CALL_TIME_COUNTS,
] as const;
export type QueueCount = (typeof QUEUE_COUNTS)[number];

export const NOT_READY_COLUMNS = [...NOT_READY_REASONS.map((reason) => `not_ready_${reason}`), 'not_ready_unknown'] as const;
export const AGENT_COUNTS = [
  'answered',
  'handled',
  'handle_seconds',
  'transferred_out',
  'available_seconds',
  'reserved_seconds',
  'busy_seconds',
  'wrap_up_seconds',
  'not_ready_seconds',
  ...NOT_READY_COLUMNS,
  'surveys_answered',
  'satisfaction_sum',
  ...CALL_TIME_COUNTS,
] as const;
export type AgentCount = (typeof AGENT_COUNTS)[number];

/** A queue's sums over one report interval, as stored (numbers). */
/** `bucket` is the report interval's first instant, epoch ms. */
export type QueueSums = { queue_id: string; bucket: number; local: string } & Record<QueueCount, number>;
export type AgentSums = { agent_id: string; bucket: number; local: string } & Record<AgentCount, number> & Record<CallTimeCount, number>;

export interface QueueName {
  id: string;
  code: string;
  name: string;
  serviceLevelPercent: number;
  serviceLevelSeconds: number;
  serviceLevelFormula: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One queue event of the journal as a row, with the figures docs/statistics.md and `queueEventOf` give it:
 * wait_ms is the caller's current wait (`round(max(0, waitSeconds) × 1000)`, JavaScript's rounding), a transfer
 * is an agent's when it names the agent (`fromAgentId` not null), and its talk counts for AHT only when recorded.
 */
const QUEUE_EVENT_FACTS = `
  SELECT e.queue_id, e.type, e.agent_id,
         to_timestamp(floor(extract(epoch FROM e.at) / ${RECORD_SECONDS}) * ${RECORD_SECONDS}) AS starts_at,
         floor(greatest(0, coalesce((e.payload->>'waitSeconds')::float8, 0)) * 1000 + 0.5) AS wait_ms,
         (e.type = 'contact.transferred' AND jsonb_typeof(e.payload->'fromAgentId') IS DISTINCT FROM 'null') AS by_agent,
         CASE
           WHEN e.type = 'contact.completed' THEN greatest(0, (e.payload->>'talkSeconds')::float8) + greatest(0, (e.payload->>'wrapUpSeconds')::float8)
           WHEN e.type IN ('contact.transferred', 'contact.requeued') AND jsonb_typeof(e.payload->'talkSeconds') = 'number' THEN greatest(0, (e.payload->>'talkSeconds')::float8)
         END AS handle_seconds
    FROM routing_events e
   WHERE e.at >= $1 AND e.at < $2 AND e.type = ANY($3) AND e.queue_id IS NOT NULL`;

/**
 * The voice calls whose conversation ended (`ended_at`: hung up, or finished without wrap-up) in [$1, $2), with the
 * queue and agent they ended with, their hold as the call workspace recorded it, and their talk: the conversation with
 * agents (the parts before the last answer as the journal recorded them at each agent's transfer or hand-back, then
 * the last answer to the end; not the caller's waits between them) minus the hold. The calls and arithmetic of
 * `GET /api/calls/times` (cti.repository.ts, `CONVERSATION_PARTS`; docs/statistics.md).
 */
const ENDED_CALL_FACTS = `
  SELECT i.queue_id, i.agent_id, to_timestamp(floor(extract(epoch FROM i.ended_at) / ${RECORD_SECONDS}) * ${RECORD_SECONDS}) AS starts_at,
         greatest(a.earlier_talk + extract(epoch FROM i.ended_at - a.last_answer)::float8 - coalesce(c.hold_seconds, 0)::float8, 0) AS talk,
         coalesce(c.hold_seconds, 0)::float8 AS hold
    FROM interactions i
    LEFT JOIN calls c ON c.interaction_id = i.id
    CROSS JOIN LATERAL (
      SELECT coalesce(max(e.at) FILTER (WHERE e.type = 'contact.connected'), i.answered_at) AS last_answer,
             coalesce(sum(greatest(0, (e.payload->>'talkSeconds')::float8)) FILTER (
               WHERE jsonb_typeof(e.payload->'talkSeconds') = 'number'
                 AND (e.type = 'contact.requeued' OR jsonb_typeof(e.payload->'fromAgentId') IS DISTINCT FROM 'null')), 0)::float8 AS earlier_talk
        FROM routing_events e
       WHERE e.interaction_id = i.id AND e.type IN ('contact.connected', 'contact.transferred', 'contact.requeued') AND e.at <= i.ended_at
    ) a
   WHERE i.channel = 'voice' AND i.ended_at >= $1 AND i.ended_at < $2 AND a.last_answer IS NOT NULL`;

const CALL_TIME_SUMS = { calls_ended: 'count(*)', talk_seconds: 'sum(f.talk)', hold_seconds: 'sum(f.hold)', calls_with_hold: 'count(*) FILTER (WHERE f.hold > 0)' } as const;

/** A select list of every queue count in QUEUE_COUNTS order: the expressions given, 0 for the rest. */
const queueCounts = (given: Partial<Record<QueueCount, string>>) => QUEUE_COUNTS.map((column) => `${given[column] ?? '0'} AS ${column}`).join(', ');

const quarterOf = (column: string) => `to_timestamp(floor(extract(epoch FROM ${column}) / ${RECORD_SECONDS}) * ${RECORD_SECONDS})`;

const QUEUE_INTERVALS_SQL = `
  WITH ev AS (${QUEUE_EVENT_FACTS}),
  counted AS (
    SELECT ev.queue_id, ev.starts_at,
      count(*) FILTER (WHERE ev.type IN ('contact.queued', 'contact.requeued')) AS offered,
      count(*) FILTER (WHERE ev.type = 'contact.connected') AS answered,
      count(*) FILTER (WHERE ev.type = 'contact.connected' AND ev.wait_ms <= q.service_level_seconds * 1000) AS answered_within,
      coalesce(sum(ev.wait_ms) FILTER (WHERE ev.type = 'contact.connected'), 0) AS answered_wait_ms,
      count(*) FILTER (WHERE ev.type = 'contact.abandoned') AS abandoned,
      count(*) FILTER (WHERE ev.type = 'contact.abandoned' AND ev.wait_ms <= q.short_abandon_seconds * 1000) AS short_abandoned,
      count(*) FILTER (WHERE ev.type = 'contact.overflowed' OR (ev.type = 'contact.transferred' AND NOT ev.by_agent)) AS overflowed_out,
      count(*) FILTER (WHERE ev.type = 'contact.transferred' AND ev.by_agent) AS transferred_out,
      count(*) FILTER (WHERE ev.type = 'contact.requeued') AS requeued,
      count(*) FILTER (WHERE ev.type = 'contact.completed') AS completed,
      count(ev.handle_seconds) FILTER (WHERE ev.type <> 'contact.transferred' OR ev.by_agent) AS handled,
      coalesce(sum(ev.handle_seconds) FILTER (WHERE ev.type <> 'contact.transferred' OR ev.by_agent), 0) AS handle_seconds,
      ${QUEUE_COUNTS.slice(QUEUE_COUNTS.indexOf('complaints_opened')).map((column) => `0 AS ${column}`).join(', ')}
    FROM ev JOIN queues q ON q.id = ev.queue_id
    GROUP BY ev.queue_id, ev.starts_at
  ),
  complaint_queue AS (
    SELECT c.received_at, c.closed_at, c.due_at,
           (SELECT i.queue_id FROM complaint_interactions ci JOIN interactions i ON i.id = ci.interaction_id
             WHERE ci.complaint_id = c.id ORDER BY i.arrived_at, i.id LIMIT 1) AS queue_id
      FROM complaints c
     WHERE (c.received_at >= $1 AND c.received_at < $2) OR (c.closed_at >= $1 AND c.closed_at < $2)
  ),
  complaint_facts AS (
    SELECT queue_id, to_timestamp(floor(extract(epoch FROM received_at) / ${RECORD_SECONDS}) * ${RECORD_SECONDS}) AS starts_at, 1 AS opened, 0 AS closed, 0 AS in_time
      FROM complaint_queue WHERE queue_id IS NOT NULL AND received_at >= $1 AND received_at < $2
    UNION ALL
    SELECT queue_id, to_timestamp(floor(extract(epoch FROM closed_at) / ${RECORD_SECONDS}) * ${RECORD_SECONDS}), 0, 1, CASE WHEN due_at IS NULL OR closed_at <= due_at THEN 1 ELSE 0 END
      FROM complaint_queue WHERE queue_id IS NOT NULL AND closed_at >= $1 AND closed_at < $2
  ),
  complaint_counts AS (
    SELECT f.queue_id, f.starts_at, ${queueCounts({ complaints_opened: 'sum(f.opened)', complaints_closed: 'sum(f.closed)', complaints_closed_in_time: 'sum(f.in_time)' })}
      FROM complaint_facts f JOIN queues q ON q.id = f.queue_id GROUP BY f.queue_id, f.starts_at
  ),
  -- Satisfaction (experience − expectation) of the surveys answered in the interval, in the survey's queue.
  survey_counts AS (
    SELECT s.queue_id, ${quarterOf('s.answered_at')} AS starts_at, ${queueCounts({ surveys_answered: 'count(*)', satisfaction_sum: 'sum(s.satisfaction)' })}
      FROM satisfaction_surveys s
     WHERE s.answered_at >= $1 AND s.answered_at < $2 AND s.satisfaction IS NOT NULL
     GROUP BY 1, 2
  ),
  -- E-mails first replied to in the interval, and of them those replied to by their promise, in the contact's queue.
  email_counts AS (
    SELECT i.queue_id, ${quarterOf('m.first_reply_at')} AS starts_at,
           ${queueCounts({ emails_replied: 'count(*)', emails_replied_in_promise: 'count(*) FILTER (WHERE m.first_reply_at <= m.due_at)' })}
      FROM email_contacts m JOIN interactions i ON i.id = m.interaction_id
     WHERE m.first_reply_at >= $1 AND m.first_reply_at < $2
     GROUP BY 1, 2
  ),
  call_counts AS (
    SELECT f.queue_id, f.starts_at, ${queueCounts(CALL_TIME_SUMS)} FROM (${ENDED_CALL_FACTS}) f GROUP BY 1, 2
  )
  SELECT queue_id, starts_at, ${QUEUE_COUNTS.map((c) => `sum(${c}) AS ${c}`).join(', ')}
    FROM (SELECT * FROM counted UNION ALL SELECT * FROM complaint_counts UNION ALL SELECT * FROM survey_counts UNION ALL SELECT * FROM email_counts UNION ALL SELECT * FROM call_counts) facts
   WHERE queue_id IN (SELECT id FROM queues)
   GROUP BY queue_id, starts_at`;

/** A select list of every agent count in AGENT_COUNTS order: the columns named, 0 for the rest. */
const agentCounts = (present: readonly string[]) => AGENT_COUNTS.map((column) => (present.includes(column) ? column : `0 AS ${column}`)).join(', ');

/**
 * One agent's contacts and time by state per interval. Time by state comes from `agent.state_changed`: each state
 * lasts from its change to the next one (or to the end of the range), starting from the state each agent was in
 * at the range's start (its last change before it), and is cut at the interval boundaries.
 */
const AGENT_INTERVALS_SQL = `
  WITH contact_facts AS (
    SELECT ev.agent_id, ev.starts_at,
      count(*) FILTER (WHERE ev.type = 'contact.connected') AS answered,
      count(ev.handle_seconds) FILTER (WHERE ev.type <> 'contact.transferred' OR ev.by_agent) AS handled,
      coalesce(sum(ev.handle_seconds) FILTER (WHERE ev.type <> 'contact.transferred' OR ev.by_agent), 0) AS handle_seconds,
      count(*) FILTER (WHERE ev.type = 'contact.transferred' AND ev.by_agent) AS transferred_out
    FROM (${QUEUE_EVENT_FACTS}) ev
    WHERE ev.agent_id IS NOT NULL AND ev.type IN ('contact.connected', 'contact.completed', 'contact.transferred', 'contact.requeued')
    GROUP BY ev.agent_id, ev.starts_at
  ),
  changes AS (
    SELECT e.agent_id, e.at, e.id, e.payload->>'to' AS state, e.payload->>'reason' AS reason
      FROM routing_events e WHERE e.type = 'agent.state_changed' AND e.at >= $1 AND e.at < $2 AND e.agent_id IS NOT NULL
    UNION ALL
    SELECT a.user_id, $1::timestamptz, before.id, before.state, before.reason
      FROM agents a CROSS JOIN LATERAL (
        SELECT e.id, e.payload->>'to' AS state, e.payload->>'reason' AS reason FROM routing_events e
         WHERE e.agent_id = a.user_id AND e.type = 'agent.state_changed' AND e.at < $1
         ORDER BY e.id DESC LIMIT 1) before
  ),
  spans AS (
    SELECT agent_id, state, reason, at AS span_start, coalesce(lead(at) OVER (PARTITION BY agent_id ORDER BY at, id), $2::timestamptz) AS span_end
      FROM changes
  ),
  cut AS (
    SELECT s.agent_id, s.state, s.reason, b.starts_at,
           extract(epoch FROM least(s.span_end, b.starts_at + interval '${RECORD_SECONDS} seconds') - greatest(s.span_start, b.starts_at)) AS seconds
      FROM spans s
      CROSS JOIN LATERAL generate_series(
        to_timestamp(floor(extract(epoch FROM s.span_start) / ${RECORD_SECONDS}) * ${RECORD_SECONDS}),
        s.span_end - interval '1 microsecond', interval '${RECORD_SECONDS} seconds') AS b(starts_at)
     WHERE s.span_end > s.span_start AND s.state <> 'offline'
  ),
  state_facts AS (
    SELECT agent_id, starts_at,
      coalesce(sum(seconds) FILTER (WHERE state = 'available'), 0) AS available_seconds,
      coalesce(sum(seconds) FILTER (WHERE state = 'reserved'), 0) AS reserved_seconds,
      coalesce(sum(seconds) FILTER (WHERE state = 'busy'), 0) AS busy_seconds,
      coalesce(sum(seconds) FILTER (WHERE state = 'wrap_up'), 0) AS wrap_up_seconds,
      coalesce(sum(seconds) FILTER (WHERE state = 'not_ready'), 0) AS not_ready_seconds,
      ${NOT_READY_REASONS.map((reason) => `coalesce(sum(seconds) FILTER (WHERE state = 'not_ready' AND reason = '${reason}'), 0) AS not_ready_${reason}`).join(',\n      ')},
      coalesce(sum(seconds) FILTER (WHERE state = 'not_ready' AND (reason IS NULL OR reason <> ALL (ARRAY[${NOT_READY_REASONS.map((r) => `'${r}'`).join(', ')}]))), 0) AS not_ready_unknown
    FROM cut GROUP BY agent_id, starts_at
  ),
  survey_facts AS (
    SELECT s.agent_id, ${quarterOf('s.answered_at')} AS starts_at, count(*) AS surveys_answered, sum(s.satisfaction) AS satisfaction_sum
      FROM satisfaction_surveys s
     WHERE s.answered_at >= $1 AND s.answered_at < $2 AND s.satisfaction IS NOT NULL AND s.agent_id IS NOT NULL
     GROUP BY 1, 2
  ),
  call_facts AS (
    SELECT f.agent_id, f.starts_at, ${CALL_TIME_COUNTS.map((column) => `${CALL_TIME_SUMS[column]} AS ${column}`).join(', ')}
      FROM (${ENDED_CALL_FACTS}) f WHERE f.agent_id IS NOT NULL GROUP BY 1, 2
  )
  SELECT agent_id, starts_at, ${AGENT_COUNTS.map((column) => `sum(${column}) AS ${column}`).join(', ')}
    FROM (
      SELECT agent_id, starts_at, ${agentCounts(['answered', 'handled', 'handle_seconds', 'transferred_out'])} FROM contact_facts
      UNION ALL
      SELECT agent_id, starts_at, ${agentCounts(['available_seconds', 'reserved_seconds', 'busy_seconds', 'wrap_up_seconds', 'not_ready_seconds', ...NOT_READY_COLUMNS])} FROM state_facts
      UNION ALL
      SELECT agent_id, starts_at, ${agentCounts(['surveys_answered', 'satisfaction_sum'])} FROM survey_facts
      UNION ALL
      SELECT agent_id, starts_at, ${agentCounts(CALL_TIME_COUNTS)} FROM call_facts
    ) facts
   WHERE agent_id IN (SELECT user_id FROM agents)
   GROUP BY agent_id, starts_at`;

/** The local start of a report interval of `size` seconds containing the stored interval at `column`. */
const bucketOf = (column: string, size: number) =>
  size === RECORD_SECONDS ? column : `${column} - make_interval(secs => (extract(epoch FROM (${column} AT TIME ZONE $3))::bigint % ${size}))`;

const HOUR_SECONDS = 3600;

/** The owners of interval records: their tables, key column and counts. */
const OWNERS = [
  { intervals: 'report_queue_intervals', hours: 'report_queue_hours', days: 'report_queue_days', key: 'queue_id', counts: QUEUE_COUNTS },
  { intervals: 'report_agent_intervals', hours: 'report_agent_hours', days: 'report_agent_days', key: 'agent_id', counts: AGENT_COUNTS },
] as const;
type Owner = (typeof OWNERS)[number];

/**
 * Sums per report interval of `size` seconds over [$1, $2), in zone $3, for the records whose key passes `keyFilter`
 * (SQL on `r.<key>`), ordered by interval then key. By 15 minutes the records are read as they are; by hour, whole
 * hours come as they are from the hourly rollup and only an hour cut by the range's ends is summed from its
 * 15-minute records; other sizes sum the 15-minute records. Rows: key, bucket (epoch ms), local (text), the counts.
 */
function sumsSql(owner: Owner, size: number, keyFilter: string): string {
  const key = owner.key;
  const columns = (bucket: string) => `${key}, (extract(epoch FROM ${bucket}) * 1000)::float8 AS bucket, to_char(${bucket} AT TIME ZONE $3, 'YYYY-MM-DD HH24:MI') AS local`;
  const stored = (table: string, where: string) => `
    SELECT ${columns('r.starts_at')}, ${owner.counts.map((c) => `r.${c}::float8`).join(', ')}
      FROM ${table} r
     WHERE ${where} AND ${keyFilter}`;
  const summed = (where: string) => `
    SELECT ${columns('g.bucket')}, ${owner.counts.join(', ')}
      FROM (SELECT r.${key}, ${bucketOf('r.starts_at', size)} AS bucket, ${owner.counts.map((c) => `sum(r.${c})::float8 AS ${c}`).join(', ')}
              FROM ${owner.intervals} r
             WHERE ${where} AND ${keyFilter}
             GROUP BY 1, 2) g`;
  if (size === RECORD_SECONDS) return stored(owner.intervals, 'r.starts_at >= $1 AND r.starts_at < $2');
  if (size !== HOUR_SECONDS) return summed('r.starts_at >= $1 AND r.starts_at < $2');
  const hour = bucketOf('r.starts_at', HOUR_SECONDS);
  const edges = `((r.starts_at >= $1 AND r.starts_at < least($2, $1::timestamptz + interval '1 hour'))
                  OR (r.starts_at >= greatest($1, $2::timestamptz - interval '1 hour') AND r.starts_at < $2))
                 AND (${hour} < $1 OR ${hour} > $2::timestamptz - interval '1 hour')`;
  return `${stored(owner.hours, `r.starts_at >= $1 AND r.starts_at <= $2::timestamptz - interval '1 hour'`)} UNION ALL ${summed(edges)}`;
}

/** Sums per local day over the local dates of [$1, $2) in zone $3, for the records whose key passes `keyFilter`; rows as sumsSql's. */
function daySumsSql(owner: Owner, keyFilter: string): string {
  return `
    SELECT r.${owner.key}, (extract(epoch FROM (r.local_date::timestamp AT TIME ZONE $3)) * 1000)::float8 AS bucket, to_char(r.local_date, 'YYYY-MM-DD') AS local,
           ${owner.counts.map((c) => `sum(r.${c})::float8 AS ${c}`).join(', ')}
      FROM ${owner.days} r
     WHERE r.local_date >= ($1::timestamptz AT TIME ZONE $3)::date AND r.local_date < ($2::timestamptz AT TIME ZONE $3)::date AND ${keyFilter}
     GROUP BY r.${owner.key}, r.local_date`;
}

const reportSumsSql = (owner: Owner, size: number | 'day', keyFilter: string) => (size === 'day' ? daySumsSql(owner, keyFilter) : sumsSql(owner, size, keyFilter));

/**
 * A float8 as JavaScript writes it (`String(n)`, `JSON.stringify`). PostgreSQL's shortest text is the same digits
 * below 2^53 (above it, where the shortest decimal lies exactly half-way between two doubles, PostgreSQL writes one
 * more digit: no count or seconds of a report gets there), and the same text from 1e-4 to 1e15; outside that range
 * PostgreSQL writes an exponent (`1.5e-05`) where JavaScript writes plain digits down to 1e-6 and up to 1e21
 * (numeric's text of the same digits), and beyond them an exponent without its leading zero (`1.5e-7`). −0 is written
 * 0; `nonFinite` is what NaN and ±Infinity become.
 */
function jsNumber(x: string, nullText: string, nonFinite: 'null' | 'text'): string {
  return `CASE WHEN ${x} IS NULL THEN '${nullText}'
    WHEN ${x} = 0 THEN '0'
    WHEN abs(${x}) >= 1e-4::float8 AND abs(${x}) < 1e15::float8 THEN ${x}::text
    WHEN ${x} IN ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8) THEN ${nonFinite === 'null' ? `'null'` : `${x}::text`}
    WHEN abs(${x}) >= 1e-6::float8 AND abs(${x}) < 1e21::float8 THEN ${x}::text::numeric::text
    ELSE regexp_replace(${x}::text, 'e([-+])0', 'e\\1') END`;
}

/** JavaScript's `numerator / denominator`, null when there is nothing to divide by (the reports' `ratio`). */
const ratioSql = (numerator: string, denominator: string) => `(CASE WHEN ${denominator} <= 0 THEN NULL ELSE (${numerator}) / (${denominator}) END)`;

/** An instant as `Date.prototype.toISOString` writes it. */
const isoSql = (at: string) => `to_char(${at} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * One field of a report row: `plain` text never needs escaping (ids, instants, local labels), `text` may (names),
 * `number` is a float8, `reasons` the not-ready seconds by reason (an object of the reasons above 0 in JSON; one
 * column per reason in CSV, 0 when not above 0).
 */
type RowField = { kind: 'plain' | 'text' | 'number'; sql: string } | { kind: 'reasons' };

const NOT_READY_KEYS = [...NOT_READY_REASONS, 'unknown' as const];

/** The fields of a report row in the order `queueRowOf` gives them, over the sums and names `s` and the interval's bounds `b`. */
const QUEUE_ROW_FIELDS: ReadonlyArray<[string, RowField]> = [
  ['queueId', { kind: 'plain', sql: 's.queue_id::text' }],
  ['queueCode', { kind: 'text', sql: 's.code_text' }],
  ['queueName', { kind: 'text', sql: 's.name_text' }],
  ['start', { kind: 'plain', sql: 'b.start_text' }],
  ['end', { kind: 'plain', sql: 'b.end_text' }],
  ['local', { kind: 'plain', sql: 's.local' }],
  ...(
    [
      ['offered', 's.offered'],
      ['answered', 's.answered'],
      ['answeredWithinThreshold', 's.answered_within'],
      ['abandoned', 's.abandoned'],
      ['shortAbandoned', 's.short_abandoned'],
      ['longAbandoned', '(s.abandoned - s.short_abandoned)'],
      ['overflowedOut', 's.overflowed_out'],
      ['transferredOut', 's.transferred_out'],
      ['requeued', 's.requeued'],
      ['completed', 's.completed'],
      ['handled', 's.handled'],
      ['serviceLevelAnsweredOnly', ratioSql('s.answered_within', 's.answered')],
      ['serviceLevelAbandonsInDenominator', ratioSql('s.answered_within', 's.answered + s.abandoned - s.short_abandoned')],
      ['serviceLevelShortAbandonsMet', ratioSql('s.answered_within + s.short_abandoned', 's.answered + s.abandoned')],
      ['asaSeconds', '(CASE WHEN s.answered = 0 THEN NULL ELSE s.answered_wait_ms / s.answered / 1000::float8 END)'],
      ['ahtSeconds', ratioSql('s.handle_seconds', 's.handled')],
      ['abandonRate', ratioSql('s.abandoned', 's.answered + s.abandoned + s.overflowed_out')],
      ['complaintsOpened', 's.complaints_opened'],
      ['complaintsClosed', 's.complaints_closed'],
      ['complaintsClosedWithinDeadline', 's.complaints_closed_in_time'],
      ['satisfaction', ratioSql('s.satisfaction_sum', 's.surveys_answered')],
      ['surveysAnswered', 's.surveys_answered'],
      ['emailsReplied', 's.emails_replied'],
      ['emailsWithinPromise', ratioSql('s.emails_replied_in_promise', 's.emails_replied')],
    ] as const
  ).map(([name, sql]): [string, RowField] => [name, { kind: 'number', sql }]),
  ...callTimeFields(),
];

/** The fields of a report row in the order `agentRowOf` gives them, over the sums and name `s` and the interval's bounds `b`. */
const AGENT_ROW_FIELDS: ReadonlyArray<[string, RowField]> = [
  ['agentId', { kind: 'plain', sql: 's.agent_id::text' }],
  ['agentName', { kind: 'text', sql: 's.name_text' }],
  ['teamName', { kind: 'text', sql: 's.team_text' }],
  ['start', { kind: 'plain', sql: 'b.start_text' }],
  ['end', { kind: 'plain', sql: 'b.end_text' }],
  ['local', { kind: 'plain', sql: 's.local' }],
  ...(
    [
      ['answered', 's.answered'],
      ['handled', 's.handled'],
      ['transferredOut', 's.transferred_out'],
      ['ahtSeconds', ratioSql('s.handle_seconds', 's.handled')],
      ['signedInSeconds', '(s.available_seconds + s.reserved_seconds + (s.busy_seconds + s.wrap_up_seconds) + s.not_ready_seconds)'],
      ['availableSeconds', 's.available_seconds'],
      ['reservedSeconds', 's.reserved_seconds'],
      ['busySeconds', 's.busy_seconds'],
      ['wrapUpSeconds', 's.wrap_up_seconds'],
      ['notReadySeconds', 's.not_ready_seconds'],
      ['occupancy', ratioSql('(s.busy_seconds + s.wrap_up_seconds)', '(s.busy_seconds + s.wrap_up_seconds) + s.available_seconds + s.reserved_seconds')],
    ] as const
  ).map(([name, sql]): [string, RowField] => [name, { kind: 'number', sql }]),
  ['notReadyByReason', { kind: 'reasons' }],
  ['satisfaction', { kind: 'number', sql: ratioSql('s.satisfaction_sum', 's.surveys_answered') }],
  ['surveysAnswered', { kind: 'number', sql: 's.surveys_answered' }],
  ...callTimeFields(),
];

function callTimeFields(): Array<[string, RowField]> {
  return (
    [
      ['callsEnded', 's.calls_ended'],
      ['talkSeconds', 's.talk_seconds'],
      ['holdSeconds', 's.hold_seconds'],
      ['averageTalkSeconds', ratioSql('s.talk_seconds', 's.calls_ended')],
      ['averageHoldSeconds', ratioSql('s.hold_seconds', 's.calls_ended')],
      ['callsWithHold', 's.calls_with_hold'],
    ] as const
  ).map(([name, sql]): [string, RowField] => [name, { kind: 'number', sql }]);
}

/** A text as a CSV field (RFC 4180): one a spreadsheet would read as a formula gets a leading apostrophe. */
const csvTextSql = (x: string) => {
  const guarded = `(CASE WHEN left(${x}, 1) IN ('=', '+', '-', '@') THEN '''' || ${x} ELSE ${x} END)`;
  return `(CASE WHEN ${x} IS NULL THEN '' WHEN ${x} ~ '[",\\r\\n]' THEN '"' || replace(${guarded}, '"', '""') || '"' ELSE ${guarded} END)`;
};

/** JSON text of a string, as JSON.stringify escapes it (the same characters, the same \u00xx). */
const jsonTextSql = (x: string) => `coalesce(to_json(${x}::text)::text, 'null')`;

/**
 * A text as the content of a spreadsheet cell's `<t>` (XML text): `&`, `<` and `>` as entities, tab, line feed and
 * backslash as character references; the characters XML cannot hold or would not keep (the other controls, carriage
 * return among them, U+FFFE and U+FFFF) as `_xHHHH_`, the escape of ECMA-376 (ST_Xstring) that spreadsheet programs
 * read back as the character, and so an underscore that would otherwise start such an escape as `_x005F_`. Made once
 * per name: the slow path runs only for a name that needs it.
 */
const xlsxTextSql = (x: string) => {
  // Tab, line feed and backslash as character references too: the sheet's rows leave PostgreSQL as COPY's text, which
  // would escape them.
  const entities = `replace(replace(replace(replace(replace(replace(${x}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), E'\\\\', '&#92;'), E'\\t', '&#9;'), E'\\n', '&#10;')`;
  const escaped = `(SELECT string_agg(CASE WHEN c ~ '[\\x01-\\x08\\x0b-\\x1f\\ufffe\\uffff]' THEN '_x' || lpad(upper(to_hex(ascii(c))), 4, '0') || '_'
                                           WHEN c = '_' AND substr(t.text, n::int, 7) ~ '^_x[0-9A-Fa-f]{4}_' THEN '_x005F_' ELSE c END, '' ORDER BY n)
                      FROM (SELECT ${entities} AS text) t, regexp_split_to_table(t.text, '') WITH ORDINALITY AS chars(c, n))`;
  return `(CASE WHEN ${x} IS NULL THEN NULL WHEN ${x} ~ '[\\x01-\\x08\\x0b-\\x1f\\ufffe\\uffff]|_x[0-9A-Fa-f]{4}_' THEN ${escaped} ELSE ${entities} END)`;
};

/** The text formats a report's rows are written in by PostgreSQL: JSON objects, CSV lines or a sheet's XML rows. */
export type ReportTextFormat = 'json' | 'csv' | 'xlsx';

/** Where a `text` field's names are formatted once per queue or agent (not per row): their JSON, CSV or XML text. */
const nameText = (format: ReportTextFormat) => (format === 'json' ? jsonTextSql : format === 'csv' ? csvTextSql : xlsxTextSql);

/** A spreadsheet column's letters (0 → A, 25 → Z, 26 → AA). */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * Text pieces (none null) joined by `||` in a balanced tree: each byte is copied about log2(pieces) times, where a
 * chain would copy the growing row once per piece and `concat` looks up each argument's output function per row.
 */
function joinedSql(pieces: readonly string[]): string {
  if (pieces.length === 1) return pieces[0];
  const half = Math.ceil(pieces.length / 2);
  return `(${joinedSql(pieces.slice(0, half))} || ${joinedSql(pieces.slice(half))})`;
}

/**
 * The SQL of each report row's text: its JSON object, or its CSV line (`csvColumns` in order, ending CRLF).
 */
function rowTextSql(fields: ReadonlyArray<[string, RowField]>, format: ReportTextFormat, csvColumns: readonly string[]): { text: string; computed: string[] } {
  const byName = new Map(fields);
  const reasonSql = (reason: string) => `s.not_ready_${reason}`;
  // A figure computed from the sums (a ratio, a sum of states) is computed once, in a query level of its own, as
  // each is read several times to be written.
  const computed: string[] = [];
  const valueOf = (sql: string) => {
    if (/^s\.\w+$/.test(sql)) return sql;
    computed.push(`${sql} AS figure_${computed.length}`);
    return `s.figure_${computed.length - 1}`;
  };
  if (format === 'json') {
    const pieces = fields.flatMap(([name, field], index) => {
      const key = `'${index === 0 ? '{' : ','}"${name}":'`;
      switch (field.kind) {
        case 'plain':
          return [key.slice(0, -1) + `"'`, field.sql, `'"'`];
        case 'text':
          return [key, field.sql];
        case 'number':
          return [key, jsNumber(valueOf(field.sql), 'null', 'null')];
        case 'reasons':
          return [
            `${key.slice(0, -1)}{'`,
            `concat_ws(',', ${NOT_READY_KEYS.map((reason) => `CASE WHEN ${reasonSql(reason)} > 0 THEN '"${reason}":' || ${jsNumber(reasonSql(reason), 'null', 'null')} END`).join(', ')})`,
            `'}'`,
          ];
      }
    });
    return { text: joinedSql([...pieces, `'}'`]), computed };
  }
  if (format === 'xlsx') {
    // A sheet row, written by one format() call (one function call per row rather than one per piece; %1$s is the
    // row's number): text in inline-string cells (a text never becomes a formula), figures in number cells as
    // JavaScript writes them. A figure that can be missing (a ratio, an average: its SQL says NULL) is a cell of its
    // own, left out when null or not finite; the others are sums of counts, never null.
    let template = '<row r="%1$s">';
    const values: string[] = [];
    const slot = (sql: string) => {
      values.push(sql);
      return `%${values.length + 1}$s`;
    };
    csvColumns.forEach((column, index) => {
      const at = `${columnLetters(index)}%1$s`;
      const reason = /^notReady\.(.+)$/.exec(column)?.[1];
      const field: RowField | undefined =
        reason !== undefined && (NOT_READY_KEYS as readonly string[]).includes(reason)
          ? { kind: 'number', sql: `(CASE WHEN ${reasonSql(reason)} > 0 THEN ${reasonSql(reason)} ELSE 0::float8 END)` }
          : byName.get(column);
      if (!field || field.kind === 'reasons') throw new Error(`no report field ${column}`);
      if (field.kind === 'plain') template += `<c r="${at}" t="inlineStr"><is><t>${slot(field.sql)}</t></is></c>`;
      else if (field.kind === 'text') template += slot(`coalesce('<c r="${columnLetters(index)}' || b.row_text || '" t="inlineStr"><is><t xml:space="preserve">' || ${field.sql} || '</t></is></c>', '')`);
      else if (!/\bNULL\b/.test(field.sql)) template += `<c r="${at}"><v>${slot(jsNumber(valueOf(field.sql), '', 'text'))}</v></c>`;
      else {
        const value = valueOf(field.sql);
        template += slot(
          `(CASE WHEN ${value} IS NULL OR ${value} IN ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8) THEN ''
                 ELSE format('<c r="${columnLetters(index)}%s"><v>%s</v></c>', b.row_text, ${jsNumber(value, '', 'text')}) END)`,
        );
      }
    });
    return { text: `format('${template}</row>', b.row_text, ${values.join(', ')})`, computed };
  }
  const pieces = csvColumns.flatMap((column, index) => {
    const separator = index === 0 ? [] : [`','`];
    const reason = /^notReady\.(.+)$/.exec(column)?.[1];
    if (reason !== undefined && (NOT_READY_KEYS as readonly string[]).includes(reason)) {
      return [...separator, jsNumber(valueOf(`(CASE WHEN ${reasonSql(reason)} > 0 THEN ${reasonSql(reason)} ELSE 0::float8 END)`), '', 'text')];
    }
    const field = byName.get(column);
    if (!field || field.kind === 'reasons') throw new Error(`no report field ${column}`);
    return [...separator, field.kind === 'number' ? jsNumber(valueOf(field.sql), '', 'text') : field.sql];
  });
  return { text: joinedSql([...pieces, `E'\\r\\n'`]), computed };
}

/** An agent's (`u`) team now: the one they are in, or else the one they lead. */
const TEAM_JOIN = 'LEFT JOIN teams t ON t.id = u.team_id LEFT JOIN teams led ON led.team_lead_id = u.id';
const TEAM_NAME = 'coalesce(t.name, led.name)';

const QUEUE_FILTER = 'r.queue_id = ANY($4)';
const AGENT_FILTER = '($4::uuid[] IS NULL OR r.agent_id = ANY($4))';

/** A report's range and rows: [from, to) by `size` seconds of the local clock or by local day, in `timeZone`. */
export interface ReportSumsRange {
  from: number;
  to: number;
  size: number | 'day';
  timeZone: string;
}

/**
 * The text of every row of a report (`sumsSql` over the owner's records, with the queue's or agent's names), in the
 * report's order: by interval, then queue or agent id.
 */
function reportTextSql(owner: Owner, range: ReportSumsRange, keyFilter: string, format: ReportTextFormat, csvColumns: readonly string[]): string {
  const names =
    owner.key === 'queue_id'
      ? `SELECT q.id, ${nameText(format)('q.code')} AS code_text, ${nameText(format)('q.name')} AS name_text FROM queues q`
      : `SELECT a.user_id AS id, ${nameText(format)('u.display_name')} AS name_text, ${nameText(format)(TEAM_NAME)} AS team_text
           FROM agents a JOIN users u ON u.id = a.user_id ${TEAM_JOIN}`;
  // A day ends where the next local date first begins: where clocks go back across midnight, its first midnight.
  const nextMidnight = `((s.local::date + 1)::timestamp AT TIME ZONE $3)`;
  const end =
    range.size === 'day'
      ? `(CASE WHEN ((${nextMidnight} - interval '1 hour') AT TIME ZONE $3)::date > s.local::date THEN ${nextMidnight} - interval '1 hour' ELSE ${nextMidnight} END)`
      : `to_timestamp(s.bucket / 1000 + ${range.size})`;
  // The figures are sorted first and each row's text made after, as the sorted rows stream out: the first rows
  // leave while later ones are being written, and the sort moves numbers rather than text.
  const row = rowTextSql(owner.key === 'queue_id' ? QUEUE_ROW_FIELDS : AGENT_ROW_FIELDS, format, csvColumns);
  // A sheet's rows are numbered from 2 (the header is row 1), in the report's order (read as sorted, no sort again).
  const rowNumber = format === 'xlsx' ? `, (row_number() OVER (ORDER BY s.bucket, s.${owner.key}) + 1)::text AS row_text` : '';
  return `
    SELECT ${row.text}
      FROM (
        SELECT s.*${row.computed.map((figure) => `, ${figure}`).join('')}${rowNumber}
          FROM (
            SELECT s.*, n.* FROM (${reportSumsSql(owner, range.size, keyFilter)}) s
              -- OFFSET 0 keeps the names' formatting in its subquery: once per queue or agent, not once per row.
              JOIN (${names} OFFSET 0) n ON n.id = s.${owner.key}
             ORDER BY s.bucket, s.${owner.key}
            OFFSET 0) s
        OFFSET 0) s
      CROSS JOIN LATERAL (SELECT ${isoSql('to_timestamp(s.bucket / 1000)')} AS start_text, ${isoSql(end)} AS end_text${format === 'xlsx' ? ', s.row_text' : ''}) b`;
}

/** A value as an SQL literal of its type, for a COPY (which takes no parameters). */
function literal(value: string | readonly string[] | null, type: 'timestamptz' | 'text' | 'uuid[]', escape: (text: string) => string): string {
  if (value === null) return `NULL::${type}`;
  if (typeof value === 'string') return `${escape(value)}::${type}`;
  for (const id of value) if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new Error(`'${id}' is not an id`);
  return `${escape(`{${value.join(',')}}`)}::${type}`;
}

/**
 * All SQL of reports: closing intervals (set-based, from the routing journal, the complaints and the agents'
 * state changes), deriving local days from them, and reading them back summed by report interval.
 */
@Injectable()
export class ReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * A report's read: its own read-only transaction with room to group in memory (a year of agents' days is more
   * than the default 4 MB of work memory) and without JIT, whose compiling costs more than it saves on these.
   */
  private read<T>(sql: string, params: unknown[]): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query(`SET TRANSACTION READ ONLY`);
      await manager.query(`SET LOCAL work_mem = '64MB'`);
      await manager.query(`SET LOCAL jit = off`);
      return manager.query(sql, params);
    });
  }

  /** Up to where intervals are closed, and the zone the days were derived in; null before the first close. */
  async closeState(manager: EntityManager = this.dataSource.manager): Promise<{ closedUntil: Date; timeZone: string } | null> {
    const [row] = await manager.query(`SELECT closed_until, time_zone FROM report_close_state WHERE id = 1`);
    return row ? { closedUntil: row.closed_until, timeZone: row.time_zone } : null;
  }

  /** The close state row, locked for the transaction: one closing at a time across every server. */
  async lockCloseState(manager: EntityManager): Promise<{ closedUntil: Date; timeZone: string } | null> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('report_close_state'))`);
    return this.closeState(manager);
  }

  async saveCloseState(manager: EntityManager, closedUntil: number, timeZone: string): Promise<void> {
    await manager.query(
      `INSERT INTO report_close_state (id, closed_until, time_zone, updated_at) VALUES (1, $1, $2, now())
       ON CONFLICT (id) DO UPDATE SET closed_until = EXCLUDED.closed_until, time_zone = EXCLUDED.time_zone, updated_at = now()`,
      [iso(closedUntil), timeZone],
    );
  }

  /** When the journal starts (its first event), or null when it is empty. */
  async journalStart(): Promise<Date | null> {
    const [row] = await this.dataSource.query(`SELECT min(at) AS at FROM routing_events`);
    return row?.at ?? null;
  }

  /**
   * Computes and stores the interval records of [from, to) (whole 15-minute intervals), replacing any there, then
   * derives the local days those intervals touch.
   */
  async closeRange(manager: EntityManager, from: number, to: number, timeZone: string): Promise<void> {
    const params = [iso(from), iso(to), STATISTICS_EVENT_TYPES];
    await manager.query(`DELETE FROM report_queue_intervals WHERE starts_at >= $1 AND starts_at < $2`, [iso(from), iso(to)]);
    await manager.query(`INSERT INTO report_queue_intervals (queue_id, starts_at, ${QUEUE_COUNTS.join(', ')}) ${QUEUE_INTERVALS_SQL}`, params);
    await manager.query(`DELETE FROM report_agent_intervals WHERE starts_at >= $1 AND starts_at < $2`, [iso(from), iso(to)]);
    await manager.query(`INSERT INTO report_agent_intervals (agent_id, starts_at, ${AGENT_COUNTS.join(', ')}) ${AGENT_INTERVALS_SQL}`, params);
    await this.deriveDays(manager, from, to, timeZone);
  }

  /**
   * Recomputes the local hours and days (in `timeZone`) that [from, to) touches, from their interval records: an
   * hour or day is the sum of the records whose start falls in it.
   */
  async deriveDays(manager: EntityManager, from: number, to: number, timeZone: string): Promise<void> {
    await this.deriveHours(manager, from, to, timeZone);
    const days = `
      WITH span AS (
        SELECT ($1::timestamptz AT TIME ZONE $3)::date AS first_day, (($2::timestamptz - interval '1 microsecond') AT TIME ZONE $3)::date AS last_day
      ), bounds AS (
        SELECT first_day, last_day, (first_day::timestamp AT TIME ZONE $3) AS from_at, ((last_day + 1)::timestamp AT TIME ZONE $3) AS to_at FROM span
      )`;
    const params = [iso(from), iso(to), timeZone];
    await manager.query(`${days} DELETE FROM report_queue_days d USING bounds b WHERE d.local_date BETWEEN b.first_day AND b.last_day`, params);
    await manager.query(
      `${days} INSERT INTO report_queue_days (queue_id, local_date, ${QUEUE_COUNTS.join(', ')})
       SELECT r.queue_id, (r.starts_at AT TIME ZONE $3)::date, ${QUEUE_COUNTS.map((c) => `sum(r.${c})`).join(', ')}
         FROM report_queue_intervals r, bounds b WHERE r.starts_at >= b.from_at AND r.starts_at < b.to_at
        GROUP BY 1, 2`,
      params,
    );
    await manager.query(`${days} DELETE FROM report_agent_days d USING bounds b WHERE d.local_date BETWEEN b.first_day AND b.last_day`, params);
    await manager.query(
      `${days} INSERT INTO report_agent_days (agent_id, local_date, ${AGENT_COUNTS.join(', ')})
       SELECT r.agent_id, (r.starts_at AT TIME ZONE $3)::date, ${AGENT_COUNTS.map((c) => `sum(r.${c})`).join(', ')}
         FROM report_agent_intervals r, bounds b WHERE r.starts_at >= b.from_at AND r.starts_at < b.to_at
        GROUP BY 1, 2`,
      params,
    );
  }

  /**
   * Recomputes the local hours that [from, to) touches: an hour starting after `from − 1 h` and before `to`, from
   * the records up to an hour either side of the range, grouped as the hourly reports group them. Written in time
   * order, so a long catch-up leaves each hour's rows together as the 15-minute closes do.
   */
  private async deriveHours(manager: EntityManager, from: number, to: number, timeZone: string): Promise<void> {
    const params = [iso(from - HOUR_SECONDS * 1000), iso(to), timeZone, iso(to + HOUR_SECONDS * 1000)];
    for (const owner of OWNERS) {
      const hour = bucketOf('r.starts_at', HOUR_SECONDS);
      await manager.query(`DELETE FROM ${owner.hours} WHERE starts_at > $1 AND starts_at < $2`, params.slice(0, 2));
      await manager.query(
        `INSERT INTO ${owner.hours} (${owner.key}, starts_at, ${owner.counts.join(', ')})
         SELECT r.${owner.key}, ${hour}, ${owner.counts.map((c) => `sum(r.${c})`).join(', ')}
           FROM ${owner.intervals} r
          WHERE r.starts_at > $1 AND r.starts_at < $4 AND ${hour} > $1 AND ${hour} < $2
          GROUP BY 1, 2
          ORDER BY 2, 1`,
        params,
      );
    }
  }

  /** Every local hour and day of the stored intervals derived again in `timeZone` (after the centre's zone changed). */
  async rederiveAllDays(manager: EntityManager, timeZone: string): Promise<void> {
    // The agents' records can start before the queues' first and end after their last (time signed in without contacts).
    const [row] = await manager.query(
      `SELECT min(first) AS first, max(last) AS last FROM (
         SELECT min(starts_at) AS first, max(starts_at) AS last FROM report_queue_intervals
         UNION ALL SELECT min(starts_at), max(starts_at) FROM report_agent_intervals) bounds`,
    );
    await manager.query(`DELETE FROM report_queue_days`);
    await manager.query(`DELETE FROM report_agent_days`);
    await manager.query(`DELETE FROM report_queue_hours`);
    await manager.query(`DELETE FROM report_agent_hours`);
    if (row?.first) await this.deriveDays(manager, new Date(row.first).getTime(), new Date(row.last).getTime() + RECORD_SECONDS * 1000, timeZone);
  }

  async queues(ids?: readonly string[]): Promise<QueueName[]> {
    const rows = await this.dataSource.query(
      `SELECT id, code, name, service_level_percent, service_level_seconds, service_level_formula FROM queues
        WHERE $1::uuid[] IS NULL OR id = ANY($1) ORDER BY base_priority DESC, code`,
      [ids ?? null],
    );
    return rows.map((row: Record<string, unknown>) => ({
      id: row.id as string,
      code: row.code as string,
      name: row.name as string,
      serviceLevelPercent: Number(row.service_level_percent),
      serviceLevelSeconds: Number(row.service_level_seconds),
      serviceLevelFormula: row.service_level_formula as string,
    }));
  }

  /** Agents by id with their display names and their team's name now; `teamLeadId` narrows to one team lead's team. */
  async agents(filter: { agentId?: string; teamLeadId?: string }): Promise<Array<{ id: string; name: string; teamName: string | null }>> {
    const rows = await this.dataSource.query(
      `SELECT a.user_id AS id, u.display_name AS name, ${TEAM_NAME} AS "teamName" FROM agents a JOIN users u ON u.id = a.user_id ${TEAM_JOIN}
        WHERE ($1::uuid IS NULL OR a.user_id = $1) AND ($2::uuid IS NULL OR u.team_lead_id = $2)
        ORDER BY u.display_name, a.user_id`,
      [filter.agentId ?? null, filter.teamLeadId ?? null],
    );
    return rows;
  }

  /**
   * Queue sums per report interval over [from, to): from the interval records for 15, 30 and 60 minutes (`size`
   * seconds of the local clock), from the day records for days (`from`/`to` then are local dates' first instants).
   */
  async queueSums(range: ReportSumsRange & { queueIds: readonly string[] }): Promise<QueueSums[]> {
    return this.read(`${reportSumsSql(OWNERS[0], range.size, QUEUE_FILTER)} ORDER BY 2, 1`, [iso(range.from), iso(range.to), range.timeZone, range.queueIds]);
  }

  async agentSums(range: ReportSumsRange & { agentIds: readonly string[] | null }): Promise<AgentSums[]> {
    return this.read(`${reportSumsSql(OWNERS[1], range.size, AGENT_FILTER)} ORDER BY 2, 1`, [iso(range.from), iso(range.to), range.timeZone, range.agentIds]);
  }

  /**
   * The rows of a queue report as PostgreSQL writes them: each row's JSON object (joined by commas), CSV line or
   * sheet row (XML of a worksheet's `<sheetData>`, numbered from 2) of `csvColumns` in order, with the figures and
   * number text `queueRowOf` and `JSON.stringify` give.
   */
  queueReportText(range: ReportSumsRange & { queueIds: readonly string[] }, format: ReportTextFormat, csvColumns: readonly string[]): AsyncIterable<Buffer> {
    const sql = reportTextSql(OWNERS[0], range, QUEUE_FILTER, format, csvColumns);
    return this.copyRows(sql, format === 'xlsx' ? 'lines' : { separator: format === 'json' ? ',' : '' }, (escape) => [
      literal(iso(range.from), 'timestamptz', escape),
      literal(iso(range.to), 'timestamptz', escape),
      literal(range.timeZone, 'text', escape),
      literal(range.queueIds, 'uuid[]', escape),
    ]);
  }

  /** The rows of an agent report as PostgreSQL writes them (as `queueReportText`, with the figures of `agentRowOf`). */
  agentReportText(range: ReportSumsRange & { agentIds: readonly string[] | null }, format: ReportTextFormat, csvColumns: readonly string[]): AsyncIterable<Buffer> {
    const sql = reportTextSql(OWNERS[1], range, AGENT_FILTER, format, csvColumns);
    return this.copyRows(sql, format === 'xlsx' ? 'lines' : { separator: format === 'json' ? ',' : '' }, (escape) => [
      literal(iso(range.from), 'timestamptz', escape),
      literal(iso(range.to), 'timestamptz', escape),
      literal(range.timeZone, 'text', escape),
      literal(range.agentIds, 'uuid[]', escape),
    ]);
  }

  /**
   * Streams the one text column of `sql` ($n replaced by the literals given) in a read-only snapshot on a connection
   * of its own (settings as `read`): row after row joined by `separator`, through a binary COPY (which frames each
   * value by its length: nothing in it is escaped); or, for `lines`, COPY's text as it comes, each row ending with a
   * line feed, for rows that hold no control character and no backslash (which COPY's text would escape) and can be
   * passed on without being read. The reader's pace holds PostgreSQL back; a reader that stops early (the client went
   * away) ends the query by closing the connection.
   */
  private async *copyRows(sql: string, framing: { separator: string } | 'lines', literals: (escape: (text: string) => string) => string[]): AsyncGenerator<Buffer> {
    const client = await ((this.dataSource.driver as PostgresDriver).master as Pool).connect();
    let done = false;
    try {
      const values = literals((text) => client.escapeLiteral(text));
      const inlined = sql.replace(/\$(\d+)\b/g, (_, n: string) => values[Number(n) - 1]);
      await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
      await client.query(`SET LOCAL work_mem = '64MB'`);
      await client.query(`SET LOCAL jit = off`);
      // The shortest text that reads back as the same float8, as JavaScript writes numbers.
      await client.query(`SET LOCAL extra_float_digits = 1`);
      const copy = client.query(copyTo(`COPY (${inlined}) TO STDOUT${framing === 'lines' ? '' : ' (FORMAT binary)'}`));
      // The connection ends a stopped COPY with an error after the pipeline has let go of it.
      copy.on('error', () => undefined);
      const rows = framing === 'lines' ? copy : pipeline(copy, new CopyTextRows(framing.separator), () => undefined);
      for await (const chunk of rows) yield chunk as Buffer;
      await client.query(`COMMIT`);
      done = true;
    } finally {
      if (done) client.release();
      else {
        // A COPY stopped half way would leave PostgreSQL writing to a connection no one reads: the connection is
        // dropped from the pool and its socket closed outright, which ends the query.
        client.release(new Error('report read stopped'));
        (client as unknown as { connection: { stream: Socket } }).connection.stream.destroy();
      }
    }
  }

  /**
   * One queue's sums per interval of `size` seconds at the same local weekday and time over the `weeks` weeks
   * before [from, to) and within it, for KPI bands: rows of every week from `from − weeks·7 days` to `to`.
   */
  async queueSeries(queueId: string, from: number, to: number, size: number, timeZone: string): Promise<QueueSums[]> {
    return this.queueSums({ from, to, size, timeZone, queueIds: [queueId] });
  }

  /** Agents signed in (any state but offline) per stored interval, among agents who meet every required skill of the queue. */
  async signedInAgents(queueId: string, from: number, to: number, size: number, timeZone: string): Promise<Array<{ bucket: Date; agents: number }>> {
    // Stored 15-minute records need no zone to be bucketed, and PostgreSQL refuses a parameter it cannot type.
    const queueParam = size === RECORD_SECONDS ? '$3' : '$4';
    return this.read(
      `WITH eligible AS MATERIALIZED (
         SELECT a.user_id FROM agents a
          WHERE NOT EXISTS (
            SELECT 1 FROM queue_skills qs WHERE qs.queue_id = ${queueParam} AND NOT qs.optional
               AND NOT EXISTS (SELECT 1 FROM agent_skills s WHERE s.agent_id = a.user_id AND s.skill_id = qs.skill_id AND s.proficiency >= qs.min_proficiency)))
       SELECT ${bucketOf('r.starts_at', size)} AS bucket,
              sum(r.available_seconds + r.reserved_seconds + r.busy_seconds + r.wrap_up_seconds + r.not_ready_seconds)::float8 / ${size} AS agents
         FROM report_agent_intervals r JOIN eligible e ON e.user_id = r.agent_id
        WHERE r.starts_at >= $1 AND r.starts_at < $2
        GROUP BY 1 ORDER BY 1`,
      size === RECORD_SECONDS ? [iso(from), iso(to), queueId] : [iso(from), iso(to), timeZone, queueId],
    );
  }

  /** Shifts meeting [from, to) of the agents who meet every required skill of the queue (as signedInAgents counts them). */
  async scheduledShifts(queueId: string, from: number, to: number): Promise<Array<{ starts_at: Date; ends_at: Date }>> {
    return this.dataSource.query(
      `SELECT s.starts_at, s.ends_at FROM agent_shifts s JOIN agents a ON a.user_id = s.agent_id
        WHERE s.starts_at < $2 AND s.ends_at > $1
          AND NOT EXISTS (
            SELECT 1 FROM queue_skills qs WHERE qs.queue_id = $3 AND NOT qs.optional
               AND NOT EXISTS (SELECT 1 FROM agent_skills k WHERE k.agent_id = a.user_id AND k.skill_id = qs.skill_id AND k.proficiency >= qs.min_proficiency))`,
      [iso(from), iso(to), queueId],
    );
  }

  /** Agents signed in now who meet every required skill of the queue. */
  async signedInNow(queueId: string): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS agents FROM agents a
        WHERE a.state <> 'offline'
          AND NOT EXISTS (
            SELECT 1 FROM queue_skills qs WHERE qs.queue_id = $1 AND NOT qs.optional
               AND NOT EXISTS (SELECT 1 FROM agent_skills s WHERE s.agent_id = a.user_id AND s.skill_id = qs.skill_id AND s.proficiency >= qs.min_proficiency))`,
      [queueId],
    );
    return row.agents;
  }

  async kpiSettings(queueId?: string): Promise<Array<Record<string, unknown>>> {
    return this.dataSource.query(`SELECT * FROM kpi_band_settings WHERE $1::uuid IS NULL OR queue_id = $1 ORDER BY queue_id, kpi`, [queueId ?? null]);
  }

  async saveKpiSetting(
    manager: EntityManager,
    setting: { queueId: string; kpi: string; weeks: number; k: number; hardMin: number | null; hardMax: number | null; enabled: boolean },
    updatedBy: string | null,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO kpi_band_settings (queue_id, kpi, weeks, k, hard_min, hard_max, enabled, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (queue_id, kpi) DO UPDATE SET weeks = EXCLUDED.weeks, k = EXCLUDED.k, hard_min = EXCLUDED.hard_min,
         hard_max = EXCLUDED.hard_max, enabled = EXCLUDED.enabled, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [setting.queueId, setting.kpi, setting.weeks, setting.k, setting.hardMin, setting.hardMax, setting.enabled, updatedBy],
    );
  }

  /** Up to where closed intervals were checked against their KPI bands (locked for the transaction). */
  async lockKpiChecks(manager: EntityManager): Promise<Date | null> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('kpi_band_checks'))`);
    const [row] = await manager.query(`SELECT checked_until FROM kpi_band_checks WHERE id = 1`);
    return row?.checked_until ?? null;
  }

  async saveKpiChecks(manager: EntityManager, checkedUntil: number): Promise<void> {
    await manager.query(
      `INSERT INTO kpi_band_checks (id, checked_until) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET checked_until = EXCLUDED.checked_until`,
      [iso(checkedUntil)],
    );
  }
}
