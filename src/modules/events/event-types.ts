/** Every event type the product emits; `openapi.json` has a webhook entry for each. */
export const EVENT_TYPES = [
  'message.sent',
  'lead.captured',
  'order.lookup',
  'conversation.fallback',
  'conversation.escalation',
  'conversation.resolved',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Why a conversation was handed to the team (`conversation.escalation`'s `reason`). */
export const ESCALATION_REASONS = ['customer_requested', 'fallback_limit'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

/** The `data` of each event type: exactly the fields the public API reference lists (each webhook in `openapi.json`). */
export interface EventData {
  'message.sent': {
    conversationId: string;
    botId: string;
    sessionId: string;
    messageId: string;
    channel: 'widget' | 'bot' | 'api' | 'dashboard';
    confidenceScore: number | null;
    wasFallback: boolean;
    sentAt: string;
  };
  'lead.captured': {
    conversationId: string;
    botId: string;
    leadId: string;
    capturedFields: Record<string, string>;
    sessionId: string;
    capturedAt: string;
  };
  'order.lookup': {
    conversationId: string;
    botId: string;
    sessionId: string;
    orderId: string;
    lookupSource: 'http' | 'sample' | 'shopify';
    lookedUpAt: string;
  };
  'conversation.fallback': {
    conversationId: string;
    botId: string;
    sessionId: string;
    lastMessage: string;
    confidenceScore: number;
    fellBackAt: string;
  };
  'conversation.escalation': {
    conversationId: string;
    botId: string;
    sessionId: string;
    reason: EscalationReason;
    transcript: { author: string; text: string; sentAt: string }[];
    escalatedAt: string;
  };
  'conversation.resolved': { conversationId: string; botId: string; sessionId: string; resolvedAt: string };
}

/** The envelope delivered to webhooks and returned by `GET /events`. */
export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  createdAt: string;
  workspaceId: string;
  data: EventData[T];
}

/** Raised by a statement trigger on `events` whenever events are written (see the migrations). */
export const EVENTS_CHANNEL = 'nhx_events';
