import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { newId } from '../../common/ids/ids';
import type { EventType } from '../events/event-types';
import { Workspace } from '../workspaces/workspace.entity';

export const HOOK_STATUSES = ['active', 'paused'] as const;
export type HookStatus = (typeof HOOK_STATUSES)[number];

/** A webhook subscription: one event type pushed to one URL, signed with its own secret. */
@Entity({ tableName: 'hook_subscriptions' })
@Index({ properties: ['workspace', 'createdAt', 'id'] })
@Index({ properties: ['workspace', 'event', 'status'] })
export class HookSubscription {
  @PrimaryKey({ type: 'string', length: 64 })
  id: string = newId('hook');

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'string', length: 64 })
  event!: EventType;

  @Property({ type: 'string', length: 2048 })
  targetUrl!: string;

  @Property({ type: 'string', length: 500, nullable: true })
  description: string | null = null;

  @Enum({ items: () => HOOK_STATUSES, nativeEnumName: 'hook_status' })
  status: Opt<HookStatus> = 'active';

  @Property({ type: 'datetime', length: 3, nullable: true })
  pausedAt: Date | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  pauseReason: string | null = null;

  /** Failed attempts since the last success. */
  @Property({ type: 'integer', default: 0 })
  consecutiveFailures: Opt<number> = 0;

  /** `whsec_…`, sealed with the secret key. */
  @Property({ type: 'text' })
  sealedSecret!: string;

  /** The secret before the last rotation: it keeps signing alongside until `previousSecretExpiresAt`. */
  @Property({ type: 'text', nullable: true })
  sealedPreviousSecret: string | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  previousSecretExpiresAt: Date | null = null;

  @Property({ type: 'datetime', length: 3, defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
