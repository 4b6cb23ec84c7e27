import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hourly rollups of the interval records, per queue and per agent: one row per local hour of the centre's zone
 * (`starts_at` is the hour's first instant; a repeated hour on the autumn change is two rows), the sums of the four
 * 15-minute records in it. The closing job keeps them with the day records; reports by hour read them instead of
 * summing four times as many rows. Filled here from the records already closed, in the zone they were closed in, in
 * time order (as the closing job adds them), so an hour's rows share pages.
 */
export class ReportHours1764000025200 implements MigrationInterface {
  name = 'ReportHours1764000025200';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [owner, key] of [
      ['queue', 'queue_id'],
      ['agent', 'agent_id'],
    ] as const) {
      await queryRunner.query(`CREATE TABLE report_${owner}_hours (LIKE report_${owner}_intervals INCLUDING DEFAULTS, PRIMARY KEY (${key}, starts_at))`);
      await queryRunner.query(`CREATE INDEX report_${owner}_hours_starts_idx ON report_${owner}_hours (starts_at)`);
      const columns: string[] = (
        await queryRunner.query(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name NOT IN ($2, 'starts_at') ORDER BY ordinal_position`,
          [`report_${owner}_intervals`, key],
        )
      ).map((row: { column_name: string }) => row.column_name);
      await queryRunner.query(
        `INSERT INTO report_${owner}_hours (${key}, starts_at, ${columns.join(', ')})
         SELECT r.${key}, r.starts_at - make_interval(secs => (extract(epoch FROM (r.starts_at AT TIME ZONE s.time_zone))::bigint % 3600)), ${columns.map((c) => `sum(r.${c})`).join(', ')}
           FROM report_${owner}_intervals r CROSS JOIN report_close_state s
          GROUP BY 1, 2
          ORDER BY 2, 1`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE report_agent_hours`);
    await queryRunner.query(`DROP TABLE report_queue_hours`);
  }
}
