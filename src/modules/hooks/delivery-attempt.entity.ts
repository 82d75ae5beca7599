import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Delivery } from './delivery.entity';

/** One HTTP attempt of a delivery, as the delivery log shows it. */
@Entity({ tableName: 'delivery_attempts' })
@Unique({ properties: ['delivery', 'attempt'] })
export class DeliveryAttempt {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Delivery, { deleteRule: 'cascade' })
  delivery!: Delivery;

  /** 1 for the first attempt. */
  @Property({ type: 'integer' })
  attempt!: number;

  @Property({ type: 'datetime', length: 3 })
  startedAt!: Date;

  /** The receiver's HTTP status; null when no response came (timeout, refused, network error). */
  @Property({ type: 'smallint', nullable: true })
  statusCode: number | null = null;

  @Property({ type: 'integer' })
  latencyMs!: number;

  /** The first 1 KiB of the response body. */
  @Property({ type: 'text', nullable: true })
  responseSnippet: string | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  error: string | null = null;

  @Property({ type: 'boolean' })
  succeeded!: boolean;
}
