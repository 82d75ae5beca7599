import { parseSetCookie } from 'cookie';
import { describe, expect, it } from 'vitest';
import {
  clearedSessionCookie,
  csrfTokenFor,
  csrfTokenMatches,
  generateToken,
  hashToken,
  idleExpiry,
  isSafeMethod,
  isWellFormedToken,
  LOGIN_LINK_TOKEN_PREFIX,
  loginLinkUrl,
  needsTouch,
  readSessionCookie,
  SESSION_TOKEN_PREFIX,
  sessionSetCookie,
  sessionState,
} from './dashboard-session-policy';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(Date.UTC(2026, 2, 14) + ms);

describe('dashboard session tokens', () => {
  it('generates prefixed tokens whose hash is their SHA-256, never the token', () => {
    const { token, hash } = generateToken(SESSION_TOKEN_PREFIX);
    expect(token).toMatch(/^nhx_ds_[0-9A-Za-z]{40}$/);
    expect(hash).toBe(hashToken(token));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(generateToken(SESSION_TOKEN_PREFIX).token).not.toBe(token);
    expect(isWellFormedToken(SESSION_TOKEN_PREFIX, token)).toBe(true);
    expect(isWellFormedToken(LOGIN_LINK_TOKEN_PREFIX, token)).toBe(false);
    expect(isWellFormedToken(SESSION_TOKEN_PREFIX, token.slice(0, -1))).toBe(false);
    expect(isWellFormedToken(SESSION_TOKEN_PREFIX, `${token.slice(0, -1)}!`)).toBe(false);
  });

  it('puts the link token in the fragment of the sign-in page', () => {
    expect(loginLinkUrl('https://support.acme.example', 'nhx_ll_abc')).toBe(
      'https://support.acme.example/dashboard/sign-in#token=nhx_ll_abc',
    );
  });
});

describe('session expiry', () => {
  const created = at(0);

  it('is live until 12 hours without a request', () => {
    const session = { createdAt: created, lastSeenAt: at(2 * HOUR), revokedAt: null };
    expect(sessionState(session, at(14 * HOUR - 1))).toBe('live');
    expect(sessionState(session, at(14 * HOUR))).toBe('idle');
    expect(idleExpiry(session)).toEqual(at(14 * HOUR));
  });

  it('ends 7 days after sign-in however recently it was used', () => {
    const session = { createdAt: created, lastSeenAt: at(7 * DAY - 1000), revokedAt: null };
    expect(sessionState(session, at(7 * DAY - 1))).toBe('live');
    expect(sessionState(session, at(7 * DAY))).toBe('expired');
    // the idle expiry never runs past the absolute one
    expect(idleExpiry(session)).toEqual(at(7 * DAY));
  });

  it('is over once signed out', () => {
    expect(sessionState({ createdAt: created, lastSeenAt: created, revokedAt: at(1) }, at(2))).toBe(
      'revoked',
    );
  });

  it('renews at most once a minute', () => {
    expect(needsTouch(at(0), at(59_999))).toBe(false);
    expect(needsTouch(at(0), at(60_000))).toBe(true);
  });
});

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Strict, Path=/ and Secure with the __Host- prefix off loopback', () => {
    const header = sessionSetCookie('nhx_ds_x', true, 7 * 86_400);
    expect(header).toBe(
      '__Host-nhx_session=nhx_ds_x; Max-Age=604800; Path=/; HttpOnly; Secure; SameSite=Strict',
    );
    expect(parseSetCookie(header)).toEqual({
      name: '__Host-nhx_session',
      value: 'nhx_ds_x',
      maxAge: 604_800,
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
    });
  });

  it('is not Secure on plain-HTTP loopback, where a browser would drop a Secure cookie', () => {
    const cookie = parseSetCookie(sessionSetCookie('nhx_ds_x', false, 10.7));
    expect(cookie).toEqual({
      name: 'nhx_session',
      value: 'nhx_ds_x',
      maxAge: 10,
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
    });
  });

  it('is cleared with the same attributes and Max-Age=0', () => {
    expect(parseSetCookie(clearedSessionCookie(true))).toMatchObject({
      name: '__Host-nhx_session',
      value: '',
      maxAge: 0,
      path: '/',
      secure: true,
    });
  });

  it('is read from a Cookie header under its own name only', () => {
    expect(readSessionCookie('a=1; nhx_session=nhx_ds_y; b=2', false)).toBe('nhx_ds_y');
    expect(readSessionCookie('nhx_session=nhx_ds_y', true)).toBeNull();
    expect(readSessionCookie('__Host-nhx_session=nhx_ds_z', true)).toBe('nhx_ds_z');
    expect(readSessionCookie(undefined, true)).toBeNull();
  });
});

describe('CSRF token', () => {
  const key = Buffer.alloc(32, 9);

  it('is bound to the session and to the service key', () => {
    const token = csrfTokenFor(key, 'dss_a');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfTokenFor(key, 'dss_a')).toBe(token);
    expect(csrfTokenFor(key, 'dss_b')).not.toBe(token);
    expect(csrfTokenFor(Buffer.alloc(32, 8), 'dss_a')).not.toBe(token);
  });

  it('matches only the exact token', () => {
    const token = csrfTokenFor(key, 'dss_a');
    expect(csrfTokenMatches(token, token)).toBe(true);
    expect(csrfTokenMatches(token, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(csrfTokenMatches(token, token.slice(1))).toBe(false);
    expect(csrfTokenMatches(token, '')).toBe(false);
    expect(csrfTokenMatches(token, undefined)).toBe(false);
    expect(csrfTokenMatches(token, [token, token])).toBe(false);
  });

  it('is needed by every method but GET, HEAD and OPTIONS', () => {
    expect(['GET', 'HEAD', 'OPTIONS'].every(isSafeMethod)).toBe(true);
    expect(['POST', 'DELETE', 'PUT', 'PATCH'].some(isSafeMethod)).toBe(false);
  });
});
