import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { newId } from '../../common/ids/ids';
import { Workspace } from '../workspaces/workspace.entity';
import { CHANNELS, MESSAGE_AUTHORS, type Channel, type MessageAuthor } from './conversation-states';
import { Conversation } from './conversation.entity';

/** A conversation's messages are numbered 1, 2, 3… (`seq`) in the order they were stored. */
@Entity({ tableName: 'messages' })
@Unique({ properties: ['conversation', 'seq'] })
export class Message {
  @PrimaryKey({ type: 'string', length: 64 })
  id: string = newId('message');

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne(() => Conversation, { deleteRule: 'cascade' })
  conversation!: Conversation;

  /** The message's position in its conversation, from 1: the conversation's `messageCount` when stored. */
  @Property({ type: 'integer' })
  seq!: number;

  @Enum({ items: () => MESSAGE_AUTHORS, nativeEnumName: 'message_author' })
  author!: MessageAuthor;

  @Enum({ items: () => CHANNELS, nativeEnumName: 'message_channel' })
  channel!: Channel;

  @Property({ type: 'text' })
  text!: string;

  /** The bot's confidence in its answer, in [0, 1]; bot messages only. */
  @Property({ type: 'double', nullable: true })
  confidenceScore: number | null = null;

  @Property({ type: 'boolean', default: false })
  wasFallback: Opt<boolean> = false;

  /** The key that injected the message through the API (forensics). */
  @Property({ type: 'string', length: 64, nullable: true })
  apiKeyId: string | null = null;

  /** The member who sent the message from the dashboard (forensics). */
  @Property({ type: 'string', length: 64, nullable: true })
  memberId: string | null = null;

  @Property({ type: 'datetime', length: 3, defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
