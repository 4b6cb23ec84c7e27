import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Teams with names of their own. A team has at most one lead and a lead leads at most one team; staff belong to at
 * most one team (`users.team_id`). `users.team_lead_id` stays as the lead of the user's team, written with every
 * change of team or lead in the same transaction, so everything that groups by team lead (retention worklists,
 * complaint escalation, the floor, agent reports, contact visibility) reads one column as before.
 *
 * Names are at most 200 characters here (a derived name: a 120-character display name, "'s team" and a username);
 * the API accepts at most 80 for a name it is given.
 *
 * Existing data: one team per team lead (whoever holds the role or leads someone), named "<lead's name>'s team"
 * ("<lead's name>'s team (<username>)" when two leads share a name), holding the people who had that lead.
 */
export class Teams1764000025100 implements MigrationInterface {
  name = 'Teams1764000025100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CONSTRAINT teams_name_length CHECK (char_length(name) BETWEEN 1 AND 200 AND name = btrim(name)),
        team_lead_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX teams_name_key ON teams (lower(name))`);
    await queryRunner.query(`CREATE UNIQUE INDEX teams_team_lead_key ON teams (team_lead_id) WHERE team_lead_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE users ADD COLUMN team_id uuid REFERENCES teams(id)`);
    await queryRunner.query(`CREATE INDEX users_team_idx ON users (team_id) WHERE team_id IS NOT NULL`);

    await queryRunner.query(`
      WITH leads AS (
        SELECT u.id, u.username, u.display_name,
               count(*) OVER (PARTITION BY lower(btrim(u.display_name))) AS same_name
          FROM users u
         WHERE 'team_lead' = ANY(u.roles) OR EXISTS (SELECT 1 FROM users m WHERE m.team_lead_id = u.id)
      )
      INSERT INTO teams (name, team_lead_id)
      SELECT CASE WHEN same_name > 1 THEN btrim(display_name) || '''s team (' || username || ')' ELSE btrim(display_name) || '''s team' END, id
        FROM leads`);
    await queryRunner.query(`UPDATE users u SET team_id = t.id FROM teams t WHERE t.team_lead_id = u.team_lead_id`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users DROP COLUMN team_id`);
    await queryRunner.query(`DROP TABLE teams`);
  }
}
