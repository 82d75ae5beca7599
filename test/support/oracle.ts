import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EventType } from '../../src/modules/events/event-types';

/*
 * Independent oracles: written from the API page and the README, not from the code under test.
 */

/** The `data` fields of each event type, in the order the API page lists them (plus `conversation.resolved`, README, Webhooks). */
export const API_PAGE_EVENT_FIELDS: Record<EventType, string[]> = {
  'message.sent': [
    'conversationId',
    'botId',
    'sessionId',
    'messageId',
    'channel',
    'confidenceScore',
    'wasFallback',
    'sentAt',
  ],
  'lead.captured': ['conversationId', 'botId', 'leadId', 'capturedFields', 'sessionId', 'capturedAt'],
  'order.lookup': ['conversationId', 'botId', 'sessionId', 'orderId', 'lookupSource', 'lookedUpAt'],
  'conversation.fallback': [
    'conversationId',
    'botId',
    'sessionId',
    'lastMessage',
    'confidenceScore',
    'fellBackAt',
  ],
  'conversation.escalation': ['conversationId', 'botId', 'sessionId', 'reason', 'transcript', 'escalatedAt'],
  'conversation.resolved': ['conversationId', 'botId', 'sessionId', 'resolvedAt'],
};

/** A receiver's plain-HMAC check of `X-NebulaHex-Signature` (the README's snippet). */
export function plainHmacValid(secret: string, header: string, body: string): boolean {
  const parts = header.split(',');
  const t = parts.find((part) => part.startsWith('t='))?.slice(2);
  const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
    .update(`${t}.${body}`)
    .digest();
  return parts
    .filter((part) => part.startsWith('v1='))
    .some((part) => {
      const given = Buffer.from(part.slice(3), 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}
