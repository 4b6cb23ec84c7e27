import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts as the consoles list them: every alert routing and the complaints module raise, stored in the
 * transaction that raised it, addressed to people (`recipients`) and roles (`recipient_roles`), open until a
 * supervisor or team lead acknowledges it (who and when are kept on the row, and in the audit log).
 * `complaint_alerts` stays the complaint's append-only history; routing alerts had no record before this table.
 */
export class Alerts1764000006000 implements MigrationInterface {
  name = 'Alerts1764000006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(40) NOT NULL,
        severity varchar(16) NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        at timestamptz NOT NULL,
        message text NOT NULL,
        agent_id uuid,
        agent_name text,
        contact_id uuid,
        queue_id uuid,
        complaint_id uuid REFERENCES complaints(id),
        details jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object'),
        recipients uuid[] NOT NULL DEFAULT '{}',
        recipient_roles text[] NOT NULL DEFAULT '{}',
        acknowledged_at timestamptz,
        acknowledged_by uuid REFERENCES users(id),
        CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX alerts_open_idx ON alerts (at DESC) WHERE acknowledged_at IS NULL`);
    await queryRunner.query(`CREATE INDEX alerts_at_idx ON alerts (at DESC)`);
    // Complaint alerts of the last hours come along, open, so that nobody misses one raised just before the upgrade.
    await queryRunner.query(`
      INSERT INTO alerts (id, kind, severity, at, message, agent_id, agent_name, complaint_id, details, recipients, recipient_roles)
      SELECT ca.id, ca.kind, ca.severity, ca.at, ca.message, c.owner_id, u.display_name, ca.complaint_id,
             ca.details || jsonb_build_object('state', c.state, 'teamLeadId', c.team_lead_id), ca.recipients, ca.recipient_roles
        FROM complaint_alerts ca JOIN complaints c ON c.id = ca.complaint_id LEFT JOIN users u ON u.id = c.owner_id
       WHERE ca.at > now() - interval '12 hours'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE alerts`);
  }
}
