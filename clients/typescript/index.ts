/**
 * The NebulaHex TypeScript client: `createClient` for the REST API, `verifyWebhook` and the
 * `WebhookEvent` types for deliveries. Types are generated from `openapi.json` (`npm run client`).
 */
export { createClient, type ClientOptions, type NebulaHexClient } from './client';
export {
  EVENT_TYPES,
  verifyWebhook,
  WebhookVerificationError,
  type EventType,
  type WebhookEvent,
  type WebhookHeaders,
} from './webhooks';
export type { ErrorBody, EventEnvelope, RequestBody, ResponseBody } from './types';
export type { EventDataByType } from './generated/events';
export type { components, operations, paths } from './generated/openapi';
