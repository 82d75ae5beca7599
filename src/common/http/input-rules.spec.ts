import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, checkJsonDepth, refusedStrings } from './input-rules';

/** `depth` levels of arrays (the outermost is level 1), built without recursion. */
function nestedArrays(depth: number): unknown[] {
  let value: unknown[] = [];
  for (let level = 1; level < depth; level += 1) value = [value];
  return value;
}

describe('checkJsonDepth', () => {
  it('allows 32 levels and refuses 33, naming the path and the limit', () => {
    expect(MAX_JSON_DEPTH).toBe(32);
    expect(checkJsonDepth(nestedArrays(32))).toBeNull();
    expect(checkJsonDepth({ a: { b: nestedArrays(30) } })).toBeNull();
    const error = checkJsonDepth({ a: { b: nestedArrays(31) } });
    expect(error?.getStatus()).toBe(400);
    expect(error?.code).toBe('validation_failed');
    expect(error?.message).toMatch(/deeper than 32 levels/);
    expect(error?.details).toEqual([
      { field: `a.b${'.0'.repeat(30)}`, message: expect.stringMatching(/32 levels/) },
    ]);
  });

  it('walks any depth and width without recursion', () => {
    expect(checkJsonDepth(nestedArrays(1_000_000))?.code).toBe('validation_failed');
    expect(checkJsonDepth(Array.from({ length: 200_000 }, (_, i) => ({ i, tags: ['x'] })))).toBeNull();
  });

  it('counts scalars as no level', () => {
    for (const value of [null, 1, 'x', true, {}, []]) expect(checkJsonDepth(value)).toBeNull();
  });
});

describe('refusedStrings', () => {
  it('finds NUL and unpaired surrogates, wherever they sit in a string', () => {
    for (const bad of [
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\ud800',
      '\udc00x',
      '\udc00\ud800',
      '\ud83d\ud83d',
    ]) {
      expect(refusedStrings({ name: bad }), JSON.stringify(bad)).toEqual([
        { field: 'name', message: 'name must not contain NUL characters or unpaired UTF-16 surrogates' },
      ]);
    }
  });

  it('accepts paired surrogates and every other character', () => {
    expect(refusedStrings({ name: 'Hi 👋 \u0001 \u2028 \ufeff \uffff 𝄞', tags: ['ok'] })).toEqual([]);
  });

  it('names nested values and property names by their path, escaping what it refuses', () => {
    expect(
      refusedStrings({
        customer: { name: ['ok', 'x\u0000'] },
        'ke\ud800y': 1,
        fine: { 'a\u0000': { deeper: 'x' } },
      }),
    ).toEqual(
      expect.arrayContaining([
        { field: 'customer.name.1', message: expect.stringMatching(/^1 must not/) },
        { field: 'ke\\ud800y', message: expect.stringMatching(/^property names must not/) },
        { field: 'fine.a\\u0000', message: expect.stringMatching(/^property names must not/) },
      ]),
    );
  });

  it('reports a bad string body as `body`, and at most 20 problems', () => {
    expect(refusedStrings('\u0000')).toEqual([{ field: 'body', message: expect.any(String) }]);
    expect(refusedStrings(Array.from({ length: 1_000 }, () => '\u0000'))).toHaveLength(20);
  });

  it('refuses property names every object inherits, and prototype, which would be dropped unseen', () => {
    expect(
      refusedStrings({
        valueOf: 0,
        prototype: false,
        customer: { toString: 'x' },
        capturedFields: { constructor: 'y', ok: 'z' },
      }),
    ).toEqual([
      { field: 'valueOf', message: 'valueOf is not a field this API accepts' },
      { field: 'prototype', message: 'prototype is not a field this API accepts' },
      { field: 'capturedFields.constructor', message: 'constructor is not a field this API accepts' },
      { field: 'customer.toString', message: 'toString is not a field this API accepts' },
    ]);
  });

  it('cuts long property names in paths', () => {
    const [detail] = refusedStrings({ [`${'k'.repeat(10_000)}\u0000`]: 1 });
    expect(detail.field).toBe(`${'k'.repeat(64)}…`);
  });
});
