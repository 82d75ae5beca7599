import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { newId } from '../../common/ids/ids';
import { Workspace } from '../workspaces/workspace.entity';
import type { EventType } from './event-types';

/**
 * The transactional outbox: one row per event, written in the same transaction as the change that
 * caused it. `seq` is the order of insertion; `position` the feed's order, given after the event
 * has committed (see EventSequencer).
 */
@Entity({ tableName: 'events' })
@Index({ properties: ['workspace', 'position'] })
@Index({ properties: ['workspace', 'type', 'position'] })
@Index({
  name: 'events_unrelayed_index',
  expression: `create index "events_unrelayed_index" on "events" ("seq") where "relayed_at" is null`,
})
@Index({
  name: 'events_unsequenced_index',
  expression: `create index "events_unsequenced_index" on "events" ("seq") where "position" is null`,
})
export class OutboxEvent {
  @PrimaryKey({ type: 'string', length: 64 })
  id: string = newId('event');

  @Property({ type: 'bigint', autoincrement: true, unique: true })
  seq!: Opt<string>;

  /** The writing transaction's id: which rows one transaction wrote. */
  @Property({ columnType: 'xid8', type: 'string', defaultRaw: 'pg_current_xact_id()' })
  txid!: Opt<string>;

  /**
   * The event's place in `GET /events`, from `events_position_seq`; null until the sequencer has
   * numbered the committed event.
   */
  @Property({ type: 'bigint', nullable: true })
  position: Opt<string> | null = null;

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'string', length: 64 })
  type!: EventType;

  /** `json`, not `jsonb`: kept as written, so deliveries list the fields in the documented order. */
  @Property({ type: 'json', columnType: 'json' })
  data!: Record<string, unknown>;

  /**
   * The W3C `traceparent` of the request that wrote the event, when tracing is on: the relay and
   * the delivery attempts continue its trace.
   */
  @Property({ type: 'string', length: 64, nullable: true })
  traceparent: string | null = null;

  /** When the worker's relay turned the event into deliveries; null until then. */
  @Property({ type: 'datetime', length: 3, nullable: true })
  relayedAt: Date | null = null;

  @Property({ type: 'datetime', length: 3, defaultRaw: 'clock_timestamp()' })
  createdAt: Opt<Date> = new Date();
}
