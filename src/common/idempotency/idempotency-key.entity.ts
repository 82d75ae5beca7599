import { Entity, Index, PrimaryKey, Property, type Opt } from '@mikro-orm/core';

/**
 * One `Idempotency-Key` of one API key (README, `Idempotency-Key`): the request's fingerprint and, once the request
 * succeeded, its response, replayed for 24 hours. See IdempotencyInterceptor.
 */
@Entity({ tableName: 'idempotency_keys' })
@Index({ properties: ['createdAt'] })
export class IdempotencyKey {
  /** The credential that sent it: an API key's id, or a dashboard session's (`dss_…`). */
  @PrimaryKey({ type: 'string', length: 64 })
  apiKeyId!: string;

  @PrimaryKey({ type: 'string', length: 255 })
  key!: string;

  /** SHA-256 (hex) of the method, path and body. */
  @Property({ type: 'string', length: 64 })
  fingerprint!: string;

  /** Null while the first request is in flight, or when it failed (a retry runs it again). */
  @Property({ type: 'smallint', nullable: true })
  statusCode: number | null = null;

  /** The response body, sealed with the secret key: responses may carry secrets (a new API key). */
  @Property({ type: 'text', nullable: true })
  sealedResponse: string | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
