import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import { randomBase62 } from '../../core/crypto/base62';

/*
 * The dashboard's sign-in rules as plain functions: token shapes, expiries, the cookie and the CSRF
 * token. The service and the guard apply them; the unit tests pin them down.
 */

export const LOGIN_LINK_TOKEN_PREFIX = 'nhx_ll_';
export const SESSION_TOKEN_PREFIX = 'nhx_ds_';
const TOKEN_RANDOM_LENGTH = 40; // ≈ 238 random bits

export const LOGIN_LINK_TTL_MS = 15 * 60_000;
export const SESSION_IDLE_MS = 12 * 3_600_000;
export const SESSION_ABSOLUTE_MS = 7 * 86_400_000;
/** `lastSeenAt` is written at most once a minute per session, so idle renewal is not a write per request. */
export const SESSION_TOUCH_RESOLUTION_MS = 60_000;

/** The page the sign-in link opens; the token rides in the fragment, which browsers never send. */
export const SIGN_IN_PATH = '/dashboard/sign-in';
export const CSRF_HEADER = 'x-csrf-token';

export interface NewToken {
  token: string;
  hash: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function generateToken(prefix: string): NewToken {
  const token = `${prefix}${randomBase62(TOKEN_RANDOM_LENGTH)}`;
  return { token, hash: hashToken(token) };
}

/** True when `candidate` has the shape of a token with `prefix`: anything else is refused without a query. */
export function isWellFormedToken(prefix: string, candidate: string): boolean {
  return (
    candidate.length === prefix.length + TOKEN_RANDOM_LENGTH &&
    candidate.startsWith(prefix) &&
    /^[0-9A-Za-z]+$/.test(candidate.slice(prefix.length))
  );
}

export function loginLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}${SIGN_IN_PATH}#token=${token}`;
}

/** Why a stored session does or does not authenticate at `now`. */
export type SessionState = 'live' | 'revoked' | 'idle' | 'expired';

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

export function sessionState(session: SessionTimes, now: Date): SessionState {
  if (session.revokedAt) return 'revoked';
  if (now.getTime() >= absoluteExpiry(session).getTime()) return 'expired';
  if (now.getTime() >= idleExpiry(session).getTime()) return 'idle';
  return 'live';
}

export function absoluteExpiry(session: Pick<SessionTimes, 'createdAt'>): Date {
  return new Date(session.createdAt.getTime() + SESSION_ABSOLUTE_MS);
}

/** When the session ends unless a request renews it (never after the absolute expiry). */
export function idleExpiry(session: Pick<SessionTimes, 'createdAt' | 'lastSeenAt'>): Date {
  return new Date(
    Math.min(session.lastSeenAt.getTime() + SESSION_IDLE_MS, absoluteExpiry(session).getTime()),
  );
}

/** True when a request at `now` should move `lastSeenAt` (at most once per resolution). */
export function needsTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= SESSION_TOUCH_RESOLUTION_MS;
}

/**
 * The cookie's name: with `Secure`, the `__Host-` prefix makes browsers insist on `Secure`,
 * `Path=/` and no `Domain`, so no sibling subdomain can set or shadow it.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-nhx_session' : 'nhx_session';
}

/** `Set-Cookie` for a new session: HttpOnly, SameSite=Strict, Path=/, Secure unless plain loopback. */
export function sessionSetCookie(token: string, secure: boolean, maxAgeSeconds: number): string {
  return stringifySetCookie({
    name: sessionCookieName(secure),
    value: token,
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure,
    maxAge: Math.max(0, Math.floor(maxAgeSeconds)),
  });
}

/** `Set-Cookie` that removes the session cookie (sign-out). */
export function clearedSessionCookie(secure: boolean): string {
  return stringifySetCookie({
    name: sessionCookieName(secure),
    value: '',
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure,
    maxAge: 0,
  });
}

/** The session token from a `Cookie` header, or null. */
export function readSessionCookie(header: string | undefined, secure: boolean): string | null {
  if (!header) return null;
  return parseCookie(header)[sessionCookieName(secure)] ?? null;
}

/**
 * The session's CSRF token: an HMAC of its id under the service's secret key. Bound to the
 * session, derivable at any time (so `GET /auth/me` can hand it out again) and never stored.
 */
export function csrfTokenFor(secretKey: Buffer, sessionId: string): string {
  return createHmac('sha256', secretKey).update(`dashboard-csrf:${sessionId}`).digest('base64url');
}

/** Compares in constant time (for equal lengths; a length says nothing about an HMAC). */
export function csrfTokenMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Methods that change nothing: they need no CSRF token. */
export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}
