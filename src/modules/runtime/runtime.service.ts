import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ResolvedConfig } from '../../core/config/config';
import { APP_CONFIG } from '../../core/config/config.token';
import { APP_LOGGER } from '../../core/logging/logger.token';
import { BotConfigError, DEFAULT_BOT_CONFIG, parseBotConfig, type BotConfig } from '../bots/bot-config';
import type { MessageAuthor } from '../conversations/conversation-states';
import type { ConversationRow } from '../conversations/conversations.repository';
import { ConversationsService } from '../conversations/conversations.service';
import { EventsService } from '../events/events.service';
import { analyseMessage, planTurn, type OrderLookup } from './engine/engine';
import { lookupOrder } from './order-source/order-source';

/** A message as the runtime stored it. */
export interface StoredMessage {
  id: string;
  author: MessageAuthor;
  text: string;
  sentAt: string;
}

/** The bot a conversation belongs to, as the runtime needs it. */
export interface RuntimeBot {
  id: string;
  isActive: boolean;
  config: BotConfig;
}

/**
 * The conversation runtime: stores a customer's message and, while the bot handles the thread,
 * the bot's replies, with every event they cause, in one transaction per customer message. An
 * order lookup (HTTP) runs before that transaction, never while it holds the conversation's lock.
 */
@Injectable()
export class RuntimeService {
  constructor(
    private readonly em: EntityManager,
    private readonly conversations: ConversationsService,
    private readonly events: EventsService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * A bot's stored configuration with its defaults. Configurations are validated when written; one
   * stored before validation existed and now invalid runs on the defaults, with a warning.
   */
  botConfig(botId: string, stored: unknown): BotConfig {
    try {
      return parseBotConfig(stored ?? {});
    } catch (error) {
      if (!(error instanceof BotConfigError)) throw error;
      this.logger.warn(
        { botId, details: error.details },
        'stored bot configuration is invalid; using defaults',
      );
      return { ...DEFAULT_BOT_CONFIG, escalationPhrases: [...DEFAULT_BOT_CONFIG.escalationPhrases] };
    }
  }

  /** The bot's greeting, the first message of a new conversation (in the caller's transaction). */
  async greet(em: EntityManager, conversation: ConversationRow, bot: RuntimeBot): Promise<StoredMessage> {
    const text = bot.config.greeting;
    const sent = await this.conversations.appendMessage(em, conversation.workspaceId, conversation.id, {
      author: 'bot',
      channel: 'bot',
      text,
    });
    return { id: sent.messageId, author: 'bot', text, sentAt: sent.sentAt };
  }

  /**
   * One customer message through the widget. Returns the stored messages: the customer's, then the
   * bot's replies (none while the team handles the thread or the bot is inactive).
   */
  async handleCustomerMessage(
    conversation: { workspaceId: string; id: string },
    bot: RuntimeBot,
    text: string,
  ): Promise<StoredMessage[]> {
    const analysis = analyseMessage(bot.config, text);
    let order: OrderLookup | undefined;
    if (analysis.orderId !== null && bot.config.orderSource && bot.isActive) {
      // Looked up before the transaction, when the bot is likely to answer; the decision is taken
      // again under the lock, and a lookup the bot no longer needs is dropped.
      const current = await this.conversations.find(this.em, conversation.workspaceId, conversation.id);
      if (current.handler === 'bot' || current.status === 'resolved') {
        const result = await lookupOrder(bot.config.orderSource, analysis.orderId, {
          allowPrivate: this.config.allowPrivateTargets,
        });
        if (result.reason) {
          this.logger.warn(
            {
              botId: bot.id,
              conversationId: conversation.id,
              orderId: analysis.orderId,
              reason: result.reason,
            },
            'order lookup failed',
          );
        }
        order = result;
      }
    }

    return this.em.transactional(async (em) => {
      const { workspaceId, id } = conversation;
      const locked = await this.conversations.find(em, workspaceId, id, true);
      const reopen = locked.status === 'resolved';
      const customer = await this.conversations.appendMessage(
        em,
        workspaceId,
        id,
        { author: 'customer', channel: 'widget', text },
        reopen ? { reopen: true, handler: 'bot' } : {},
      );
      const stored: StoredMessage[] = [
        { id: customer.messageId, author: 'customer', text, sentAt: customer.sentAt },
      ];
      if (customer.conversation.handler !== 'bot' || !bot.isActive) return stored;

      const turn = planTurn(
        bot.config,
        analysis,
        { consecutiveFallbacks: reopen ? 0 : locked.consecutiveFallbacks },
        order ?? (analysis.orderId !== null ? { outcome: 'failed' } : undefined),
      );
      // The same details given again in this conversation are not a new lead.
      if (turn.lead && !(await this.conversations.hasLead(em, id, 'bot', turn.lead))) {
        await this.conversations.createLead(em, workspaceId, id, {
          capturedFields: turn.lead,
          source: 'bot',
        });
      }
      if (turn.orderLookup) {
        await this.events.emit(em, workspaceId, 'order.lookup', {
          conversationId: id,
          botId: bot.id,
          sessionId: locked.sessionId,
          orderId: turn.orderLookup.orderId,
          lookupSource: bot.config.orderSource?.type ?? 'http',
          lookedUpAt: turn.orderLookup.lookedUpAt,
        });
      }
      for (const reply of turn.replies) {
        const sent = await this.conversations.appendMessage(em, workspaceId, id, {
          author: 'bot',
          channel: 'bot',
          text: reply.text,
          confidenceScore: reply.confidenceScore,
          wasFallback: reply.wasFallback,
        });
        stored.push({ id: sent.messageId, author: 'bot', text: reply.text, sentAt: sent.sentAt });
      }
      if (turn.fallback) {
        await this.events.emit(em, workspaceId, 'conversation.fallback', {
          conversationId: id,
          botId: bot.id,
          sessionId: locked.sessionId,
          lastMessage: text,
          confidenceScore: turn.fallback.confidenceScore,
          fellBackAt: stored[stored.length - 1].sentAt,
        });
      }
      if (turn.escalation) {
        await this.conversations.escalate(em, workspaceId, id, turn.escalation.reason);
      } else if (turn.consecutiveFallbacks !== locked.consecutiveFallbacks) {
        await this.conversations.setConsecutiveFallbacks(em, id, turn.consecutiveFallbacks);
      }
      return stored;
    });
  }
}
