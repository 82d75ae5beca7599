import { randomBase62 } from '../../core/crypto/base62';

/** Resource id prefixes: every id is `<prefix>_<random>`. */
export const ID_PREFIXES = {
  workspace: 'ws',
  member: 'mem',
  apiKey: 'key',
  bot: 'bot',
  conversation: 'cnv',
  session: 'ses',
  message: 'msg',
  lead: 'lead',
  hook: 'hook',
  event: 'evt',
  delivery: 'dlv',
  order: 'ord',
  request: 'req',
  loginLink: 'lnk',
  dashboardSession: 'dss',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

/** 22 base62 characters ≈ 131 random bits: unguessable and URL-safe. */
const ID_RANDOM_LENGTH = 22;

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${randomBase62(ID_RANDOM_LENGTH)}`;
}

/** True when `value` has the shape of an id of `kind`; a cheap filter before any query. */
const ID_SHAPES = Object.fromEntries(
  Object.entries(ID_PREFIXES).map(([kind, prefix]) => [kind, new RegExp(`^${prefix}_[0-9A-Za-z]{1,60}$`)]),
) as Record<IdKind, RegExp>;

/** True when `value` has the shape of an id of `kind`: lets a lookup answer 404 without a query. */
export function isId(kind: IdKind, value: string): boolean {
  return ID_SHAPES[kind].test(value);
}
