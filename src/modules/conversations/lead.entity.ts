import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { newId } from '../../common/ids/ids';
import { Workspace } from '../workspaces/workspace.entity';
import { Conversation } from './conversation.entity';

/** Who recorded the lead: the bot, the API (a key) or a member in the dashboard. */
export const LEAD_SOURCES = ['bot', 'api', 'dashboard'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

@Entity({ tableName: 'leads' })
@Index({ properties: ['workspace', 'createdAt', 'id'] })
export class Lead {
  @PrimaryKey({ type: 'string', length: 64 })
  id: string = newId('lead');

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne(() => Conversation, { deleteRule: 'cascade' })
  @Index()
  conversation!: Conversation;

  /** email, name, phone, plus up to 20 extra string fields. */
  @Property({ type: 'json' })
  capturedFields!: Record<string, string>;

  @Enum({ items: () => LEAD_SOURCES, nativeEnumName: 'lead_source' })
  source!: LeadSource;

  @Property({ type: 'string', length: 64, nullable: true })
  apiKeyId: string | null = null;

  /** The member who recorded the lead from the dashboard. */
  @Property({ type: 'string', length: 64, nullable: true })
  memberId: string | null = null;

  @Property({ type: 'datetime', length: 3, defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
