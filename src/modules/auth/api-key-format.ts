import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { encodeBase62, randomBase62 } from '../../core/crypto/base62';

export const API_KEY_PREFIX = 'nhx_sk_';
const RANDOM_LENGTH = 32; // ≈ 190 random bits
const CHECKSUM_LENGTH = 6; // base62 CRC-32 of the random part, as GitHub's tokens do
const DISPLAY_LENGTH = 4;
const SHAPE = /^nhx_sk_([0-9A-Za-z]{32,120})$/;

function checksum(body: string): string {
  return encodeBase62(crc32(body), CHECKSUM_LENGTH);
}

export interface NewApiKey {
  /** The whole key, shown to its owner once. */
  key: string;
  /** What listings show, e.g. `nhx_sk_4fQz`. */
  prefix: string;
  hash: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateApiKey(): NewApiKey {
  const body = randomBase62(RANDOM_LENGTH);
  const key = `${API_KEY_PREFIX}${body}${checksum(body)}`;
  return { key, prefix: key.slice(0, API_KEY_PREFIX.length + DISPLAY_LENGTH), hash: hashApiKey(key) };
}

/**
 * True when `candidate` has the key format and its checksum matches: typos, truncations and
 * made-up keys are refused here, without a database query.
 */
export function isWellFormedApiKey(candidate: string): boolean {
  const match = SHAPE.exec(candidate);
  if (!match) return false;
  const tail = match[1];
  const body = tail.slice(0, -CHECKSUM_LENGTH);
  return body.length >= RANDOM_LENGTH && checksum(body) === tail.slice(-CHECKSUM_LENGTH);
}
