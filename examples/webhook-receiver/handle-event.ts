import type { WebhookEvent } from '../../clients/typescript';

/**
 * What a receiver does with each event type. The switch is exhaustive: when the API gains an event
 * type and the client is regenerated, `event` is no longer `never` at the end and this stops
 * compiling until the new type is handled.
 */
export function handleEvent(event: WebhookEvent): string {
  switch (event.type) {
    case 'message.sent':
      return `message ${event.data.messageId} on ${event.data.conversationId} (${event.data.channel})`;
    case 'lead.captured':
      return `lead ${event.data.leadId}: ${Object.keys(event.data.capturedFields).join(', ')}`;
    case 'order.lookup':
      return `order ${event.data.orderId} looked up (${event.data.lookupSource})`;
    case 'conversation.fallback':
      return `fallback on ${event.data.conversationId} (confidence ${event.data.confidenceScore})`;
    case 'conversation.escalation':
      return `escalated ${event.data.conversationId} (${event.data.reason}, ${event.data.transcript.length} messages)`;
    case 'conversation.resolved':
      return `resolved ${event.data.conversationId} at ${event.data.resolvedAt}`;
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unhandled)}`);
    }
  }
}
