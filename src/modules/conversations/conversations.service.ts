import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ApiError } from '../../common/http/errors';
import { isId, newId } from '../../common/ids/ids';
import { EventsService } from '../events/events.service';
import type { EscalationReason } from '../events/event-types';
import type { Channel, ConversationStatus, Handler, MessageAuthor } from './conversation-states';
import type {
  ConversationDetailDto,
  ConversationDto,
  ConversationListDto,
  MessageDto,
} from './dto/conversation.dto';

/** The most recent messages `GET /conversations/{id}` returns. */
export const MAX_DETAIL_MESSAGES = 500;

export interface ConversationRow {
  id: string;
  workspace_id: string;
  bot_id: string;
  session_id: string;
  customer_name: string | null;
  customer_email: string | null;
  status: ConversationStatus;
  handler: Handler;
  message_count: number;
  consecutive_fallbacks: number;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  escalated_at: Date | null;
}

export interface MessageRow {
  id: string;
  seq: number;
  author: MessageAuthor;
  channel: Channel;
  text: string;
  confidence_score: number | null;
  was_fallback: boolean;
  api_key_id: string | null;
  created_at: Date;
}

const CONVERSATION_COLUMNS = `id, workspace_id, bot_id, session_id, customer_name, customer_email, status, handler,
  message_count, consecutive_fallbacks, created_at, updated_at, resolved_at, escalated_at`;

const MESSAGE_COLUMNS = `id, seq, author, channel, text, confidence_score, was_fallback, api_key_id, created_at`;

/** The most recent messages a `conversation.escalation` event carries in its transcript. */
export const MAX_TRANSCRIPT_MESSAGES = 50;

const iso = (date: Date | string | null): string | null =>
  date === null ? null : new Date(date).toISOString();

export function toConversationDto(row: ConversationRow): ConversationDto {
  return {
    id: row.id,
    botId: row.bot_id,
    sessionId: row.session_id,
    status: row.status,
    handler: row.handler,
    customer: { name: row.customer_name, email: row.customer_email },
    messageCount: row.message_count,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    resolvedAt: iso(row.resolved_at),
    escalatedAt: iso(row.escalated_at),
  };
}

export function toMessageDto(row: MessageRow): MessageDto {
  return {
    id: row.id,
    author: row.author,
    channel: row.channel,
    text: row.text,
    confidenceScore: row.confidence_score,
    wasFallback: row.was_fallback,
    apiKeyId: row.api_key_id,
    sentAt: iso(row.created_at)!,
  };
}

export interface ConversationFilter {
  botId?: string;
  status?: ConversationStatus;
  since?: Date;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

/** Position after a page's last row in `(updatedAt, id)`, and the order it was read in. */
interface ConversationKeyset {
  updatedAt: string;
  id: string;
  order: 'asc' | 'desc';
}

function encodeConversationCursor(keyset: ConversationKeyset): string {
  return Buffer.from(JSON.stringify([keyset.updatedAt, keyset.id, keyset.order])).toString('base64url');
}

/** A time exactly as this API writes it (`toISOString()`, years 1–9999), so PostgreSQL accepts it too. */
function isCursorTime(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^(?!0000)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(value) &&
    new Date(value).toISOString() === value
  );
}

function decodeConversationCursor(
  cursor: string | undefined,
  order: 'asc' | 'desc',
): ConversationKeyset | null {
  if (cursor === undefined) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  const [updatedAt, id, cursorOrder] = Array.isArray(decoded) ? (decoded as unknown[]) : [];
  if (
    !isCursorTime(updatedAt) ||
    typeof id !== 'string' ||
    !isId('conversation', id) ||
    (cursorOrder !== 'asc' && cursorOrder !== 'desc')
  ) {
    throw ApiError.validation([{ field: 'cursor', message: 'cursor is not one this API returned' }]);
  }
  if (cursorOrder !== order) {
    throw ApiError.validation([
      { field: 'cursor', message: `cursor belongs to a list in order=${cursorOrder}; pass the same order` },
    ]);
  }
  return { updatedAt, id, order };
}

/** What a new message needs; the conversation must be locked by the caller's transaction. */
export interface NewMessage {
  author: MessageAuthor;
  channel: Channel;
  text: string;
  confidenceScore?: number | null;
  wasFallback?: boolean;
  apiKeyId?: string | null;
}

