import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { newId } from '../../common/ids/ids';
import { Bot } from '../bots/bot.entity';
import { Workspace } from '../workspaces/workspace.entity';
import {
  CONVERSATION_STATUSES,
  HANDLERS,
  type ConversationStatus,
  type Handler,
} from './conversation-states';

/**
 * One customer's thread with a bot. The four indexes serve the list filters by keyset on
 * `(updated_at, id)`: none, bot, status, bot + status.
 */
@Entity({ tableName: 'conversations' })
@Index({ properties: ['workspace', 'updatedAt', 'id'] })
@Index({ properties: ['workspace', 'bot', 'updatedAt', 'id'] })
@Index({ properties: ['workspace', 'status', 'updatedAt', 'id'] })
@Index({ properties: ['workspace', 'bot', 'status', 'updatedAt', 'id'] })
export class Conversation {
  @PrimaryKey({ type: 'string', length: 64 })
  id: string = newId('conversation');

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne(() => Bot, { deleteRule: 'cascade' })
  bot!: Bot;

  /** The widget session this conversation belongs to (`ses_…`). */
  @Property({ type: 'string', length: 64 })
  sessionId: string = newId('session');

  @Property({ type: 'string', length: 200, nullable: true })
  customerName: string | null = null;

  @Property({ type: 'string', length: 320, nullable: true })
  customerEmail: string | null = null;

  @Enum({ items: () => CONVERSATION_STATUSES, nativeEnumName: 'conversation_status' })
  status: Opt<ConversationStatus> = 'open';

  @Enum({ items: () => HANDLERS, nativeEnumName: 'conversation_handler' })
  handler: Opt<Handler> = 'bot';

  @Property({ type: 'integer', default: 0 })
  messageCount: Opt<number> = 0;

  /** Consecutive low-confidence answers; the runtime escalates past the bot's limit. */
  @Property({ type: 'integer', default: 0 })
  consecutiveFallbacks: Opt<number> = 0;

  // Millisecond precision, as JavaScript and the API's timestamps have: `updatedAt` is a keyset.
  @Property({ type: 'datetime', length: 3, defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  /** Bumped by every message and status change; the list's sort key and `since` filter. */
  @Property({ type: 'datetime', length: 3, defaultRaw: 'now()' })
  updatedAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', length: 3, nullable: true })
  resolvedAt: Date | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  escalatedAt: Date | null = null;
}
