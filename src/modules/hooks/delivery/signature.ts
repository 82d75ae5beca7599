import { createHmac, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

const SECRET_PREFIX = 'whsec_';

/** A new signing secret: `whsec_` + base64 of 32 random bytes (SPEC §6). */
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
 * Webhooks headers, signed by the official `standardwebhooks` package.
 */
export function signDelivery(
  secrets: string[],
  eventId: string,
  body: string,
  at: Date = new Date(),
): SignedHeaders {
  const timestamp = Math.floor(at.getTime() / 1000);
  const hex = secrets.map(
    (secret) =>
      `v1=${createHmac('sha256', secretBytes(secret)).update(`${timestamp}.${body}`).digest('hex')}`,
  );
  const standard = secrets.map((secret) =>
    new Webhook(secret).sign(eventId, new Date(timestamp * 1000), body),
  );
  return {
    'X-NebulaHex-Signature': `t=${timestamp},${hex.join(',')}`,
    'webhook-id': eventId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': standard.join(' '),
  };
}
