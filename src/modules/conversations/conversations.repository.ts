import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { cursorFields, KeysetCursor } from '../../common/http/pagination';
import { newId } from '../../common/ids/ids';
import { withDates } from '../../core/database/rows';
import type { ConversationStatus, Handler } from './conversation-states';
import type { Conversation } from './conversation.entity';
import type { ConversationDto, MessageDto } from './dto/conversation.dto';
import type { LeadSource } from './lead.entity';
import type { Message } from './message.entity';

/** A conversation as this repository's queries return it: the entity's fields, its relations as ids. */
export type ConversationRow = Omit<Conversation, 'workspace' | 'bot'> & {
  workspaceId: string;
  botId: string;
};

/** A message as this repository's queries return it (without its workspace and conversation). */
export type MessageRow = Omit<Message, 'workspace' | 'conversation'>;

/** What a new message needs; its position and time are the conversation's. */
export type NewMessage = Pick<Message, 'author' | 'channel' | 'text'> &
  Partial<Pick<Message, 'confidenceScore' | 'wasFallback' | 'apiKeyId' | 'memberId'>>;

/** A lead to store: who recorded it (`source`), and the key or dashboard member behind it, if any. */
export interface NewLead {
  capturedFields: Record<string, string>;
  source: LeadSource;
  apiKeyId?: string | null;
  memberId?: string | null;
}

// Raw SQL returns column names; the aliases give the entity's property names.
const CONVERSATION_COLUMNS = `id, workspace_id AS "workspaceId", bot_id AS "botId", session_id AS "sessionId",
  customer_name AS "customerName", customer_email AS "customerEmail", status, handler,
  message_count AS "messageCount", consecutive_fallbacks AS "consecutiveFallbacks", created_at AS "createdAt",
  updated_at AS "updatedAt", resolved_at AS "resolvedAt", escalated_at AS "escalatedAt"`;
const CONVERSATION_TIMES = ['createdAt', 'updatedAt', 'resolvedAt', 'escalatedAt'] as const;

const MESSAGE_COLUMNS = `id, seq, author, channel, text, confidence_score AS "confidenceScore",
  was_fallback AS "wasFallback", api_key_id AS "apiKeyId", member_id AS "memberId", created_at AS "createdAt"`;

const conversationRow = (raw: Record<string, unknown>) => withDates<ConversationRow>(raw, CONVERSATION_TIMES);
const messageRow = (raw: Record<string, unknown>) => withDates<MessageRow>(raw, ['createdAt']);

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export function toConversationDto(row: ConversationRow): ConversationDto {
  return {
    id: row.id,
    botId: row.botId,
    sessionId: row.sessionId,
    status: row.status,
    handler: row.handler,
    customer: { name: row.customerName, email: row.customerEmail },
    messageCount: row.messageCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    resolvedAt: iso(row.resolvedAt),
    escalatedAt: iso(row.escalatedAt),
  };
}

export function toMessageDto(row: MessageRow): MessageDto {
  return {
    id: row.id,
    author: row.author,
    channel: row.channel,
    text: row.text,
    confidenceScore: row.confidenceScore,
    wasFallback: row.wasFallback,
    apiKeyId: row.apiKeyId,
    memberId: row.memberId,
    sentAt: row.createdAt.toISOString(),
  };
}

export type ListOrder = 'asc' | 'desc';

/** The conversations list's position: after `(updatedAt, id)`, in the order it was read in. */
export interface ConversationKey {
  updatedAt: Date;
  id: string;
  order: ListOrder;
}

export const CONVERSATION_CURSOR = new KeysetCursor<ConversationKey>({
  updatedAt: cursorFields.time,
  id: cursorFields.idOf('conversation'),
  order: cursorFields.oneOf(['asc', 'desc'] as const),
});

/** The list's filters, all optional, combined. */
export interface ConversationListFilter {
  botId?: string;
  status?: ConversationStatus;
  since?: Date;
  order: ListOrder;
}

/**
 * The `conversations`, `messages` and `leads` tables' queries. Writes run on the `em` they are
 * given (the caller's transaction); so do reads that take one.
 */
