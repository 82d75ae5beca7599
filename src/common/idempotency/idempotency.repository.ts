import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** The `idempotency_keys` table's queries. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly em: EntityManager) {}

  /** Deletes up to `limit` keys older than `windowHours`. */
  async purgeExpired(windowHours: number, limit: number): Promise<void> {
    await this.em.fork().execute(
      `DELETE FROM idempotency_keys WHERE (api_key_id, key) IN
         (SELECT api_key_id, key FROM idempotency_keys WHERE created_at < now() - make_interval(hours => ?) LIMIT ?)`,
      [windowHours, limit],
    );
  }
}
