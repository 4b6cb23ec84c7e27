/**
 * The bench centre the load generator drives: one skill, one voice queue, N agents holding the skill, an
 * ingestion API key, a session per agent and an administrator's session, written straight to the database
 * (sign-in requests would spend most of the set-up hashing passwords). Names carry a run id, so runs against
 * the same database do not collide.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { hashSecret, newSecret } from '../../server/src/common/auth/secrets';

export interface BenchAgent {
  id: string;
  username: string;
  accessToken: string;
}

export interface BenchCentre {
  runId: string;
  queueCode: string;
  queueId: string;
  skillCode: string;
  apiKey: string;
  adminToken: string;
  agents: BenchAgent[];
}

/** Sessions last this long: longer than any run (the access token is what the socket handshake checks). */
const SESSION_SECONDS = 4 * 3600;

export async function createBenchCentre(databaseUrl: string, agentCount: number, queue: { wrapUpSeconds: number; offerTimeoutSeconds: number }): Promise<BenchCentre> {
  const runId = randomBytes(3).toString('hex');
  const code = `load-${runId}`;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const {
      rows: [skill],
    } = await client.query(`INSERT INTO skills (code, name, kind) VALUES ($1, $2, 'product') RETURNING id`, [code, `Load ${runId}`]);
    const {
      rows: [queueRow],
    } = await client.query(
      `INSERT INTO queues (code, name, wrap_up_seconds, offer_timeout_seconds) VALUES ($1, $2, $3, $4) RETURNING id`,
      [code, `Load ${runId}`, queue.wrapUpSeconds, queue.offerTimeoutSeconds],
    );
    await client.query(`INSERT INTO queue_skills (queue_id, skill_id, min_proficiency) VALUES ($1, $2, 1)`, [queueRow.id, skill.id]);
    const { rows: staff } = await client.query<{ id: string; username: string }>(
      `INSERT INTO users (username, display_name, roles)
       SELECT $1 || '-agent-' || g, 'Load agent ' || g, ARRAY['agent'] FROM generate_series(1, $2) g RETURNING id, username`,
      [code, agentCount],
    );
    await client.query(`INSERT INTO agents (user_id, languages) SELECT unnest($1::uuid[]), ARRAY['en']`, [staff.map((s) => s.id)]);
    await client.query(`INSERT INTO agent_skills (agent_id, skill_id, proficiency) SELECT unnest($1::uuid[]), $2, 3`, [staff.map((s) => s.id), skill.id]);
    const {
      rows: [admin],
    } = await client.query(
      // Configures the run's queue and watches its contacts: administrators alone read no contact, supervisors do.
      `INSERT INTO users (username, display_name, roles) VALUES ($1, $2, ARRAY['admin', 'supervisor']) RETURNING id`,
      [`${code}-admin`, `Load administrator ${runId}`],
    );

    const agents: BenchAgent[] = staff.map((s) => ({ id: s.id, username: s.username, accessToken: newSecret('cca') }));
    const adminToken = newSecret('cca');
    const sessions = [...agents.map((a) => ({ user: a.id, token: a.accessToken })), { user: admin.id, token: adminToken }];
    await client.query(
      `INSERT INTO sessions (user_id, access_token_hash, refresh_token_hash, access_expires_at, expires_at)
       SELECT s.user_id, s.access_hash, s.refresh_hash, now() + make_interval(secs => $2), now() + make_interval(secs => $2)
         FROM jsonb_to_recordset($1::jsonb) AS s(user_id uuid, access_hash text, refresh_hash text)`,
      [JSON.stringify(sessions.map((s) => ({ user_id: s.user, access_hash: hashSecret(s.token), refresh_hash: hashSecret(newSecret('ccr')) }))), SESSION_SECONDS],
    );
    const apiKey = newSecret('cck');
    await client.query(`INSERT INTO api_keys (name, key_prefix, key_hash, scopes, created_by) VALUES ($1, $2, $3, ARRAY['ingest'], $4)`, [
      `Load generator ${runId}`,
      apiKey.slice(0, 12),
      hashSecret(apiKey),
      admin.id,
    ]);
    await client.query('COMMIT');
    return { runId, queueCode: code, queueId: queueRow.id, skillCode: code, apiKey, adminToken, agents };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Makes the running server's router load the new agents: changing an agent's skills through the API reloads
 * every queue and agent into the routing core (here with the same skills, so nothing else changes).
 */
export async function reloadRouting(baseUrl: string, centre: BenchCentre): Promise<void> {
  const response = await fetch(`${baseUrl}/api/agents/${centre.agents[0].id}/skills`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${centre.adminToken}` },
    body: JSON.stringify({ skills: [{ skill: centre.skillCode, proficiency: 3 }], languages: ['en'] }),
  });
  if (!response.ok) throw new Error(`reloading the routing configuration failed: ${response.status} ${await response.text()}`);
}

/** What the routing journal says about the posted contacts: double offers, double connections, unanswered. */
export async function journalCheck(databaseUrl: string, interactionIds: string[]): Promise<{ doubleOffers: number; doubleConnections: number; unanswered: number }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // An offer must be closed (accepted, rejected, expired, withdrawn) before the same contact is offered again.
    const {
      rows: [offers],
    } = await client.query(
      `WITH e AS (
         SELECT interaction_id, type, lead(type) OVER (PARTITION BY interaction_id ORDER BY id) AS next_type
           FROM routing_events
          WHERE interaction_id = ANY($1::uuid[])
            AND type IN ('contact.offered', 'offer.accepted', 'offer.rejected', 'offer.expired', 'offer.withdrawn'))
       SELECT count(DISTINCT interaction_id)::int AS n FROM e WHERE type = 'contact.offered' AND next_type = 'contact.offered'`,
      [interactionIds],
    );
    const {
      rows: [connections],
    } = await client.query(
      `SELECT count(*)::int AS n FROM (
         SELECT interaction_id FROM routing_events WHERE interaction_id = ANY($1::uuid[]) AND type = 'contact.connected'
          GROUP BY interaction_id HAVING count(*) > 1) twice`,
      [interactionIds],
    );
    const {
      rows: [unanswered],
    } = await client.query(`SELECT count(*)::int AS n FROM interactions WHERE id = ANY($1::uuid[]) AND answered_at IS NULL AND status <> 'abandoned'`, [interactionIds]);
    return { doubleOffers: offers.n, doubleConnections: connections.n, unanswered: unanswered.n };
  } finally {
    await client.end();
  }
}

/** Each contact's status in the database and its routing journal (type, agent, time), to follow one up. */
export async function contactHistories(databaseUrl: string, interactionIds: string[]): Promise<Array<{ id: string; status: string | null; journal: string[] }>> {
  if (interactionIds.length === 0) return [];
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; status: string | null; journal: string[] | null }>(
      `SELECT i.id, i.status,
              (SELECT array_agg(e.type || ' ' || coalesce(e.agent_id::text, '-') || ' ' || round(extract(epoch FROM e.at) * 1000)::bigint ORDER BY e.id)
                 FROM routing_events e WHERE e.interaction_id = i.id) AS journal
         FROM unnest($1::uuid[]) AS ids(id) LEFT JOIN interactions i ON i.id = ids.id`,
      [interactionIds],
    );
    return rows.map((row) => ({ id: row.id, status: row.status, journal: row.journal ?? [] }));
  } finally {
    await client.end();
  }
}
