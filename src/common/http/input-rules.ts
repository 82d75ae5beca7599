import { ApiError, type ErrorDetail } from './errors';

/**
 * Rules every piece of client input obeys before any DTO, service or driver sees it: JSON bodies
 * nest at most `MAX_JSON_DEPTH` levels, and no string (value or property name, in a body, a query
 * string or a path parameter) holds a NUL or an unpaired UTF-16 surrogate. PostgreSQL refuses NUL in
 * text, and the driver rewrites unpaired surrogates to U+FFFD, so both would otherwise end as a 500
 * or as data other than what was sent. Both walks are iterative: no input can exhaust the stack.
 */

/** Levels of objects and arrays a JSON body may nest; the body itself is level 1. */
export const MAX_JSON_DEPTH = 32;

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
// eslint-disable-next-line no-control-regex -- NUL is what it looks for
const FORBIDDEN_CHARACTERS = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Whether `text` breaks the string rule (V8's native checks: a body's every string goes through here). */
export function isIllFormed(text: string): boolean {
  return text.includes('\u0000') || !(text as string & { isWellFormed(): boolean }).isWellFormed();
}

const STRING_RULE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/**
 * Property names every object inherits (`valueOf`, `toString`, `constructor`…), and `prototype`.
 * Nest's validation pipe deletes `__proto__`, `prototype` and `constructor` before validating, and
 * class-transformer skips a key whose name is a function on the target, so such a field would be
 * dropped without a word — neither refused as unknown nor stored — in a DTO and in a free-form map.
 */
const INHERITED_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Problems reported at most; a body of a million bad strings gets an answer of bounded size. */
const MAX_DETAILS = 20;

/** Characters of a property name a path shows; longer names are cut. */
const MAX_SEGMENT_LENGTH = 64;

/** A property name as a path segment: its forbidden characters as `\uXXXX` text, so the answer stays clean. */
function segment(key: string): string {
  const shown = key.length > MAX_SEGMENT_LENGTH ? `${key.slice(0, MAX_SEGMENT_LENGTH)}…` : key;
  return shown.replace(FORBIDDEN_CHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const isContainer = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** Where a walk is: the property being visited, its path spelt on demand. */
interface Cursor {
  key: string;
  depth: number;
  path(): string;
}

/**
 * Walks the properties and items under `root` depth first without recursion (a body may nest as
 * deep as its size allows), calling `visit` with each value; `visit` returns true to go into it, or
 * 'stop'. Paths are spelt only for what is reported, so a large body costs no string per node.
 */
function walk(root: Record<string, unknown>, visit: (value: unknown, at: Cursor) => boolean | 'stop'): void {
  // Parallel stacks of the containers still to visit: the container, and its entry in `trail`.
  const containers: Record<string, unknown>[] = [root];
  const entries: number[] = [0];
  // Every container entered: its parent's entry, its key and its depth (the root is level 1).
  const trail = [{ parent: -1, key: '', depth: 1 }];
  let entry = 0;
  const cursor: Cursor = {
    key: '',
    depth: 0,
    path() {
      const segments = [segment(cursor.key)];
      for (let at = entry; at > 0; at = trail[at].parent) segments.push(segment(trail[at].key));
      return segments.reverse().join('.');
    },
  };
  while (containers.length > 0) {
    const container = containers.pop() as Record<string, unknown>;
    entry = entries.pop() as number;
    cursor.depth = trail[entry].depth + 1;
    for (const key of Object.keys(container)) {
      const value = container[key];
      cursor.key = key;
      const answer = visit(value, cursor);
      if (answer === 'stop') return;
      if (answer && isContainer(value)) {
        containers.push(value);
        entries.push(trail.push({ parent: entry, key, depth: cursor.depth }) - 1);
      }
    }
  }
}

/**
 * The first object or array of a parsed JSON value nested deeper than `MAX_JSON_DEPTH` levels, as a
 * 400 naming its path, or null.
 */
export function checkJsonDepth(body: unknown): ApiError | null {
  if (!isContainer(body)) return null;
  let error: ApiError | null = null;
  walk(body, (value, at) => {
    if (!isContainer(value)) return false;
    if (at.depth <= MAX_JSON_DEPTH) return true;
    const limit = `deeper than ${MAX_JSON_DEPTH} levels`;
    error = ApiError.validation(
      [{ field: at.path(), message: `the body nests objects and arrays ${limit}` }],
      `The request body nests objects and arrays ${limit}.`,
    );
    return 'stop';
  });
  return error;
}

/**
 * One detail per string of `input` (a parsed body, query string or path parameters) that breaks
 * the string rule, property names included, and per property named like a member every object
 * inherits, each named by its path (`customer.name`, `tags.0`).
 */
export function refusedStrings(input: unknown): ErrorDetail[] {
  if (typeof input === 'string') {
    return isIllFormed(input) ? [{ field: 'body', message: `body ${STRING_RULE}` }] : [];
  }
  if (!isContainer(input)) return [];
  const details: ErrorDetail[] = [];
  walk(input, (value, at) => {
    if (isIllFormed(at.key)) details.push({ field: at.path(), message: `property names ${STRING_RULE}` });
    else if (INHERITED_NAMES.has(at.key)) {
      details.push({ field: at.path(), message: `${at.key} is not a field this API accepts` });
    } else if (typeof value === 'string' && isIllFormed(value)) {
      details.push({ field: at.path(), message: `${segment(at.key)} ${STRING_RULE}` });
    } else return true;
    return details.length < MAX_DETAILS ? false : 'stop';
  });
  return details;
}