@Injectable()
export class ConversationsRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Up to `limit` conversations after `after`, by `(updated_at, id)` in the filter's order: served by
   * the index matching the filters (workspace [, bot] [, status], updated_at, id), so a deep page
   * costs what the first does.
   */
  async page(
    workspaceId: string,
    filter: ConversationListFilter,
    after: ConversationKey | null,
    limit: number,
  ): Promise<ConversationRow[]> {
    const conditions = ['workspace_id = ?'];
    const params: unknown[] = [workspaceId];
    if (filter.botId !== undefined) {
      conditions.push('bot_id = ?');
      params.push(filter.botId);
    }
    if (filter.status !== undefined) {
      conditions.push('status = ?');
      params.push(filter.status);
    }
    if (filter.since !== undefined) {
      conditions.push('updated_at >= ?');
      params.push(filter.since);
    }
    const direction = filter.order === 'asc' ? 'ASC' : 'DESC';
    if (after) {
      conditions.push(`(updated_at, id) ${filter.order === 'asc' ? '>' : '<'} (?::timestamptz, ?)`);
      params.push(after.updatedAt, after.id);
    }
    const rows = await this.em.execute(
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE ${conditions.join(' AND ')}
        ORDER BY updated_at ${direction}, id ${direction} LIMIT ?`,
      [...params, limit],
    );
    return rows.map(conversationRow);
  }

  /** A conversation of the workspace, or null; `lock` takes its row lock (`FOR UPDATE`). */
  async find(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
    lock = false,
  ): Promise<ConversationRow | null> {
    const [row] = await em.execute(
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE id = ? AND workspace_id = ?${lock ? ' FOR UPDATE' : ''}`,
      [conversationId, workspaceId],
    );
    return row ? conversationRow(row) : null;
  }

  /** A new conversation, open and handled by the bot, with a new session id. */
  async insert(
    em: EntityManager,
    input: { workspaceId: string; botId: string; customerName: string | null; customerEmail: string | null },
  ): Promise<ConversationRow> {
    const [row] = await em.execute(
      `INSERT INTO conversations (id, workspace_id, bot_id, session_id, customer_name, customer_email, created_at, updated_at)
       SELECT ?, ?, ?, ?, ?, ?, now.ts, now.ts FROM (SELECT clock_timestamp() AS ts) now
       RETURNING ${CONVERSATION_COLUMNS}`,
      [
        newId('conversation'),
        input.workspaceId,
        input.botId,
        newId('session'),
        input.customerName,
        input.customerEmail,
      ],
    );
    return conversationRow(row);
  }

  /**
   * Counts a new message on the conversation and moves `updated_at` to now (never backwards), with
   * `changes`, in one statement that takes the row lock: concurrent writers to one conversation
   * queue up here. `reopen` re-opens a resolved conversation. Null when there is no such conversation.
   */
  async countMessage(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
    changes: { handler?: Handler; reopen?: boolean },
  ): Promise<ConversationRow | null> {
    const sets = [
      'message_count = message_count + 1',
      'updated_at = greatest(updated_at, clock_timestamp())',
    ];
    const params: unknown[] = [];
    if (changes.handler) {
      sets.push('handler = ?');
      params.push(changes.handler);
    }
    if (changes.reopen) {
      sets.push(`status = CASE WHEN status = 'resolved' THEN 'open'::conversation_status ELSE status END`);
      sets.push(`resolved_at = CASE WHEN status = 'resolved' THEN NULL ELSE resolved_at END`);
    }
    const [row] = await em.execute(
      `UPDATE conversations SET ${sets.join(', ')} WHERE id = ? AND workspace_id = ? RETURNING ${CONVERSATION_COLUMNS}`,
      [...params, conversationId, workspaceId],
    );
    return row ? conversationRow(row) : null;
  }

  /** Stores a message at position `seq` of its conversation, sent at `sentAt`; returns its id. */
  async insertMessage(
    em: EntityManager,
    conversation: { workspaceId: string; id: string },
    seq: number,
    sentAt: Date,
    message: NewMessage,
  ): Promise<string> {
    const id = newId('message');
    await em.execute(
      `INSERT INTO messages (id, workspace_id, conversation_id, seq, author, channel, text, confidence_score,
                             was_fallback, api_key_id, member_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        conversation.workspaceId,
        conversation.id,
        seq,
        message.author,
        message.channel,
        message.text,
        message.confidenceScore ?? null,
        message.wasFallback ?? false,
        message.apiKeyId ?? null,
        message.memberId ?? null,
        sentAt,
      ],
    );
    return id;
  }

  /** Stores a lead on the conversation, captured now; returns its id and time. */
  async insertLead(
    em: EntityManager,
    conversation: { workspaceId: string; id: string },
    lead: NewLead,
  ): Promise<{ id: string; capturedAt: Date }> {
    const id = newId('lead');
    const [row] = await em.execute<{ created_at: string }[]>(
      `INSERT INTO leads (id, workspace_id, conversation_id, captured_fields, source, api_key_id, member_id,
                          created_at)
       VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, clock_timestamp()) RETURNING created_at`,
      [
        id,
        conversation.workspaceId,
        conversation.id,
        JSON.stringify(lead.capturedFields),
        lead.source,
        lead.apiKeyId ?? null,
        lead.memberId ?? null,
      ],
    );
    return { id, capturedAt: new Date(row.created_at) };
  }

  /** True when the conversation has a lead from `source` holding every one of `fields`. */
  async hasLead(
    em: EntityManager,
    conversationId: string,
    source: LeadSource,
    fields: Record<string, string>,
  ): Promise<boolean> {
    const rows = await em.execute(
      `SELECT 1 FROM leads WHERE conversation_id = ? AND source = ? AND captured_fields @> ?::jsonb LIMIT 1`,
      [conversationId, source, JSON.stringify(fields)],
    );
    return rows.length > 0;
  }

  /** Marks the conversation resolved now (never before its last activity); returns the time. */
  async markResolved(em: EntityManager, conversationId: string): Promise<Date> {
    const [row] = await em.execute<{ resolved_at: string }[]>(
      `UPDATE conversations c SET status = 'resolved', resolved_at = greatest(c.updated_at, now.ts),
              updated_at = greatest(c.updated_at, now.ts)
         FROM (SELECT clock_timestamp() AS ts) now
        WHERE c.id = ? RETURNING c.resolved_at`,
      [conversationId],
    );
    return new Date(row.resolved_at);
  }

  /**
   * Marks the conversation escalated now (status `escalated`, handler `team`, no fallbacks counted);
   * null when there is no such conversation.
   */
  async markEscalated(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
  ): Promise<ConversationRow | null> {
    const [row] = await em.execute(
      `UPDATE conversations c SET status = 'escalated', handler = 'team', consecutive_fallbacks = 0,
              escalated_at = greatest(c.updated_at, now.ts), updated_at = greatest(c.updated_at, now.ts)
         FROM (SELECT clock_timestamp() AS ts) now
        WHERE c.id = ? AND c.workspace_id = ? RETURNING ${CONVERSATION_COLUMNS}`,
      [conversationId, workspaceId],
    );
    return row ? conversationRow(row) : null;
  }

  async setConsecutiveFallbacks(em: EntityManager, conversationId: string, count: number): Promise<void> {
    await em.execute(`UPDATE conversations SET consecutive_fallbacks = ? WHERE id = ?`, [
      count,
      conversationId,
    ]);
  }

  /** The conversation's latest `count` messages, oldest first. */
  async latestMessages(em: EntityManager, conversationId: string, count: number): Promise<MessageRow[]> {
    const rows = await em.execute(
      `SELECT * FROM (
         SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?
       ) latest ORDER BY seq`,
      [conversationId, count],
    );
    return rows.map(messageRow);
  }

  /** The position of a message in the conversation, or null when it is not one of its messages. */
  async messageSeq(em: EntityManager, conversationId: string, messageId: string): Promise<number | null> {
    const [row] = await em.execute<{ seq: number }[]>(
      `SELECT seq FROM messages WHERE id = ? AND conversation_id = ?`,
      [messageId, conversationId],
    );
    return row?.seq ?? null;
  }

  /** Up to `limit` of the conversation's messages after position `seq`, oldest first. */
  async messagesAfter(
    em: EntityManager,
    conversationId: string,
    seq: number,
    limit: number,
  ): Promise<MessageRow[]> {
    const rows = await em.execute(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
      [conversationId, seq, limit],
    );
    return rows.map(messageRow);
  }
}
