import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { generateApiKey } from '../src/modules/auth/api-key-format';
import { newId } from '../src/common/ids/ids';

/**
 * Bulk data for benchmarks: one workspace (owner, owner key, bots) with `conversations`
 * conversations and `messages` messages, written set-wise with `INSERT … SELECT generate_series`
 * in one transaction, then VACUUM ANALYZEd. Deterministic for a given `seed` (ids, statuses, times).
 */
export interface BenchSeedOptions {
  conversations: number;
  messages: number;
  /** Bots the conversations are spread over (round robin). Default 3. */
  bots?: number;
  /** Conversations' last activity is spread over this many days before now. Default 30. */
  days?: number;
  /** Makes the random choices repeatable. Default 0.42. */
  seed?: number;
}

export interface BenchWorkspace {
  workspaceId: string;
  memberId: string;
  keyId: string;
  /** An owner key for the workspace (`Authorization: Bearer …`). */
  key: string;
  botIds: string[];
  conversations: number;
  messages: number;
}

/** Share of conversations per status; open ones are handled by the team with `TEAM_SHARE`. */
export const STATUS_SHARES = { open: 0.45, escalated: 0.15, resolved: 0.4 } as const;
const TEAM_SHARE = 0.3;

export async function seedBenchWorkspace(
  databaseUrl: string,
  options: BenchSeedOptions,
): Promise<BenchWorkspace> {
  const { conversations, messages } = options;
  const botCount = options.bots ?? 3;
  const days = options.days ?? 30;
  if (!Number.isInteger(conversations) || conversations < 1) throw new Error('conversations must be ≥ 1');
  if (!Number.isInteger(messages) || messages < 0) throw new Error('messages must be ≥ 0');

  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL synchronous_commit = off');
    await client.query('SELECT setseed($1)', [options.seed ?? 0.42]);
    // Ids: the type's prefix and 22 hex characters, from a per-run salt (never two runs alike).
    const salt = randomBytes(8).toString('hex');

    const workspaceId = newId('workspace');
    const memberId = newId('member');
    const keyId = newId('apiKey');
    const apiKey = generateApiKey();
    await client.query(`INSERT INTO workspaces (id, name) VALUES ($1, 'Bench workspace')`, [workspaceId]);
    await client.query(
      `INSERT INTO members (id, workspace_id, email, name, role) VALUES ($1, $2, 'bench@nebulahex.example', 'Bench', 'owner')`,
      [memberId, workspaceId],
    );
    await client.query(
      `INSERT INTO api_keys (id, workspace_id, member_id, name, prefix, key_hash) VALUES ($1, $2, $3, 'Bench key', $4, $5)`,
      [keyId, workspaceId, memberId, apiKey.prefix, apiKey.hash],
    );
    const botIds = Array.from({ length: botCount }, () => newId('bot'));
    await client.query(
      `INSERT INTO bots (id, workspace_id, name, created_at)
       SELECT b.id, $2, 'Bench bot ' || b.n, now() - interval '1 year' + b.n * interval '1 minute'
         FROM unnest($1::text[]) WITH ORDINALITY AS b(id, n)`,
      [botIds, workspaceId],
    );

    // Conversation g: bot g mod B; status and handler by share; last activity uniformly random
    // over `days`; started up to two hours before; messages spread evenly to add up to `messages`.
    await client.query(
      `INSERT INTO conversations (id, workspace_id, bot_id, session_id, customer_name, customer_email, status,
                                  handler, message_count, created_at, updated_at, resolved_at, escalated_at)
       SELECT 'cnv_' || substr(md5($9 || ':c:' || g), 1, 22), $1, ($2::text[])[1 + g % $3],
              'ses_' || substr(md5($9 || ':s:' || g), 1, 22),
              CASE WHEN g % 4 = 0 THEN NULL ELSE 'Customer ' || g END,
              CASE WHEN g % 2 = 0 THEN NULL ELSE 'customer' || g || '@example.com' END,
              x.status, x.handler, x.message_count,
              x.updated_at - x.duration, x.updated_at,
              CASE WHEN x.status = 'resolved' THEN x.updated_at END,
              CASE WHEN x.status = 'escalated' THEN x.updated_at - x.duration / 2 END
         FROM (
           SELECT g,
                  CASE WHEN r < $6 THEN 'open' WHEN r < $6 + $7 THEN 'escalated' ELSE 'resolved' END
                    ::conversation_status AS status,
                  CASE WHEN r < $6 AND h < $8 OR r >= $6 AND r < $6 + $7 THEN 'team' ELSE 'bot' END
                    ::conversation_handler AS handler,
                  $4::int / $5::int + CASE WHEN g <= $4::int % $5::int THEN 1 ELSE 0 END AS message_count,
                  date_trunc('milliseconds', now() - t * $10 * interval '1 day') AS updated_at,
                  date_trunc('milliseconds', d * interval '2 hours') AS duration
             FROM (SELECT g, random() AS r, random() AS h, random() AS t, random() AS d
                     FROM generate_series(1, $5::int) AS g) AS draw
         ) AS x`,
      [
        workspaceId,
        botIds,
        botCount,
        messages,
        conversations,
        STATUS_SHARES.open,
        STATUS_SHARES.escalated,
        TEAM_SHARE,
        salt,
        days,
      ],
    );

    // Message s of a conversation: customer on odd s, bot on even; times from start to last activity.
    await client.query(
      `INSERT INTO messages (id, workspace_id, conversation_id, seq, author, channel, text, confidence_score,
                             was_fallback, created_at)
       SELECT 'msg_' || substr(md5(c.id || ':' || s), 1, 22), c.workspace_id, c.id, s,
              CASE WHEN s % 2 = 1 THEN 'customer' ELSE 'bot' END::message_author,
              CASE WHEN s % 2 = 1 THEN 'widget' ELSE 'bot' END::message_channel,
              CASE WHEN s % 2 = 1 THEN 'Where is my order #' || (1000 + s) || '?'
                   ELSE 'Order #' || (1000 + s) || ' has shipped and arrives tomorrow.' END,
              CASE WHEN s % 2 = 0 THEN 0.8 END,
              false,
              date_trunc('milliseconds', c.created_at + (c.updated_at - c.created_at) * s / c.message_count)
         FROM conversations c CROSS JOIN LATERAL generate_series(1, c.message_count) AS s
        WHERE c.workspace_id = $1`,
      [workspaceId],
    );
    await client.query('COMMIT');
    // As autovacuum would leave them, but now: statistics for the planner, the visibility map set,
    // and no autovacuum pass over the new rows racing the measurements.
    await client.query('VACUUM (ANALYZE) workspaces, members, api_keys, bots, conversations, messages');
    return { workspaceId, memberId, keyId, key: apiKey.key, botIds, conversations, messages };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
