import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { IdempotencyKey } from './idempotency-key.entity';

/** A key's row as the interceptor reads it under its lock. */
export type StoredIdempotencyKey = Pick<IdempotencyKey, 'fingerprint' | 'statusCode' | 'sealedResponse'> & {
  /** Older than the window: the key starts over. */
  expired: boolean;
};

/** PostgreSQL's `lock_not_available`: `NOWAIT` found the row locked. */
const LOCK_NOT_AVAILABLE = '55P03';

/** The `idempotency_keys` table's queries. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Inserts the key's row unless it exists, in autocommit on its own connection: committed at once,
   * so a concurrent request with the same key finds the row to lock.
   */
  async insertIfNew(apiKeyId: string, key: string, fingerprint: string): Promise<void> {
    await this.em
      .getConnection()
      .execute(
        `INSERT INTO idempotency_keys (api_key_id, key, fingerprint) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
        [apiKeyId, key, fingerprint],
      );
  }

  /**
   * Locks the key's row in `em`'s transaction without waiting: 'in-flight' when another transaction
   * holds it, null when the row is gone (purged since it was inserted).
   */
  async lock(
    em: EntityManager,
    apiKeyId: string,
    key: string,
    windowHours: number,
  ): Promise<StoredIdempotencyKey | null | 'in-flight'> {
    try {
      const [row] = await em.execute<StoredIdempotencyKey[]>(
        `SELECT fingerprint, status_code AS "statusCode", sealed_response AS "sealedResponse",
                created_at < now() - make_interval(hours => ?) AS expired
           FROM idempotency_keys WHERE api_key_id = ? AND key = ? FOR UPDATE NOWAIT`,
        [windowHours, apiKeyId, key],
      );
      return row ?? null;
    } catch (error) {
      if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) return 'in-flight';
      throw error;
    }
  }

  /** Makes the key new again for `fingerprint`: no response, created now. */
  async restart(em: EntityManager, apiKeyId: string, key: string, fingerprint: string): Promise<void> {
    await em.execute(
      `INSERT INTO idempotency_keys (api_key_id, key, fingerprint) VALUES (?, ?, ?)
       ON CONFLICT (api_key_id, key) DO UPDATE
          SET fingerprint = EXCLUDED.fingerprint, status_code = NULL, sealed_response = NULL, created_at = now()`,
      [apiKeyId, key, fingerprint],
    );
  }

  async setFingerprint(em: EntityManager, apiKeyId: string, key: string, fingerprint: string): Promise<void> {
    await em.execute(`UPDATE idempotency_keys SET fingerprint = ? WHERE api_key_id = ? AND key = ?`, [
      fingerprint,
      apiKeyId,
      key,
    ]);
  }

  async storeResponse(
    em: EntityManager,
    apiKeyId: string,
    key: string,
    response: { statusCode: number; sealedResponse: string },
  ): Promise<void> {
    await em.execute(
      `UPDATE idempotency_keys SET status_code = ?, sealed_response = ? WHERE api_key_id = ? AND key = ?`,
      [response.statusCode, response.sealedResponse, apiKeyId, key],
    );
  }

  /** Deletes up to `limit` keys older than `windowHours` (the worker's retention job). */
  async purgeExpired(windowHours: number, limit: number): Promise<void> {
    await this.em.fork().execute(
      `DELETE FROM idempotency_keys WHERE (api_key_id, key) IN
         (SELECT api_key_id, key FROM idempotency_keys WHERE created_at < now() - make_interval(hours => ?) LIMIT ?)`,
      [windowHours, limit],
    );
  }
}
