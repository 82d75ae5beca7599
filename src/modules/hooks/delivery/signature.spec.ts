import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateSigningSecret, signDelivery } from './signature';

/** What a receiver does with plain HMAC (the README's snippet). */
function verifyPlain(secret: string, header: string, body: string): boolean {
  const parts = header.split(',');
  const t = parts.find((part) => part.startsWith('t='))?.slice(2);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${t}.${body}`).digest();
  return parts
    .filter((part) => part.startsWith('v1='))
    .some((part) => {
      const given = Buffer.from(part.slice(3), 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

describe('webhook signatures', () => {
  const body = JSON.stringify({ id: 'evt_1', type: 'message.sent', data: { text: 'héllo' } });

  it('generates whsec_ secrets of 32 random bytes', () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(generateSigningSecret()).not.toBe(secret);
  });

  it('is accepted by the standardwebhooks verifier and by plain HMAC; a tampered body fails both', () => {
    const secret = generateSigningSecret();
    const headers = signDelivery([secret], 'evt_1', body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(verifyPlain(secret, headers['X-NebulaHex-Signature'], body)).toBe(true);
    const tampered = body.replace('héllo', 'hello');
    expect(() => new Webhook(secret).verify(tampered, headers)).toThrow();
    expect(verifyPlain(secret, headers['X-NebulaHex-Signature'], tampered)).toBe(false);
    expect(() => new Webhook(generateSigningSecret()).verify(body, headers)).toThrow();
  });

  it("is byte-identical to the standardwebhooks package's own signer", () => {
    const secret = generateSigningSecret();
    const at = new Date('2026-11-29T12:00:00Z');
    const headers = signDelivery([secret], 'evt_3', body, at);
    expect(headers['webhook-signature']).toBe(new Webhook(secret).sign('evt_3', at, body));
    expect(headers['webhook-timestamp']).toBe(String(at.getTime() / 1000));
  });

  it('signs with both secrets during a rotation, so either verifies', () => {
    const [current, previous] = [generateSigningSecret(), generateSigningSecret()];
    const headers = signDelivery([current, previous], 'evt_2', body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [current, previous]) {
      expect(new Webhook(secret).verify(body, headers)).toBeTruthy();
      expect(verifyPlain(secret, headers['X-NebulaHex-Signature'], body)).toBe(true);
    }
  });
});
