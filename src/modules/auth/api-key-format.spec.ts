import { describe, expect, it } from 'vitest';
import { BASE62 } from '../../core/crypto/base62';
import { generateApiKey, hashApiKey, isWellFormedApiKey } from './api-key-format';

describe('API key format', () => {
  it('generates nhx_sk_ + 32 random + 6 checksum base62 characters', () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^nhx_sk_[0-9A-Za-z]{38}$/);
    expect(prefix).toBe(key.slice(0, 11));
    expect(hash).toBe(hashApiKey(key));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(isWellFormedApiKey(key)).toBe(true);
  });

  it('never repeats', () => {
    const keys = new Set(Array.from({ length: 2_000 }, () => generateApiKey().key));
    expect(keys.size).toBe(2_000);
  });

  it('catches every single-character substitution', () => {
    const { key } = generateApiKey();
    let caught = 0;
    let tried = 0;
    for (let i = 7; i < key.length; i += 1) {
      for (const c of BASE62) {
        if (c === key[i]) continue;
        tried += 1;
        if (!isWellFormedApiKey(key.slice(0, i) + c + key.slice(i + 1))) caught += 1;
      }
    }
    expect(caught).toBe(tried);
  });

  it('catches swapped neighbours, truncation and extension', () => {
    const { key } = generateApiKey();
    const i = 12;
    if (key[i] !== key[i + 1]) {
      expect(isWellFormedApiKey(key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2))).toBe(false);
    }
    expect(isWellFormedApiKey(key.slice(0, -1))).toBe(false);
    expect(isWellFormedApiKey(`${key}a`)).toBe(false);
  });

  it.each([
    '',
    'nhx_sk_',
    'nhx_pk_' + 'a'.repeat(38),
    'Bearer nhx_sk_x',
    'nhx_sk_' + '-'.repeat(38),
    'x'.repeat(10_000),
  ])('refuses %j', (candidate) => {
    expect(isWellFormedApiKey(candidate)).toBe(false);
  });
});
