import { createHash, timingSafeEqual } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { HttpStatus, Injectable } from '@nestjs/common';
import { randomBase62 } from '../../core/crypto/base62';
import { ApiError } from '../../common/http/errors';
import { isId } from '../../common/ids/ids';
import { BotsRepository, type StoredBot } from '../bots/bots.repository';
import { ConversationsService } from '../conversations/conversations.service';
import { RuntimeService, type RuntimeBot, type StoredMessage } from '../runtime/runtime.service';
import type { WidgetMessageDto, WidgetSessionDto } from './dto/widget.dto';
import { WidgetSessionsRepository, type WidgetSessionRow } from './widget-sessions.repository';

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

/** A session whose token the request proved (see `authenticate`). */
export type WidgetSession = Omit<WidgetSessionRow, 'tokenHash'>;

function toWidgetMessage(message: StoredMessage): WidgetMessageDto {
  return { id: message.id, author: message.author, text: message.text, sentAt: message.sentAt };
}

/** The public widget channel: sessions with a bearer token, customer messages, polling. */
@Injectable()
export class WidgetService {
  constructor(
    private readonly em: EntityManager,
    private readonly sessions: WidgetSessionsRepository,
    private readonly bots: BotsRepository,
    private readonly conversations: ConversationsService,
    private readonly runtime: RuntimeService,
  ) {}

  /** Opens a conversation with an active bot; the bot greets in the same transaction. */
  async createSession(
    botId: string,
    customer: { name?: string; email?: string } = {},
  ): Promise<WidgetSessionDto> {
    const stored = isId('bot', botId) ? await this.bots.find(botId) : null;
    if (!stored) throw ApiError.notFound('bot');
    if (!stored.isActive) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'forbidden', 'This bot is not accepting conversations.');
    }
    const bot = this.runtimeBot(stored);
    const sessionToken = `${TOKEN_PREFIX}${randomBase62(40)}`;
    return this.em.transactional(async (em) => {
      const conversation = await this.conversations.open(em, {
        workspaceId: stored.workspaceId,
        botId: stored.id,
        customerName: customer.name?.trim() ?? null,
        customerEmail: customer.email ?? null,
      });
      await this.sessions.insert(em, {
        id: conversation.sessionId,
        workspaceId: conversation.workspaceId,
        conversationId: conversation.id,
        tokenHash: hashToken(sessionToken).toString('hex'),
        createdAt: conversation.createdAt,
      });
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
   * The session (its workspace and conversation), for the bearer of its token: 404 for an unknown session,
   * 401 for a missing or wrong token (compared in constant time, by hash). The widget guard calls it
   * before the session's limit is counted, and hands the session to the route.
   */
  async authenticate(sessionId: string, authorization: string | undefined): Promise<WidgetSession> {
    const session = isId('session', sessionId) ? await this.sessions.find(sessionId) : null;
    if (!session) throw ApiError.notFound('session');
    const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token || !TOKEN_SHAPE.test(token)) throw unauthorized();
    if (!timingSafeEqual(hashToken(token), Buffer.from(session.tokenHash, 'hex'))) throw unauthorized();
    return { id: session.id, workspaceId: session.workspaceId, conversationId: session.conversationId };
  }

  /** A customer message: stored, answered by the bot while it handles the thread. */
  async postMessage(session: WidgetSession, text: string): Promise<{ messages: WidgetMessageDto[] }> {
    // The bot as it is now: deactivating it silences it in open sessions too.
    const conversation = await this.conversations.find(this.em, session.workspaceId, session.conversationId);
    const stored = await this.bots.find(conversation.botId);
    if (!stored) throw ApiError.notFound('bot');
    const messages = await this.runtime.handleCustomerMessage(
      { workspaceId: session.workspaceId, id: session.conversationId },
      this.runtimeBot(stored),
      text,
    );
    return { messages: messages.map(toWidgetMessage) };
  }

  private runtimeBot(bot: StoredBot): RuntimeBot {
    return { id: bot.id, isActive: bot.isActive, config: this.runtime.botConfig(bot.id, bot.config) };
  }

  /** The session's messages after `after` (all authors: the team's replies too), oldest first. */
  async listMessages(
    session: WidgetSession,
    after: string | undefined,
  ): Promise<{ messages: WidgetMessageDto[] }> {
    const rows = await this.conversations.messagesAfter(
      this.em,
      session.conversationId,
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
