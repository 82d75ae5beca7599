import { getSchemaPath, type OperationObject, type PathItemObject } from '@nestjs/swagger';
import { EVENT_DTOS } from '../events/dto/event.dto';
import { EVENT_TYPES, type EventType } from '../events/event-types';
import { sampleEnvelope } from '../triggers/samples';

/*
 * The reference's account of what the API sends: one `webhooks` entry per event type, and the code
 * that verifies a delivery. The snippets are printed on the docs page exactly as written here, and
 * a test runs the Node ones (and the plain-HMAC Python one) against real signed deliveries.
 */

/** Verifies with the Standard Webhooks package (`npm install standardwebhooks`). */
export const NODE_STANDARD_WEBHOOKS = `import { Webhook } from 'standardwebhooks';

// secret: the subscription's signingSecret ("whsec_…"); headers: the request's headers;
// rawBody: the body exactly as received (a string or Buffer, before any JSON parsing).
function verifyDelivery(secret, headers, rawBody) {
  // The event, parsed; throws on a bad signature or a timestamp more than 5 minutes off.
  return new Webhook(secret).verify(rawBody.toString(), headers);
}`;

/** Verifies `X-NebulaHex-Signature` with node:crypto alone. */
export const NODE_PLAIN_HMAC = `import { createHmac, timingSafeEqual } from 'node:crypto';

// headers: the request's headers (Node lower-cases their names); rawBody: the body exactly as received.
function verifyDelivery(secret, headers, rawBody) {
  const parts = headers['x-nebulahex-signature'].split(',');
  const t = parts.find((part) => part.startsWith('t=')).slice(2);
  if (Math.abs(Date.now() / 1000 - Number(t)) > 300) throw new Error('stale timestamp');
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(\`\${t}.\`).update(rawBody).digest();
  const signed = parts
    .filter((part) => part.startsWith('v1='))
    .map((part) => Buffer.from(part.slice(3), 'hex'))
    .some((mac) => mac.length === expected.length && timingSafeEqual(mac, expected));
  if (!signed) throw new Error('bad signature');
  return JSON.parse(rawBody.toString());
}`;

/** Verifies with the Standard Webhooks package (`pip install standardwebhooks`). */
export const PYTHON_STANDARD_WEBHOOKS = `from standardwebhooks.webhooks import Webhook

# secret: the subscription's signingSecret ("whsec_..."); headers: the request's headers;
# raw_body: the body exactly as received (bytes, before any JSON parsing).
def verify_delivery(secret, headers, raw_body):
    # The event, parsed; raises on a bad signature or a timestamp more than 5 minutes off.
    return Webhook(secret).verify(raw_body, headers)`;

/** Verifies `X-NebulaHex-Signature` with the standard library alone. */
export const PYTHON_PLAIN_HMAC = `import base64, hashlib, hmac, json, time

# headers: the request's headers, lower-case names; raw_body: the body exactly as received (bytes).
def verify_delivery(secret, headers, raw_body):
    parts = headers["x-nebulahex-signature"].split(",")
    t = next(part[2:] for part in parts if part.startswith("t="))
    if abs(time.time() - int(t)) > 300:
        raise ValueError("stale timestamp")
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = hmac.new(key, t.encode() + b"." + raw_body, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(part[3:], expected) for part in parts if part.startswith("v1=")):
        raise ValueError("bad signature")
    return json.loads(raw_body)`;

const fence = (language: string, code: string) => `\`\`\`${language}\n${code}\n\`\`\``;

/** The docs page's section on verifying a delivery, in Node and Python. */
export const VERIFYING_DELIVERIES = `## Verifying a webhook delivery

Every delivery is signed twice with the subscription's \`signingSecret\` (\`whsec_\` + base64 of 32
bytes): the key is the 32 bytes the base64 after \`whsec_\` decodes to, not the text of the secret.

- \`X-NebulaHex-Signature: t=<unix seconds>,v1=<hex>\`: the hex HMAC-SHA256 of \`<t>.<raw body>\`.
- The [Standard Webhooks](https://www.standardwebhooks.com) headers \`webhook-id\` (the event id),
  \`webhook-timestamp\` and \`webhook-signature: v1,<base64>\`: the base64 HMAC-SHA256 of
  \`<webhook-id>.<webhook-timestamp>.<raw body>\`.

For 24 hours after \`rotate-secret\`, each header carries one signature per secret (\`v1=…,v1=…\`,
\`v1,… v1,…\`): accept a delivery when any of them matches. Sign the raw body exactly as received;
JSON parsed and serialized again differs. Refuse timestamps more than 5 minutes off, and
de-duplicate by the event id: delivery is at least once.

Node, with the Standard Webhooks package (\`npm install standardwebhooks\`):

${fence('js', NODE_STANDARD_WEBHOOKS)}

Node, plain HMAC:

${fence('js', NODE_PLAIN_HMAC)}

Python, with the Standard Webhooks package (\`pip install standardwebhooks\`):

${fence('python', PYTHON_STANDARD_WEBHOOKS)}

Python, plain HMAC (Python 3.9 or later):

${fence('python', PYTHON_PLAIN_HMAC)}`;

