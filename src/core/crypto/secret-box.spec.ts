import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box';

describe('SecretBox (AES-256-GCM)', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips and never repeats a ciphertext', () => {
    const a = box.seal('whsec_abc', 'hook_1');
    const b = box.seal('whsec_abc', 'hook_1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('whsec_abc');
    expect(box.open(a, 'hook_1')).toBe('whsec_abc');
    expect(box.open(b, 'hook_1')).toBe('whsec_abc');
  });

  it('refuses another context, another key and a tampered ciphertext', () => {
    const sealed = box.seal('secret', 'key_1');
    expect(() => box.open(sealed, 'key_2')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'key_1')).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    expect(() => box.open([...parts.slice(0, 3), body.toString('base64url')].join('.'), 'key_1')).toThrow();
    expect(() => box.open('garbage', 'key_1')).toThrow();
  });

  it('needs a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow();
  });
});
