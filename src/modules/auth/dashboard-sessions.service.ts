import { EntityManager } from '@mikro-orm/postgresql';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { SessionPrincipal } from '../../common/auth/principal';
import { ApiError } from '../../common/http/errors';
import { isPlainLoopback, type ResolvedConfig } from '../../core/config/config';
import { APP_CONFIG } from '../../core/config/config.token';
import { APP_LOGGER } from '../../core/logging/logger.token';
import { Member } from '../workspaces/member.entity';
import { DashboardSession } from './dashboard-session.entity';
import {
  absoluteExpiry,
  clearedSessionCookie,
  csrfTokenFor,
  generateToken,
  hashToken,
  idleExpiry,
  isWellFormedToken,
  LOGIN_LINK_TOKEN_PREFIX,
  LOGIN_LINK_TTL_MS,
  loginLinkUrl,
  needsTouch,
  readSessionCookie,
  SESSION_TOKEN_PREFIX,
  SESSION_TOUCH_RESOLUTION_MS,
  sessionSetCookie,
  sessionState,
} from './dashboard-session-policy';
import { DashboardSessionsRepository, type SessionRow } from './dashboard-sessions.repository';
import { LoginLink } from './login-link.entity';

export interface IssuedLoginLink {
  url: string;
  expiresAt: string;
}

export interface SignedIn {
  principal: SessionPrincipal;
  /** The `Set-Cookie` value that carries the new session. */
  setCookie: string;
}

/**
 * Dashboard sign-in: one-time links (issued by the operator CLI), the cookie sessions they open,
 * and sign-out. A session acts as its member, through the same guard and routes as an API key.
 */
@Injectable()
export class DashboardSessionsService {
  /** `Secure` cookies everywhere but plain-HTTP loopback (a browser drops them over HTTP). */
  readonly secureCookie: boolean;

  constructor(
    private readonly em: EntityManager,
    private readonly sessions: DashboardSessionsRepository,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    this.secureCookie = !isPlainLoopback(config.publicUrl);
  }

  /** A one-time link that signs `member` in within 15 minutes. */
  async issueLoginLink(member: Member, now = new Date()): Promise<IssuedLoginLink> {
    const generated = generateToken(LOGIN_LINK_TOKEN_PREFIX);
    const expiresAt = new Date(now.getTime() + LOGIN_LINK_TTL_MS);
    await this.em.transactional(async (em) => {
      em.persist(
        em.create(LoginLink, {
          workspace: member.workspace,
          member,
          tokenHash: generated.hash,
          createdAt: now,
          expiresAt,
        }),
      );
      await em.flush();
      await this.sessions.forgetOldLoginLinks(em, now);
    });
    return { url: loginLinkUrl(this.config.publicUrl, generated.token), expiresAt: expiresAt.toISOString() };
  }

  /**
   * Trades a login link's token for a new session. An unknown token is 401; a used or expired
   * link is 410 `gone` (the member asks for a new one).
   */
  async signIn(linkToken: string): Promise<SignedIn> {
    const invalid = () =>
      new ApiError(HttpStatus.UNAUTHORIZED, 'unauthorized', 'This sign-in link is not valid.');
    if (!isWellFormedToken(LOGIN_LINK_TOKEN_PREFIX, linkToken)) throw invalid();
    const now = new Date();
    const generated = generateToken(SESSION_TOKEN_PREFIX);
    await this.em.transactional(async (em) => {
      const link = await this.sessions.lockLoginLink(em, hashToken(linkToken));
      if (!link) throw invalid();
      if (link.usedAt) {
        throw new ApiError(
          HttpStatus.GONE,
          'gone',
          'This sign-in link was used already; each link signs in once. Ask for a new one.',
        );
      }
      if (link.expiresAt.getTime() <= now.getTime()) {
        throw new ApiError(
          HttpStatus.GONE,
          'gone',
          'This sign-in link has expired (links last 15 minutes). Ask for a new one.',
        );
      }
      await this.sessions.markLoginLinkUsed(em, link.id, now);
      em.persist(
        em.create(DashboardSession, {
          workspace: link.workspaceId,
          member: link.memberId,
          tokenHash: generated.hash,
          createdAt: now,
          lastSeenAt: now,
        }),
      );
      await em.flush();
    });
    const row = await this.sessions.findByTokenHash(generated.hash);
    if (!row) throw invalid();
    const principal = this.toPrincipal(row);
    const maxAge = (absoluteExpiry(row).getTime() - now.getTime()) / 1000;
    return { principal, setCookie: sessionSetCookie(generated.token, this.secureCookie, maxAge) };
  }

  /** The session principal behind the request's `Cookie` header, or null (none, unknown, ended). */
  /** Whether the request carries a session cookie at all (live or not): what a 401 should speak of. */
  carriesSessionCookie(cookieHeader: string | undefined): boolean {
    return readSessionCookie(cookieHeader, this.secureCookie) !== null;
  }

  async authenticate(cookieHeader: string | undefined): Promise<SessionPrincipal | null> {
    const token = readSessionCookie(cookieHeader, this.secureCookie);
    if (token === null || !isWellFormedToken(SESSION_TOKEN_PREFIX, token)) return null;
    const row = await this.sessions.findByTokenHash(hashToken(token));
    const now = new Date();
    if (!row || sessionState(row, now) !== 'live') return null;
    if (needsTouch(row.lastSeenAt, now)) {
      this.sessions
        .touch(row.sessionId, now, SESSION_TOUCH_RESOLUTION_MS)
        .catch((error: unknown) =>
          this.logger.warn({ err: error, sessionId: row.sessionId }, 'could not renew a dashboard session'),
        );
      row.lastSeenAt = now;
    }
    return this.toPrincipal(row);
  }

  /** Ends the session now: its cookie is refused from the commit on, on every instance. */
  async signOut(principal: SessionPrincipal): Promise<string> {
    await this.sessions.revoke(principal.sessionId);
    return clearedSessionCookie(this.secureCookie);
  }

  /** When the session ends without further requests, and at the latest. */
  expiries(principal: SessionPrincipal): { idleExpiresAt: Date; expiresAt: Date } {
    const times = { createdAt: principal.sessionCreatedAt, lastSeenAt: principal.sessionLastSeenAt };
    return { idleExpiresAt: idleExpiry(times), expiresAt: absoluteExpiry(times) };
  }

  private toPrincipal(row: SessionRow): SessionPrincipal {
    return {
      via: 'session',
      credentialId: row.sessionId,
      keyId: null,
      sessionId: row.sessionId,
      sessionCreatedAt: row.createdAt,
      sessionLastSeenAt: row.lastSeenAt,
      csrfToken: csrfTokenFor(this.config.secretKey, row.sessionId),
      workspaceId: row.workspaceId,
      workspaceName: row.workspaceName,
      memberId: row.memberId,
      memberEmail: row.memberEmail,
      memberName: row.memberName,
      role: row.role,
      rateLimitPerMinute: row.workspaceRateLimit,
    };
  }
}
