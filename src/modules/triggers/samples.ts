import type { EventData, EventEnvelope, EventType } from '../events/event-types';
import { EVENT_TYPES } from '../events/event-types';

const conversation = {
  conversationId: 'cnv_4a7b2',
  botId: 'bot_4a7b2',
  sessionId: 'ses_9Kq3LmX2pV7rT1wYz8BcDf',
};

/** One realistic `data` per event type: exactly the fields the public API reference lists (each webhook in `openapi.json`), one conversation's story. */
const SAMPLE_DATA: { [T in EventType]: EventData[T] } = {
  'message.sent': {
    ...conversation,
    messageId: 'msg_6Tr2VbN8kLq3XzP1wM5sHd',
    channel: 'bot',
    confidenceScore: 0.86,
    wasFallback: false,
    sentAt: '2026-03-14T09:21:52.318Z',
  },
  'lead.captured': {
    conversationId: conversation.conversationId,
    botId: conversation.botId,
    leadId: 'lead_3Hk8WqP2nZr5VbX1cL9mTe',
    capturedFields: { email: 'dana@example.com', name: 'Dana Reyes', phone: '+1 415 555 0134' },
    sessionId: conversation.sessionId,
    capturedAt: '2026-03-14T09:25:10.004Z',
  },
  'order.lookup': {
    ...conversation,
    orderId: '1001',
    lookupSource: 'http',
    lookedUpAt: '2026-03-14T09:23:41.870Z',
  },
  'conversation.fallback': {
    ...conversation,
    lastMessage: 'can u do the thing w my acct',
    confidenceScore: 0.18,
    fellBackAt: '2026-03-14T09:22:30.291Z',
  },
  'conversation.escalation': {
    ...conversation,
    reason: 'customer_requested',
    transcript: [
      { author: 'bot', text: 'Hi! How can I help?', sentAt: '2026-03-14T09:21:47.120Z' },
      { author: 'customer', text: 'Where is my order #1001?', sentAt: '2026-03-14T09:23:40.511Z' },
      { author: 'bot', text: 'Order #1001 is shipped.', sentAt: '2026-03-14T09:23:41.902Z' },
      {
        author: 'customer',
        text: 'It never arrived, I want to talk to a human',
        sentAt: '2026-03-14T09:26:02.117Z',
      },
    ],
    escalatedAt: '2026-03-14T09:26:02.140Z',
  },
  'conversation.resolved': { ...conversation, resolvedAt: '2026-03-14T09:31:15.002Z' },
};

const SAMPLE_EVENT_IDS: Record<EventType, string> = {
  'message.sent': 'evt_1Mq7RtY5uI1oP3aS7dF9gH',
  'lead.captured': 'evt_2Wq8RtY5uI1oP3aS7dF9gJ',
  'order.lookup': 'evt_3Xr9StZ6vJ2pQ4bT8eG0hK',
  'conversation.fallback': 'evt_4Ys0TuA7wK3qR5cU9fH1iL',
  'conversation.escalation': 'evt_5Zt1UvB8xL4rS6dV0gI2jM',
  'conversation.resolved': 'evt_6Au2VwC9yM5sT7eW1hJ3kN',
};

/** The sample envelope of one event type, as a subscriber would receive it. */
export function sampleEnvelope<T extends EventType>(
  type: T,
  workspaceId = 'ws_7Hd2KqL9mXp3VbN8cR1tZw',
): EventEnvelope<T> {
  const data = SAMPLE_DATA[type];
  const at = Object.entries(data).find(([key]) => key.endsWith('At'))?.[1] as string;
  return { id: SAMPLE_EVENT_IDS[type], type, createdAt: at, workspaceId, data };
}

export function allSamples(workspaceId?: string): { event: EventType; payload: EventEnvelope }[] {
  return EVENT_TYPES.map((type) => ({ event: type, payload: sampleEnvelope(type, workspaceId) }));
}
