import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ApiError } from '../../common/http/errors';
import { isId } from '../../common/ids/ids';
import { EventsService } from '../events/events.service';
import type { EscalationReason } from '../events/event-types';
import type { ConversationStatus, Handler } from './conversation-states';
import {
  CONVERSATION_CURSOR,
  ConversationsRepository,
  toConversationDto,
  toMessageDto,
  type ConversationRow,
  type ListOrder,
  type MessageRow,
  type NewMessage,
  type NewLead,
} from './conversations.repository';
import type { ConversationDetailDto, ConversationListDto } from './dto/conversation.dto';
import type { LeadSource } from './lead.entity';

/** The most recent messages `GET /conversations/{id}` returns. */
export const MAX_DETAIL_MESSAGES = 500;

/** The most recent messages a `conversation.escalation` event carries in its transcript. */
export const MAX_TRANSCRIPT_MESSAGES = 50;

export interface ConversationFilter {
  botId?: string;
  status?: ConversationStatus;
  since?: Date;
  order: ListOrder;
  limit: number;
  cursor?: string;
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
    private readonly conversations: ConversationsRepository,
    private readonly events: EventsService,
  ) {}

  /** One page by keyset on `(updatedAt, id)`; a cursor works only with the order it was made in. */
  async list(workspaceId: string, filter: ConversationFilter): Promise<ConversationListDto> {
    const after = CONVERSATION_CURSOR.decode(filter.cursor, { order: filter.order });
    // No bot has an id of another shape (and PostgreSQL refuses some strings, e.g. with NUL).
    if (filter.botId !== undefined && !isId('bot', filter.botId))
      return { conversations: [], nextCursor: null };
    const rows = await this.conversations.page(workspaceId, filter, after, filter.limit + 1);
    const page = CONVERSATION_CURSOR.page(rows, filter.limit, (row) => ({
      updatedAt: row.updatedAt,
      id: row.id,
      order: filter.order,
    }));
    return { conversations: page.items.map(toConversationDto), nextCursor: page.nextCursor };
  }

  async get(workspaceId: string, conversationId: string): Promise<ConversationDetailDto> {
    const conversation = await this.find(this.em, workspaceId, conversationId);
    const messages = await this.conversations.latestMessages(this.em, conversation.id, MAX_DETAIL_MESSAGES);
    return {
      ...toConversationDto(conversation),
      messages: messages.map(toMessageDto),
      messagesTruncated: conversation.messageCount > messages.length,
    };
  }

  /** The conversation, or 404 when it does not exist in this workspace (ids of others look missing). */
  async find(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
    lock = false,
  ): Promise<ConversationRow> {
    const row = isId('conversation', conversationId)
      ? await this.conversations.find(em, workspaceId, conversationId, lock)
      : null;
    if (!row) throw ApiError.notFound('conversation');
    return row;
  }

  /** Starts a conversation (a new widget session) with a bot of the workspace: open, handled by the bot. */
  open(
    em: EntityManager,
    input: {
      workspaceId: string;
      botId: string;
      customerName?: string | null;
      customerEmail?: string | null;
    },
  ): Promise<ConversationRow> {
    return this.conversations.insert(em, {
      workspaceId: input.workspaceId,
      botId: input.botId,
      customerName: input.customerName ?? null,
      customerEmail: input.customerEmail ?? null,
    });
  }

  /**
   * Appends a message to a conversation and emits `message.sent`. `changes` are applied to the
   * conversation in the statement that counts the message, which takes the row lock: concurrent
   * writers to one conversation queue up, and each message gets the next `seq` and a later time
   * than the last.
   */
  async appendMessage(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
    message: NewMessage,
    changes: { handler?: Handler; reopen?: boolean } = {},
  ): Promise<{ conversation: ConversationRow; messageId: string; sentAt: string }> {
    const conversation = isId('conversation', conversationId)
      ? await this.conversations.countMessage(em, workspaceId, conversationId, changes)
      : null;
    if (!conversation) throw ApiError.notFound('conversation');
    const messageId = await this.conversations.insertMessage(
      em,
      conversation,
      conversation.messageCount,
      conversation.updatedAt,
      message,
    );
    const sentAt = conversation.updatedAt.toISOString();
    await this.events.emit(em, workspaceId, 'message.sent', {
      conversationId: conversation.id,
      botId: conversation.botId,
      sessionId: conversation.sessionId,
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
    lead: NewLead,
  ): Promise<{ leadId: string; capturedAt: string }> {
    const conversation = await this.find(em, workspaceId, conversationId);
    const stored = await this.conversations.insertLead(em, conversation, {
      capturedFields: lead.capturedFields,
      source: lead.source,
      apiKeyId: lead.apiKeyId ?? null,
      memberId: lead.memberId ?? null,
    });
    const capturedAt = stored.capturedAt.toISOString();
    await this.events.emit(em, workspaceId, 'lead.captured', {
      conversationId: conversation.id,
      botId: conversation.botId,
      leadId: stored.id,
      capturedFields: lead.capturedFields,
      sessionId: conversation.sessionId,
      capturedAt,
    });
    return { leadId: stored.id, capturedAt };
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
    if (conversation.status === 'resolved' && conversation.resolvedAt) {
      return { resolvedAt: conversation.resolvedAt.toISOString() };
    }
    const resolvedAt = (await this.conversations.markResolved(em, conversation.id)).toISOString();
    await this.events.emit(em, workspaceId, 'conversation.resolved', {
      conversationId: conversation.id,
      botId: conversation.botId,
      sessionId: conversation.sessionId,
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
      const seq = isId('message', afterMessageId)
        ? await this.conversations.messageSeq(em, conversationId, afterMessageId)
        : null;
      if (seq === null) return null;
      afterSeq = seq;
    }
    return this.conversations.messagesAfter(em, conversationId, afterSeq, limit);
  }

  /** True when the conversation already has a lead from `source` holding every one of `fields`. */
  hasLead(
    em: EntityManager,
    conversationId: string,
    source: LeadSource,
    fields: Record<string, string>,
  ): Promise<boolean> {
    return this.conversations.hasLead(em, conversationId, source, fields);
  }

  /** Stores the bot's count of consecutive fallbacks; the caller holds the conversation's lock. */
  setConsecutiveFallbacks(em: EntityManager, conversationId: string, count: number): Promise<void> {
    return this.conversations.setConsecutiveFallbacks(em, conversationId, count);
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
    const row = await this.conversations.markEscalated(em, workspaceId, conversationId);
    if (!row) throw ApiError.notFound('conversation');
    const messages = await this.conversations.latestMessages(em, row.id, MAX_TRANSCRIPT_MESSAGES);
    const escalatedAt = row.escalatedAt!.toISOString();
    await this.events.emit(em, workspaceId, 'conversation.escalation', {
      conversationId: row.id,
      botId: row.botId,
      sessionId: row.sessionId,
      reason,
      transcript: messages.map((m) => ({
        author: m.author,
        text: m.text,
        sentAt: m.createdAt.toISOString(),
      })),
      escalatedAt,
    });
    return { escalatedAt };
  }
}
