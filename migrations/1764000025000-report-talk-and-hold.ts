import { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS = ['calls_ended', 'talk_seconds', 'hold_seconds', 'calls_with_hold'] as const;

/**
 * Talk and hold in the interval records of queues and agents: the voice calls whose conversation ended in the
 * interval (answered, then hung up or finished), their talk and hold (as `GET /api/calls/times` counts them) and
 * how many had a hold. Per queue in the queue the call ended in; per agent for the agent who ended it. Records
 * closed before are filled here from the calls, and their hours and days with them.
 */
export class ReportTalkAndHold1764000025000 implements MigrationInterface {
  name = 'ReportTalkAndHold1764000025000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const add = COLUMNS.map((column) => `ADD COLUMN IF NOT EXISTS ${column} ${column.endsWith('_seconds') ? 'double precision' : 'integer'} NOT NULL DEFAULT 0`).join(', ');
    // The hourly rollups copy the interval tables' columns when they are made; where they exist already they get them here.
    for (const owner of ['queue', 'agent']) {
      for (const grain of ['intervals', 'days', 'hours']) await queryRunner.query(`ALTER TABLE IF EXISTS report_${owner}_${grain} ${add}`);
    }
    // Closing an interval reads the voice calls whose conversation ended in it (GET /api/calls/times reads them too).
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS interactions_voice_ended_idx ON interactions (ended_at) WHERE channel = 'voice'`);
    const [state] = await queryRunner.query(`SELECT closed_until, time_zone FROM report_close_state WHERE id = 1`);
    if (!state) return;
    const [hours] = await queryRunner.query(`SELECT to_regclass('report_queue_hours') IS NOT NULL AS present`);
    for (const [owner, key, source] of [
      ['queue', 'queue_id', 'i.queue_id'],
      ['agent', 'agent_id', 'i.agent_id'],
    ] as const) {
      const sums = COLUMNS.map((column) => `sum(f.${column})`).join(', ');
      const update = COLUMNS.map((column) => `${column} = EXCLUDED.${column}`).join(', ');
      await queryRunner.query(
        `INSERT INTO report_${owner}_intervals (${key}, starts_at, ${COLUMNS.join(', ')})
         SELECT f.owner_id, f.starts_at, ${sums}
           FROM (
             SELECT ${source} AS owner_id, to_timestamp(floor(extract(epoch FROM i.ended_at) / 900) * 900) AS starts_at, 1 AS calls_ended,
                    greatest(a.earlier_talk + extract(epoch FROM i.ended_at - a.last_answer)::float8 - coalesce(c.hold_seconds, 0)::float8, 0) AS talk_seconds,
                    coalesce(c.hold_seconds, 0)::float8 AS hold_seconds, CASE WHEN c.hold_seconds > 0 THEN 1 ELSE 0 END AS calls_with_hold
               FROM interactions i
               LEFT JOIN calls c ON c.interaction_id = i.id
               CROSS JOIN LATERAL (
                 -- The conversation with agents: the parts the journal recorded at each transfer or hand-back, then the last answer to the end.
                 SELECT coalesce(max(e.at) FILTER (WHERE e.type = 'contact.connected'), i.answered_at) AS last_answer,
                        coalesce(sum(greatest(0, (e.payload->>'talkSeconds')::float8)) FILTER (
                          WHERE jsonb_typeof(e.payload->'talkSeconds') = 'number'
                            AND (e.type = 'contact.requeued' OR jsonb_typeof(e.payload->'fromAgentId') IS DISTINCT FROM 'null')), 0)::float8 AS earlier_talk
                   FROM routing_events e
                  WHERE e.interaction_id = i.id AND e.type IN ('contact.connected', 'contact.transferred', 'contact.requeued') AND e.at <= i.ended_at
               ) a
              WHERE i.channel = 'voice' AND i.ended_at < $1 AND a.last_answer IS NOT NULL AND ${source} IN (SELECT ${owner === 'queue' ? 'id FROM queues' : 'user_id FROM agents'})
           ) f
          GROUP BY 1, 2
         ON CONFLICT (${key}, starts_at) DO UPDATE SET ${update}`,
        [state.closed_until],
      );
      const rollups: Array<[string, string, string]> = [[`report_${owner}_days`, 'local_date', `(r.starts_at AT TIME ZONE $1)::date`]];
      if (hours.present) rollups.push([`report_${owner}_hours`, 'starts_at', `r.starts_at - make_interval(secs => (extract(epoch FROM (r.starts_at AT TIME ZONE $1))::bigint % 3600))`]);
      for (const [table, column, bucket] of rollups) {
        await queryRunner.query(
          `INSERT INTO ${table} (${key}, ${column}, ${COLUMNS.join(', ')})
           SELECT r.${key}, ${bucket}, ${COLUMNS.map((name) => `sum(r.${name})`).join(', ')}
             FROM report_${owner}_intervals r WHERE r.calls_ended > 0
            GROUP BY 1, 2
           ON CONFLICT (${key}, ${column}) DO UPDATE SET ${update}`,
          [state.time_zone],
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS interactions_voice_ended_idx`);
    const drop = COLUMNS.map((column) => `DROP COLUMN IF EXISTS ${column}`).join(', ');
    for (const owner of ['queue', 'agent']) {
      for (const grain of ['intervals', 'days', 'hours']) await queryRunner.query(`ALTER TABLE IF EXISTS report_${owner}_${grain} ${drop}`);
    }
  }
}
