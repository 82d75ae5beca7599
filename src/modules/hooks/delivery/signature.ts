import { createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** A new signing secret: `whsec_` + base64 of 32 random bytes (README, Webhooks). */
export function generateSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}

export interface SignedHeaders {
  'X-NebulaHex-Signature': string;
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Both signatures of one delivery, with every current secret (two during a rotation's overlap):
 * `X-NebulaHex-Signature: t=<unix>,v1=<hex HMAC-SHA256(key, "<t>.<body>")>[,v1=…]` and the Standard
 * Webhooks headers, `webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<t>.<body>")>[ …]`.
 *
 * Both are computed with node:crypto's HMAC. The `standardwebhooks` package signs the same bytes
 * with a pure-JavaScript SHA-256, several times slower in the worker's CPU profile; the tests verify
 * every delivery with its official verifier, so the two cannot drift apart.
 */
export function signDelivery(
  secrets: string[],
  eventId: string,
  body: string,
  at: Date = new Date(),
): SignedHeaders {
  const timestamp = Math.floor(at.getTime() / 1000);
  const keys = secrets.map(secretBytes);
  const hex = keys.map(
    (key) => `v1=${createHmac('sha256', key).update(`${timestamp}.`).update(body).digest('hex')}`,
  );
  const standard = keys.map(
    (key) =>
      `v1,${createHmac('sha256', key).update(`${eventId}.${timestamp}.`).update(body).digest('base64')}`,
  );
  return {
    'X-NebulaHex-Signature': `t=${timestamp},${hex.join(',')}`,
    'webhook-id': eventId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': standard.join(' '),
  };
}
