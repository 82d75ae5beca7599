import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { newId } from '../../common/ids/ids';
import { OutboxEvent } from '../events/event.entity';
import { Workspace } from '../workspaces/workspace.entity';
import { HookSubscription } from './hook-subscription.entity';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One event for one subscription (unique): the unit the worker delivers and retries. The database
 * is the truth about it; queue jobs only say "attempt N of delivery X is due".
 */
@Entity({ tableName: 'deliveries' })
@Unique({ properties: ['event', 'hook'] })
@Index({ properties: ['hook', 'createdAt', 'id'] })
@Index({
  name: 'deliveries_due_index',
  // `lease_until` included: "due and not leased" is then answered from the index alone.
  expression: `create index "deliveries_due_index" on "deliveries" ("next_attempt_at") include ("lease_until") where "status" = 'pending'`,
})
export class Delivery {
  @PrimaryKey({ type: 'string', length: 64 })
  id: string = newId('delivery');

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne(() => HookSubscription, { deleteRule: 'cascade' })
  hook!: HookSubscription;

  @ManyToOne(() => OutboxEvent, { deleteRule: 'cascade' })
  event!: OutboxEvent;

  @Enum({ items: () => DELIVERY_STATUSES, nativeEnumName: 'delivery_status' })
  status: Opt<DeliveryStatus> = 'pending';

  /** Attempts made so far. */
  @Property({ type: 'integer', default: 0 })
  attemptCount: Opt<number> = 0;

  /** `attemptCount` when the current retry schedule began: 0, or where a manual retry restarted it. */
  @Property({ type: 'integer', default: 0 })
  scheduleStart: Opt<number> = 0;

  /** When the next attempt is due (pending deliveries). */
  @Property({ type: 'datetime', length: 3, defaultRaw: 'now()' })
  nextAttemptAt: Opt<Date> = new Date();

  /** A worker holds the delivery until then while an attempt is in flight; a dead worker's lease expires. */
  @Property({ type: 'datetime', length: 3, nullable: true })
  leaseUntil: Date | null = null;

  @Property({ type: 'smallint', nullable: true })
  lastStatusCode: number | null = null;

  @Property({ type: 'datetime', length: 3, defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', length: 3, nullable: true })
  completedAt: Date | null = null;
}
