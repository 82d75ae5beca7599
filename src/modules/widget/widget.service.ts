import { createHash, timingSafeEqual } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { HttpStatus, Injectable } from '@nestjs/common';
import { randomBase62 } from '../../core/crypto/base62';
import { ApiError } from '../../common/http/errors';
import { isId } from '../../common/ids/ids';
import { ConversationsService } from '../conversations/conversations.service';
import { RuntimeService, type RuntimeBot, type StoredMessage } from '../runtime/runtime.service';
import type { WidgetMessageDto, WidgetSessionDto } from './dto/widget.dto';

/** Messages one poll returns at most; poll again after the last one for more. */
export const MAX_POLLED_MESSAGES = 100;
const TOKEN_PREFIX = 'nhx_wt_';
const TOKEN_SHAPE = /^nhx_wt_[0-9A-Za-z]{40}$/;

const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

const unauthorized = () =>
  new ApiError(
    HttpStatus.UNAUTHORIZED,
    'unauthorized',
    'A valid session token is required: send `Authorization: Bearer <sessionToken>`.',
  );

interface BotRow {
  id: string;
  workspace_id: string;
  is_active: boolean;
  config: unknown;
}

/** A session whose token the request proved (see `authenticate`). */
export interface WidgetSession {
  token_hash: string;
  conversation_id: string;
  workspace_id: string;
  bot_id: string;
  is_active: boolean;
  config: unknown;
}

function toWidgetMessage(message: StoredMessage): WidgetMessageDto {
  return { id: message.id, author: message.author, text: message.text, sentAt: message.sentAt };
}

/** The public widget channel: sessions with a bearer token, customer messages, polling. */
@Injectable()
export class WidgetService {
  constructor(
    private readonly em: EntityManager,
    private readonly conversations: ConversationsService,
    private readonly runtime: RuntimeService,
  ) {}

  /** Opens a conversation with an active bot; the bot greets in the same transaction. */
  async createSession(
    botId: string,
    customer: { name?: string; email?: string } = {},
  ): Promise<WidgetSessionDto> {
    if (!isId('bot', botId)) throw ApiError.notFound('bot');
    const [row] = await this.em.execute<BotRow[]>(
      `SELECT id, workspace_id, is_active, config FROM bots WHERE id = ?`,
      [botId],
    );
    if (!row) throw ApiError.notFound('bot');
    if (!row.is_active) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'forbidden', 'This bot is not accepting conversations.');
    }
    const bot: RuntimeBot = {
      id: row.id,
      isActive: true,
      config: this.runtime.botConfig(row.id, row.config),
    };
    const sessionToken = `${TOKEN_PREFIX}${randomBase62(40)}`;
    return this.em.transactional(async (em) => {
      const conversation = await this.conversations.open(em, {
        workspaceId: row.workspace_id,
        botId: row.id,
        customerName: customer.name?.trim() ?? null,
        customerEmail: customer.email ?? null,
      });
      await em.execute(
        `INSERT INTO widget_sessions (id, workspace_id, conversation_id, token_hash, created_at)
         VALUES (?, ?, ?, ?, ?)`,
        [
          conversation.sessionId,
          conversation.workspaceId,
          conversation.id,
          hashToken(sessionToken).toString('hex'),
          conversation.createdAt,
        ],
      );
      const greeting = await this.runtime.greet(em, conversation, bot);
      return {
        sessionId: conversation.sessionId,
        conversationId: conversation.id,
        sessionToken,
        messages: [toWidgetMessage(greeting)],
      };
    });
  }

  /**
   * The session's conversation and bot, for the bearer of its token: 404 for an unknown session,
   * 401 for a missing or wrong token (compared in constant time, by hash). The widget guard calls it
   * before the session's limit is counted, and hands the session to the route.
   */
  async authenticate(sessionId: string, authorization: string | undefined): Promise<WidgetSession> {
    if (!isId('session', sessionId)) throw ApiError.notFound('session');
    const [session] = await this.em.execute<WidgetSession[]>(
      `SELECT s.token_hash, s.conversation_id, s.workspace_id, c.bot_id, b.is_active, b.config
         FROM widget_sessions s
         JOIN conversations c ON c.id = s.conversation_id
         JOIN bots b ON b.id = c.bot_id
        WHERE s.id = ?`,
      [sessionId],
    );
    if (!session) throw ApiError.notFound('session');
    const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token || !TOKEN_SHAPE.test(token)) throw unauthorized();
    if (!timingSafeEqual(hashToken(token), Buffer.from(session.token_hash, 'hex'))) throw unauthorized();
    return session;
  }

  /** A customer message: stored, answered by the bot while it handles the thread. */
  async postMessage(session: WidgetSession, text: string): Promise<{ messages: WidgetMessageDto[] }> {
    const bot: RuntimeBot = {
      id: session.bot_id,
      isActive: session.is_active,
      config: this.runtime.botConfig(session.bot_id, session.config),
    };
    const stored = await this.runtime.handleCustomerMessage(
      { workspaceId: session.workspace_id, id: session.conversation_id },
      bot,
      text,
    );
    return { messages: stored.map(toWidgetMessage) };
  }

  /** The session's messages after `after` (all authors: the team's replies too), oldest first. */
  async listMessages(
    session: WidgetSession,
    after: string | undefined,
  ): Promise<{ messages: WidgetMessageDto[] }> {
    const rows = await this.conversations.messagesAfter(
      this.em,
      session.conversation_id,
      after ?? null,
      MAX_POLLED_MESSAGES,
    );
    if (rows === null) {
      throw ApiError.validation([
        { field: 'after', message: 'after must be the id of a message of this session' },
      ]);
    }
    return {
      messages: rows.map((row) => ({
        id: row.id,
        author: row.author,
        text: row.text,
        sentAt: row.createdAt.toISOString(),
      })),
    };
  }
}
