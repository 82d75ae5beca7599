import { describe, expect, it } from 'vitest';
import { maskSqlLiterals } from './tracing';

describe('maskSqlLiterals', () => {
  it('masks every string literal, escaped quotes included, and keeps the statement readable', () => {
    expect(
      maskSqlLiterals(
        `INSERT INTO events (id, data, traceparent) VALUES ('evt_1', '{"text":"it''s me"}'::json, NULL) RETURNING created_at`,
      ),
    ).toBe(`INSERT INTO events (id, data, traceparent) VALUES ('?', '?'::json, NULL) RETURNING created_at`);
    expect(
      maskSqlLiterals(`SELECT 1 FROM api_keys WHERE key_hash = 'ab12' AND revoked_at IS NULL LIMIT 2`),
    ).toBe(`SELECT 1 FROM api_keys WHERE key_hash = '?' AND revoked_at IS NULL LIMIT 2`);
    expect(maskSqlLiterals(`SELECT ''`)).toBe(`SELECT '?'`);
  });
});
