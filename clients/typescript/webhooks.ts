import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { EVENT_TYPES, type EventDataByType } from './generated/events';
import type { EventEnvelope } from './types';

export { EVENT_TYPES, WebhookVerificationError };

export type EventType = (typeof EVENT_TYPES)[number];

/**
 * A delivered event, its `data` typed by its `type`: narrowing on `event.type` (a `switch`) gives
 * the fields of that event's data.
 */
export type WebhookEvent<T extends EventType = EventType> = {
  [K in T]: Omit<EventEnvelope, 'type' | 'data'> & { type: K; data: EventDataByType[K] };
}[T];

/** Request headers as Node (`req.headers`), Fetch (`Headers`) or a plain object give them. */
export type WebhookHeaders =
  Headers | Record<string, string | readonly string[] | undefined> | Iterable<[string, string]>;

const KNOWN_TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);

function plainHeaders(headers: WebhookHeaders): Record<string, string> {
  const entries =
    typeof (headers as Headers).forEach === 'function' || Symbol.iterator in headers
      ? [...(headers as Iterable<[string, string]>)]
      : Object.entries(headers);
  const plain: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    // A repeated header arrives from Node as an array; Standard Webhooks separates signatures by spaces.
    plain[name.toLowerCase()] = typeof value === 'string' ? value : value.join(' ');
  }
  return plain;
}

/**
 * Verifies a delivery and returns its event, typed by `type`. Throws `WebhookVerificationError`
 * when the signature does not match (a tampered body, another secret), a `webhook-*` header is
 * missing, or the timestamp is more than five minutes from now (a replay); and when the event's type
 * is not one this client knows.
 *
 * `body` must be the raw request body, byte for byte: a body parsed and serialized again no longer
 * matches its signature. `secret` is the subscription's `signingSecret` (`whsec_…`).
 * Deliveries are signed per Standard Webhooks, so this is the official `standardwebhooks` verifier.
 */
export function verifyWebhook(
  body: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string,
): WebhookEvent {
  const text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body);
  const event = new Webhook(secret).verify(text, plainHeaders(headers)) as { type?: unknown };
  if (typeof event?.type !== 'string' || !KNOWN_TYPES.has(event.type)) {
    throw new WebhookVerificationError(`Unknown event type: ${String(event?.type)}`);
  }
  return event as WebhookEvent;
}