/**
 * Conversations and their messages: the reads of the API, and the writes every channel shares
 * (API actions now, the widget and the bot engine in the runtime). Each write emits its event
 * through the outbox in the caller's transaction.
 */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly events: EventsService,
  ) {}

  /**
   * One page by keyset on `(updated_at, id)`: served by the index matching the filters
   * (workspace [, bot] [, status], updated_at, id), so a deep page costs what the first does.
   */
  async list(workspaceId: string, filter: ConversationFilter): Promise<ConversationListDto> {
    const after = decodeConversationCursor(filter.cursor, filter.order);
    // No bot has an id of another shape (and PostgreSQL refuses some strings, e.g. with NUL).
    if (filter.botId !== undefined && !isId('bot', filter.botId))
      return { conversations: [], nextCursor: null };
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
    const rows = await this.em.execute<ConversationRow[]>(
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE ${conditions.join(' AND ')}
        ORDER BY updated_at ${direction}, id ${direction} LIMIT ?`,
      [...params, filter.limit + 1],
    );
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    return {
      conversations: items.map(toConversationDto),
      nextCursor:
        rows.length > filter.limit
          ? encodeConversationCursor({ updatedAt: iso(last.updated_at)!, id: last.id, order: filter.order })
          : null,
    };
  }

  async get(workspaceId: string, conversationId: string): Promise<ConversationDetailDto> {
    const conversation = await this.find(this.em, workspaceId, conversationId);
    const messages = await this.em.execute<MessageRow[]>(
      `SELECT * FROM (
         SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?
       ) latest ORDER BY seq`,
      [conversation.id, MAX_DETAIL_MESSAGES],
    );
    return {
      ...toConversationDto(conversation),
      messages: messages.map(toMessageDto),
      messagesTruncated: conversation.message_count > messages.length,
    };
  }

  /** The conversation, or 404 when it does not exist in this workspace (ids of others look missing). */
  async find(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
    lock = false,
  ): Promise<ConversationRow> {
    if (!isId('conversation', conversationId)) throw ApiError.notFound('conversation');
    const [row] = await em.execute<ConversationRow[]>(
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE id = ? AND workspace_id = ?${lock ? ' FOR UPDATE' : ''}`,
      [conversationId, workspaceId],
    );
    if (!row) throw ApiError.notFound('conversation');
    return row;
  }

  /** Starts a conversation (a new widget session) with a bot of the workspace: open, handled by the bot. */
  async open(
    em: EntityManager,
    input: {
      workspaceId: string;
      botId: string;
      customerName?: string | null;
      customerEmail?: string | null;
    },
  ): Promise<ConversationRow> {
    const [row] = await em.execute<ConversationRow[]>(
      `INSERT INTO conversations (id, workspace_id, bot_id, session_id, customer_name, customer_email, created_at, updated_at)
       SELECT ?, ?, ?, ?, ?, ?, now.ts, now.ts FROM (SELECT clock_timestamp() AS ts) now
       RETURNING ${CONVERSATION_COLUMNS}`,
      [
        newId('conversation'),
        input.workspaceId,
        input.botId,
        newId('session'),
        input.customerName ?? null,
        input.customerEmail ?? null,
      ],
    );
    return row;
  }

  /**
   * Appends a message to a conversation and emits `message.sent`. `changes` are applied to the
   * conversation in the same statement, which takes the row lock: concurrent writers to one
   * conversation queue up, and each message gets the next `seq` and a later time than the last.
   */
  async appendMessage(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
    message: NewMessage,
    changes: { handler?: Handler; reopen?: boolean } = {},
  ): Promise<{ conversation: ConversationRow; messageId: string; sentAt: string }> {
    if (!isId('conversation', conversationId)) throw ApiError.notFound('conversation');
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
    const [conversation] = await em.execute<ConversationRow[]>(
      `UPDATE conversations SET ${sets.join(', ')} WHERE id = ? AND workspace_id = ? RETURNING ${CONVERSATION_COLUMNS}`,
      [...params, conversationId, workspaceId],
    );
    if (!conversation) throw ApiError.notFound('conversation');
    const messageId = newId('message');
    const sentAt = iso(conversation.updated_at)!;
    await em.execute(
      `INSERT INTO messages (id, workspace_id, conversation_id, seq, author, channel, text, confidence_score,
                             was_fallback, api_key_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        messageId,
        workspaceId,
        conversation.id,
        conversation.message_count,
        message.author,
        message.channel,
        message.text,
        message.confidenceScore ?? null,
        message.wasFallback ?? false,
        message.apiKeyId ?? null,
        sentAt,
      ],
    );
    await this.events.emit(em, workspaceId, 'message.sent', {
      conversationId: conversation.id,
      botId: conversation.bot_id,
      sessionId: conversation.session_id,
      messageId,
      channel: message.channel,
      confidenceScore: message.confidenceScore ?? null,
      wasFallback: message.wasFallback ?? false,
      sentAt,
    });
    return { conversation, messageId, sentAt };
  }

  /** Records a lead on a conversation and emits `lead.captured`. */
  async createLead(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
    lead: { capturedFields: Record<string, string>; source: 'bot' | 'api'; apiKeyId?: string | null },
  ): Promise<{ leadId: string; capturedAt: string }> {
    const conversation = await this.find(em, workspaceId, conversationId);
    const leadId = newId('lead');
    const [row] = await em.execute<{ created_at: Date }[]>(
      `INSERT INTO leads (id, workspace_id, conversation_id, captured_fields, source, api_key_id, created_at)
       VALUES (?, ?, ?, ?::jsonb, ?, ?, clock_timestamp()) RETURNING created_at`,
      [
        leadId,
        workspaceId,
        conversation.id,
        JSON.stringify(lead.capturedFields),
        lead.source,
        lead.apiKeyId ?? null,
      ],
    );
    const capturedAt = iso(row.created_at)!;
    await this.events.emit(em, workspaceId, 'lead.captured', {
      conversationId: conversation.id,
      botId: conversation.bot_id,
      leadId,
      capturedFields: lead.capturedFields,
      sessionId: conversation.session_id,
      capturedAt,
    });
    return { leadId, capturedAt };
  }

  /**
   * Resolves a conversation; idempotent: resolving a resolved one changes nothing, emits nothing
   * and answers its first `resolvedAt`. The handler is left as is: the customer's next message
   * re-opens the conversation and hands it to the bot.
   */
  async resolve(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
  ): Promise<{ resolvedAt: string }> {
    const conversation = await this.find(em, workspaceId, conversationId, true);
    if (conversation.status === 'resolved' && conversation.resolved_at) {
      return { resolvedAt: iso(conversation.resolved_at)! };
    }
    const [row] = await em.execute<{ resolved_at: Date }[]>(
      `UPDATE conversations c SET status = 'resolved', resolved_at = greatest(c.updated_at, now.ts),
              updated_at = greatest(c.updated_at, now.ts)
         FROM (SELECT clock_timestamp() AS ts) now
        WHERE c.id = ? RETURNING c.resolved_at`,
      [conversation.id],
    );
    const resolvedAt = iso(row.resolved_at)!;
    await this.events.emit(em, workspaceId, 'conversation.resolved', {
      conversationId: conversation.id,
      botId: conversation.bot_id,
      sessionId: conversation.session_id,
      resolvedAt,
    });
    return { resolvedAt };
  }

  /**
   * Up to `limit` messages after the message `afterMessageId` (from the first when null), oldest
   * first; null when `afterMessageId` is not a message of this conversation.
   */
  async messagesAfter(
    em: EntityManager,
    conversationId: string,
    afterMessageId: string | null,
    limit: number,
  ): Promise<MessageRow[] | null> {
    let afterSeq = 0;
    if (afterMessageId !== null) {
      if (!isId('message', afterMessageId)) return null;
      const [after] = await em.execute<{ seq: number }[]>(
        `SELECT seq FROM messages WHERE id = ? AND conversation_id = ?`,
        [afterMessageId, conversationId],
      );
      if (!after) return null;
      afterSeq = after.seq;
    }
    return em.execute<MessageRow[]>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
      [conversationId, afterSeq, limit],
    );
  }

  /** True when the conversation already has a lead from `source` holding every one of `fields`. */
  async hasLead(
    em: EntityManager,
    conversationId: string,
    source: 'bot' | 'api',
    fields: Record<string, string>,
  ): Promise<boolean> {
    const rows = await em.execute(
      `SELECT 1 FROM leads WHERE conversation_id = ? AND source = ? AND captured_fields @> ?::jsonb LIMIT 1`,
      [conversationId, source, JSON.stringify(fields)],
    );
    return rows.length > 0;
  }

  /** Stores the bot's count of consecutive fallbacks; the caller holds the conversation's lock. */
  async setConsecutiveFallbacks(em: EntityManager, conversationId: string, count: number): Promise<void> {
    await em.execute(`UPDATE conversations SET consecutive_fallbacks = ? WHERE id = ?`, [
      count,
      conversationId,
    ]);
  }

  /**
   * Hands a conversation to the team (status `escalated`, handler `team`: the bot pauses) and emits
   * `conversation.escalation` with the reason and the latest messages as the transcript. The caller
   * holds the conversation's lock.
   */
  async escalate(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
    reason: EscalationReason,
  ): Promise<{ escalatedAt: string }> {
    const [row] = await em.execute<ConversationRow[]>(
      `UPDATE conversations c SET status = 'escalated', handler = 'team', consecutive_fallbacks = 0,
              escalated_at = greatest(c.updated_at, now.ts), updated_at = greatest(c.updated_at, now.ts)
         FROM (SELECT clock_timestamp() AS ts) now
        WHERE c.id = ? AND c.workspace_id = ? RETURNING ${CONVERSATION_COLUMNS.replace(/(\w+)/g, 'c.$1')}`,
      [conversationId, workspaceId],
    );
    if (!row) throw ApiError.notFound('conversation');
    const messages = await em.execute<MessageRow[]>(
      `SELECT * FROM (SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?)
         latest ORDER BY seq`,
      [row.id, MAX_TRANSCRIPT_MESSAGES],
    );
    const escalatedAt = iso(row.escalated_at)!;
    await this.events.emit(em, workspaceId, 'conversation.escalation', {
      conversationId: row.id,
      botId: row.bot_id,
      sessionId: row.session_id,
      reason,
      transcript: messages.map((m) => ({ author: m.author, text: m.text, sentAt: iso(m.created_at)! })),
      escalatedAt,
    });
    return { escalatedAt };
  }
}