/** What each event means, in the words of the webhook's entry. */
const WHEN: Record<EventType, string> = {
  'message.sent':
    'A message was stored in a conversation: the customer’s (`channel: "widget"`), the bot’s (`"bot"`) or your ' +
    'team’s through the API (`"api"`).',
  'lead.captured': 'A lead was captured: by the bot from an email or phone number, or through the API.',
  'order.lookup': 'The bot looked up an order the customer referred to (`#1001`, `order 1001`).',
  'conversation.fallback':
    'The bot could not answer with enough confidence and replied with its fallback message.',
  'conversation.escalation':
    'The conversation was handed to your team: the customer asked for a person, or the bot fell back too often.',
  'conversation.resolved': 'The conversation was resolved through the API.',
};

const DELIVERY_HEADERS: OperationObject['parameters'] = [
  {
    name: 'webhook-id',
    in: 'header',
    required: true,
    description: 'The event id (`evt_…`): the same on every attempt. De-duplicate by it.',
    schema: { type: 'string', example: 'evt_1Mq7RtY5uI1oP3aS7dF9gH' },
  },
  {
    name: 'webhook-timestamp',
    in: 'header',
    required: true,
    description: 'When this attempt was signed, in Unix seconds.',
    schema: { type: 'string', pattern: '^[0-9]+$', example: '1773480112' },
  },
  {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    description:
      'Standard Webhooks signatures, space-separated: `v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")>`.',
    schema: { type: 'string', example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=' },
  },
  {
    name: 'X-NebulaHex-Signature',
    in: 'header',
    required: true,
    description:
      '`t=<unix seconds>,v1=<hex HMAC-SHA256(key, "<t>.<raw body>")>`, one `v1=` per current secret.',
    schema: {
      type: 'string',
      example: 't=1773480112,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
    },
  },
  {
    name: 'X-NebulaHex-Event',
    in: 'header',
    required: true,
    description: 'The event type, as `type` in the body.',
    schema: { type: 'string', example: 'message.sent' },
  },
  {
    name: 'X-NebulaHex-Delivery',
    in: 'header',
    required: true,
    description: 'The delivery id (`dlv_…`), as `GET /api/v1/hooks/{hookId}/deliveries` lists it.',
    schema: { type: 'string', example: 'dlv_8Nb3QwE5rT7yU1iO9pA2sD' },
  },
  {
    name: 'traceparent',
    in: 'header',
    required: false,
    description:
      'Only while the service runs with tracing on: the W3C trace context of the attempt, a child of the request that caused the event.',
    schema: {
      type: 'string',
      pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
      example: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    },
  },
];

/** `message.sent` → `messageSentWebhook`. */
const operationId = (type: EventType) =>
  `${type.replace(/\.(\w)/g, (_match, letter: string) => letter.toUpperCase())}Webhook`;

function webhook(type: EventType): PathItemObject {
  return {
    post: {
      operationId: operationId(type),
      summary: `\`${type}\``,
      description:
        `${WHEN[type]} POSTed to every active subscription to \`${type}\`, signed as *Verifying a webhook ` +
        'delivery* (at the top of this page) shows.',
      tags: ['Webhooks'],
      // The receiver authenticates the sender by the signature headers, not by a credential of its own.
      security: [],
      parameters: DELIVERY_HEADERS,
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: { $ref: getSchemaPath(EVENT_DTOS[type]) },
            example: sampleEnvelope(type),
          },
        },
      },
      responses: {
        '200': {
          description:
            'Any 2xx within the delivery timeout (15 s by default) counts as delivered; the body is ignored. ' +
            'Redirects are not followed.',
        },
        '410': {
          description:
            '`410 Gone` pauses the subscription at once: nothing more is sent until it is resumed.',
        },
        default: {
          description:
            'Anything else (another status, a timeout, a network error) is retried: 8 attempts over about a day ' +
            'and a half, after `Retry-After` on 429 and 503. A delivery that fails every attempt pauses the ' +
            'subscription.',
        },
      },
    },
  };
}

/** The document's `webhooks`: one entry per event type, named by it. */
export const EVENT_WEBHOOKS: Record<string, PathItemObject> = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, webhook(type)]),
);
