import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type ChurnRiskConfig, KEY_SEGMENTS, KEY_TIERS, SEGMENT_ORDER, TIER_ORDER } from './churn-risk.config';

/** SQL: days between two instants, whole days down. */
const daysBetween = (from: string, to: string) => `floor(extract(epoch FROM (${to} - ${from})) / 86400)::int`;
const day = (at: string) => `to_char(${at} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

/**
 * The churn score of every customer of a run, in one statement over the whole run ($1 run, $2 as of):
 * each CTE finds the customers showing one reason, with the figures that explain it, and the sum of the
 * reasons' weights (capped at 100) is written into the run's history rows.
 */
const SCORE_RUN = `
WITH previous_run AS (
  SELECT r.id FROM customer_value_runs r
  WHERE r.status = 'completed' AND (r.as_of, r.id) < ($2::timestamptz, $1::bigint)
  ORDER BY r.as_of DESC, r.id DESC LIMIT 1
),
slipped AS (
  SELECT h.customer_id,
         concat_ws('; ',
           CASE WHEN tier_fell THEN format('tier fell from %s to %s', p.computed_tier, h.computed_tier) END,
           CASE WHEN cell_worse THEN format('cell went from %s to %s', p.segment, coalesce(h.segment, 'inactive')) END) AS detail
  FROM customer_value_history h
  JOIN customer_value_history p ON p.customer_id = h.customer_id AND p.run_id = (SELECT id FROM previous_run)
  CROSS JOIN LATERAL (SELECT
    p.computed_tier = ANY($14::text[]) AND array_position($11::text[], h.computed_tier::text) > array_position($11::text[], p.computed_tier::text) AS tier_fell,
    p.segment = ANY($13::text[]) AND array_position($12::text[], coalesce(h.segment, 'inactive')) > array_position($12::text[], p.segment::text) AS cell_worse
  ) change
  WHERE h.run_id = $1 AND (tier_fell OR cell_worse)
),
overdue AS (
  SELECT h.customer_id, format('last purchase %s days ago, usually every %s', h.recency_days, trim_scale(round(h.usual_gap_days, 1))) AS detail
  FROM customer_value_history h
  WHERE h.run_id = $1 AND h.frequency >= 2 AND h.usual_gap_days > 0 AND h.recency_days > $3::numeric * h.usual_gap_days
),
open_complaints AS (
  SELECT c.customer_id,
         CASE count(*) WHEN 1 THEN format('complaint %s open for %s days', min(c.number), ${daysBetween('min(c.received_at)', '$2')})
           ELSE format('%s complaints open (%s), the oldest for %s days', count(*), string_agg(c.number, ', ' ORDER BY c.received_at), ${daysBetween('min(c.received_at)', '$2')}) END AS detail
  FROM complaints c
  WHERE c.customer_id IS NOT NULL AND c.received_at <= $2 AND (c.closed_at IS NULL OR c.closed_at > $2)
  GROUP BY c.customer_id
),
breached_complaints AS (
  SELECT c.customer_id,
         CASE count(*) WHEN 1 THEN format('complaint %s missed its deadline', min(c.number))
           ELSE format('%s complaints missed their deadlines (%s)', count(*), string_agg(c.number, ', ' ORDER BY c.received_at)) END AS detail
  FROM complaints c
  WHERE c.customer_id IS NOT NULL AND c.received_at <= $2 AND (
    (c.closed_at IS NULL AND c.deadline_status = 'breached')
    OR EXISTS (SELECT 1 FROM complaint_clock_events e WHERE e.complaint_id = c.id AND e.kind = 'breached'
                AND e.at <= $2 AND e.at > $2 - make_interval(days => $4::int)))
  GROUP BY c.customer_id
),
recent_contacts AS (
  SELECT i.customer_id, i.first_queue_id, nullif(lower(btrim(i.subject)), '') AS subject, i.arrived_at
  FROM interactions i
  WHERE i.customer_id IS NOT NULL AND i.arrived_at <= $2 AND i.arrived_at > $2 - make_interval(days => $7::int + $6::int)
),
same_issue AS (
  SELECT customer_id, arrived_at, 'queue' AS kind, first_queue_id::text AS topic,
         count(*) OVER (PARTITION BY customer_id, first_queue_id ORDER BY arrived_at RANGE BETWEEN make_interval(days => $6::int) PRECEDING AND CURRENT ROW) AS contacts
  FROM recent_contacts
  UNION ALL
  SELECT customer_id, arrived_at, 'subject', subject,
         count(*) OVER (PARTITION BY customer_id, subject ORDER BY arrived_at RANGE BETWEEN make_interval(days => $6::int) PRECEDING AND CURRENT ROW)
  FROM recent_contacts WHERE subject IS NOT NULL
),
repeat_contacts AS (
  SELECT DISTINCT ON (s.customer_id) s.customer_id,
         CASE s.kind
           WHEN 'queue' THEN format('%s contacts to the %s queue within %s days, the latest on %s', s.contacts, (SELECT q.name FROM queues q WHERE q.id::text = s.topic), $6::int, ${day('s.arrived_at')})
           ELSE format('%s contacts about "%s" within %s days, the latest on %s', s.contacts, s.topic, $6::int, ${day('s.arrived_at')}) END AS detail
  FROM same_issue s
  WHERE s.contacts >= $5::int AND s.arrived_at > $2 - make_interval(days => $7::int)
  ORDER BY s.customer_id, s.contacts DESC, s.arrived_at DESC
),
latest_scores AS (
  SELECT DISTINCT ON (c.customer_id) c.customer_id, c.number, c.closed_at, (c.snapshot #>> '{context,closing,satisfaction}')::int AS score
  FROM complaints c
  WHERE c.customer_id IS NOT NULL AND c.closed_at <= $2 AND c.closed_at > $2 - make_interval(days => $9::int)
    AND c.snapshot #>> '{context,closing,satisfaction}' IS NOT NULL
  ORDER BY c.customer_id, c.closed_at DESC
),
poor_satisfaction AS (
  SELECT customer_id, format('satisfaction %s of 5 when complaint %s closed on %s', score, number, ${day('closed_at')}) AS detail
  FROM latest_scores WHERE score <= $8::int
),
latest_surveys AS (
  SELECT DISTINCT ON (s.customer_id) s.customer_id, s.channel, s.experience, s.expectation, s.satisfaction, s.poor, s.answered_at
  FROM satisfaction_surveys s
  WHERE s.customer_id IS NOT NULL AND s.answered_at <= $2 AND s.answered_at > $2 - make_interval(days => $15::int)
  ORDER BY s.customer_id, s.answered_at DESC
),
poor_contact_survey AS (
  SELECT customer_id, format('satisfaction %s (experience %s, expected %s) after a %s contact on %s', satisfaction, experience, expectation, channel, ${day('answered_at')}) AS detail
  FROM latest_surveys WHERE poor
),
reasons AS (
  SELECT customer_id, 'key_customer_slipped' AS reason, detail FROM slipped
  UNION ALL SELECT customer_id, 'overdue_purchase', detail FROM overdue
  UNION ALL SELECT customer_id, 'open_complaint', detail FROM open_complaints
  UNION ALL SELECT customer_id, 'breached_complaint', detail FROM breached_complaints
  UNION ALL SELECT customer_id, 'repeat_contacts', detail FROM repeat_contacts
  UNION ALL SELECT customer_id, 'poor_satisfaction', detail FROM poor_satisfaction
  UNION ALL SELECT customer_id, 'poor_contact_survey', detail FROM poor_contact_survey
),
scored AS (
  SELECT customer_id,
         least(100, sum(($10::jsonb ->> reason)::int))::smallint AS score,
         jsonb_agg(jsonb_build_object('reason', reason, 'detail', detail) ORDER BY ($10::jsonb ->> reason)::int DESC, reason) AS reasons
  FROM reasons GROUP BY customer_id
)
UPDATE customer_value_history h SET churn_score = s.score, churn_reasons = s.reasons
FROM scored s
WHERE h.run_id = $1 AND h.customer_id = s.customer_id`;

/** SQL of churn risk: scoring a run's customers. */
@Injectable()
export class ChurnRepository {
  /**
   * Scores every customer of the run in the caller's transaction (the value run's), from the history rows the run
   * has written; returns how many customers show any reason and how many are at risk.
   */
  async scoreRun(runId: number | string, asOf: Date, manager: EntityManager, config: ChurnRiskConfig): Promise<{ withReasons: number; atRisk: number }> {
    // A run scored again starts clean: a reason that no longer holds leaves no trace.
    await manager.query(`UPDATE customer_value_history SET churn_score = 0, churn_reasons = '[]' WHERE run_id = $1 AND (churn_score <> 0 OR churn_reasons <> '[]')`, [runId]);
    const [, withReasons] = await manager.query(SCORE_RUN, [
      runId,
      asOf,
      config.overdueGapFactor,
      config.breachLookbackDays,
      config.repeatContactsMin,
      config.repeatContactWindowDays,
      config.repeatContactLookbackDays,
      config.poorSatisfactionMax,
      config.satisfactionLookbackDays,
      JSON.stringify(config.weights),
      TIER_ORDER,
      SEGMENT_ORDER,
      KEY_SEGMENTS,
      KEY_TIERS,
      config.contactSurveyLookbackDays,
    ]);
    const [{ at_risk }] = await manager.query(`SELECT count(*)::int AS at_risk FROM customer_value_history WHERE run_id = $1 AND churn_score >= $2`, [runId, config.atRiskScore]);
    return { withReasons: Number(withReasons ?? 0), atRisk: at_risk };
  }
}
