import type { BotConfig } from '../../bots/bot-config';
import { extractEmails, extractOrderReference, extractPhones } from './extract';
import { KnowledgeBaseMatcher, type Match } from './matcher';
import { findEscalationPhrase } from './phrases';

/**
 * The deterministic bot engine: pure functions from a bot's configuration, a customer message and
 * the conversation's fallback count to the bot's replies and the events they cause. No I/O: the
 * runtime looks the order up (outside its transaction) between `analyseMessage` and `planTurn`.
 */

import type { EscalationReason } from '../../events/event-types';

export type { EscalationReason };

export interface MessageAnalysis {
  escalationPhrase: string | null;
  /** The order reference's digits, when the bot has an order source. */
  orderId: string | null;
  /** Contact details to record as a lead, when the bot captures leads. */
  lead: { email?: string; phone?: string } | null;
  match: Match;
}

export type OrderLookup =
  { outcome: 'found'; status: string; lookedUpAt: string } | { outcome: 'not_found' } | { outcome: 'failed' };

export interface BotReply {
  text: string;
  confidenceScore: number;
  wasFallback: boolean;
}

export interface BotTurn {
  replies: BotReply[];
  lead: { email?: string; phone?: string } | null;
  /** Set when an order was found: the runtime emits `order.lookup`. */
  orderLookup: { orderId: string; lookedUpAt: string } | null;
  /** Set when the bot fell back: the runtime emits `conversation.fallback`. */
  fallback: { confidenceScore: number } | null;
  escalation: { reason: EscalationReason } | null;
  /** The conversation's consecutive fallbacks after this turn. */
  consecutiveFallbacks: number;
}

export const HANDOVER_MESSAGE = "Sure, I'm passing you to our team. Someone will reply here shortly.";
export const UNSURE_HANDOVER_MESSAGE =
  "Sorry, I still can't answer that. I'm passing you to our team; someone will reply here shortly.";

export function analyseMessage(config: BotConfig, text: string): MessageAnalysis {
  const email = config.leadCapture ? extractEmails(text)[0] : undefined;
  const phone = config.leadCapture ? extractPhones(text)[0] : undefined;
  return {
    escalationPhrase: findEscalationPhrase(text, config.escalationPhrases),
    orderId: config.orderSource ? extractOrderReference(text) : null,
    lead: email || phone ? { ...(email && { email }), ...(phone && { phone }) } : null,
    // Building the matcher is linear in the knowledge base (≤ 500 entries): cheaper than caching it.
    match: new KnowledgeBaseMatcher(config.knowledgeBase).match(text),
  };
}

function orderReply(orderId: string, order: OrderLookup | undefined): BotReply {
  const text =
    order?.outcome === 'found'
      ? `Order #${orderId} is ${order.status}.`
      : order?.outcome === 'not_found'
        ? `Sorry, I could not find order #${orderId}. Please check the number and try again.`
        : `Sorry, I could not look up order #${orderId} right now. Please try again in a few minutes.`;
  return { text, confidenceScore: 1, wasFallback: false };
}

function leadReply(lead: { email?: string; phone?: string }): BotReply {
  const contact = [lead.email, lead.phone].filter(Boolean).join(' and ');
  return {
    text: `Thanks! We've noted ${contact}; our team can follow up there.`,
    confidenceScore: 1,
    wasFallback: false,
  };
}

/**
 * The bot's answer to one customer message. In order: an escalation phrase hands over at once;
 * otherwise the order status, a lead acknowledgement and the best knowledge-base answer (at or
 * above the threshold) are given; when none applies the bot falls back, and the fallback that
 * reaches `fallbackLimit` in a row hands over instead.
 */
export function planTurn(
  config: BotConfig,
  analysis: MessageAnalysis,
  state: { consecutiveFallbacks: number },
  order?: OrderLookup,
): BotTurn {
  const turn: BotTurn = {
    replies: [],
    lead: analysis.lead,
    orderLookup: null,
    fallback: null,
    escalation: null,
    consecutiveFallbacks: 0,
  };
  if (analysis.escalationPhrase !== null) {
    turn.replies.push({ text: HANDOVER_MESSAGE, confidenceScore: 1, wasFallback: false });
    turn.escalation = { reason: 'customer_requested' };
    return turn;
  }
  if (analysis.orderId !== null) {
    turn.replies.push(orderReply(analysis.orderId, order));
    if (order?.outcome === 'found') {
      turn.orderLookup = { orderId: analysis.orderId, lookedUpAt: order.lookedUpAt };
    }
  }
  if (analysis.lead) turn.replies.push(leadReply(analysis.lead));
  const { match } = analysis;
  if (match.entry !== null && match.confidence >= config.confidenceThreshold) {
    turn.replies.push({
      text: config.knowledgeBase[match.entry].answer,
      confidenceScore: match.confidence,
      wasFallback: false,
    });
  }
  if (turn.replies.length > 0) return turn;

  turn.fallback = { confidenceScore: match.confidence };
  const fallbacks = state.consecutiveFallbacks + 1;
  if (fallbacks >= config.fallbackLimit) {
    turn.replies.push({
      text: UNSURE_HANDOVER_MESSAGE,
      confidenceScore: match.confidence,
      wasFallback: true,
    });
    turn.escalation = { reason: 'fallback_limit' };
    return turn;
  }
  turn.replies.push({ text: config.fallbackMessage, confidenceScore: match.confidence, wasFallback: true });
  turn.consecutiveFallbacks = fallbacks;
  return turn;
}
