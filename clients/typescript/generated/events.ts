// Generated from openapi.json by `npm run client`; do not edit.

import type { components } from './openapi';

/** Every event type a webhook subscription can name, as the API document lists them. */
export const EVENT_TYPES = ["message.sent", "lead.captured", "order.lookup", "conversation.fallback", "conversation.escalation", "conversation.resolved"] as const;

/** Each event type's `data`. */
export interface EventDataByType {
  "message.sent": components['schemas']["MessageSentData"];
  "lead.captured": components['schemas']["LeadCapturedData"];
  "order.lookup": components['schemas']["OrderLookupData"];
  "conversation.fallback": components['schemas']["ConversationFallbackData"];
  "conversation.escalation": components['schemas']["ConversationEscalationData"];
  "conversation.resolved": components['schemas']["ConversationResolvedData"];
}
