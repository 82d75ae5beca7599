import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { newId } from '../../common/ids/ids';
import { Workspace } from '../workspaces/workspace.entity';
import type { EventType } from './event-types';

/**
 * The transactional outbox: one row per event, written in the same transaction as the change that
 * caused it. `txid` (the writing transaction's id) and `seq` give a total order in which a reader
 * never misses a row committed later (see EventsService).
 */
@Entity({ tableName: 'events' })
@Index({ properties: ['workspace', 'txid', 'seq'] })
@Index({ properties: ['workspace', 'type', 'txid', 'seq'] })
@Index({
  name: 'events_unrelayed_index',
  expression: `create index "events_unrelayed_index" on "events" ("seq") where "relayed_at" is null`,
})
export class OutboxEvent {
  @PrimaryKey({ type: 'string', length: 64 })
  id: string = newId('event');

  @Property({ type: 'bigint', autoincrement: true, unique: true })
  seq!: Opt<string>;

  @Property({ columnType: 'xid8', type: 'string', defaultRaw: 'pg_current_xact_id()' })
  txid!: Opt<string>;

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'string', length: 64 })
  type!: EventType;

  /** `json`, not `jsonb`: kept as written, so deliveries list the fields in the documented order. */
  @Property({ type: 'json', columnType: 'json' })
  data!: Record<string, unknown>;

  /** When the worker's relay turned the event into deliveries; null until then. */
  @Property({ type: 'datetime', length: 3, nullable: true })
  relayedAt: Date | null = null;

  @Property({ type: 'datetime', length: 3, defaultRaw: 'clock_timestamp()' })
  createdAt: Opt<Date> = new Date();
}
