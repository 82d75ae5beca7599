// Generated from openapi.json by `npm run client`; do not edit.

import type { components } from './openapi';

/** Every event type a webhook subscription can name, as the API document lists them. */
export const EVENT_TYPES = ["message.sent", "lead.captured", "order.lookup", "conversation.fallback", "conversation.escalation", "conversation.resolved"] as const;

/** Each event type's `data`. */
export interface EventDataByType {
  "message.sent": components['schemas']["MessageSentDataDto"];
  "lead.captured": components['schemas']["LeadCapturedDataDto"];
  "order.lookup": components['schemas']["OrderLookupDataDto"];
  "conversation.fallback": components['schemas']["ConversationFallbackDataDto"];
  "conversation.escalation": components['schemas']["ConversationEscalationDataDto"];
  "conversation.resolved": components['schemas']["ConversationResolvedDataDto"];
}
