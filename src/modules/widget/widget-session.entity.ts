import { Entity, ManyToOne, OneToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { Conversation } from '../conversations/conversation.entity';
import { Workspace } from '../workspaces/workspace.entity';

/**
 * A customer's widget session: the bearer of its token talks in its conversation. The id is the
 * conversation's `sessionId`; the token is stored as its SHA-256 only.
 */
@Entity({ tableName: 'widget_sessions' })
export class WidgetSession {
  /** `ses_…`, the same as the conversation's `sessionId`. */
  @PrimaryKey({ type: 'string', length: 64 })
  id!: string;

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @OneToOne(() => Conversation, { owner: true, deleteRule: 'cascade' })
  conversation!: Conversation;

  /** Hex SHA-256 of the session token. */
  @Property({ type: 'string', length: 64 })
  tokenHash!: string;

  @Property({ type: 'datetime', length: 3, defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
