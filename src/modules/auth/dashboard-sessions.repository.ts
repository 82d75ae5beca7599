import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Role } from '../../common/auth/roles';

/** A stored session with its member and workspace: what authenticating a cookie reads. */
export interface SessionRow {
  sessionId: string;
  createdAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
  workspaceId: string;
  workspaceName: string;
  workspaceRateLimit: number | null;
  memberId: string;
  memberEmail: string;
  memberName: string | null;
  role: Role;
}

/** A login link as a sign-in finds it (locked until the sign-in's transaction ends). */
export interface LoginLinkRow {
  id: string;
  memberId: string;
  workspaceId: string;
  expiresAt: Date;
  usedAt: Date | null;
}

interface RawSessionRow {
  session_id: string;
  created_at: string | Date;
  last_seen_at: string | Date;
  revoked_at: string | Date | null;
  workspace_id: string;
  workspace_name: string;
  workspace_rate_limit: number | null;
  member_id: string;
  member_email: string;
  member_name: string | null;
  role: Role;
}

const date = (value: string | Date) => (value instanceof Date ? value : new Date(value));

/**
 * The `dashboard_login_links` and `dashboard_sessions` tables' statements. Authenticating a session
 * reads it with its member and workspace in one statement, like a key's; sessions are never cached,
 * so a sign-out holds on every instance from its commit.
 */
@Injectable()
export class DashboardSessionsRepository {
  constructor(private readonly em: EntityManager) {}

  /** A session by the hash of its token, revoked or expired ones included (the caller decides), or null. */
  async findByTokenHash(tokenHash: string): Promise<SessionRow | null> {
    const [row] = await this.em.getConnection().execute<RawSessionRow[]>(
      `SELECT s.id AS session_id, s.created_at, s.last_seen_at, s.revoked_at,
              w.id AS workspace_id, w.name AS workspace_name, w.rate_limit_per_minute AS workspace_rate_limit,
              m.id AS member_id, m.email AS member_email, m.name AS member_name, m.role
         FROM dashboard_sessions s
         JOIN members m ON m.id = s.member_id
         JOIN workspaces w ON w.id = s.workspace_id
        WHERE s.token_hash = ?`,
      [tokenHash],
    );
    if (!row) return null;
    return {
      sessionId: row.session_id,
      createdAt: date(row.created_at),
      lastSeenAt: date(row.last_seen_at),
      revokedAt: row.revoked_at === null ? null : date(row.revoked_at),
      workspaceId: row.workspace_id,
      workspaceName: row.workspace_name,
      workspaceRateLimit: row.workspace_rate_limit,
      memberId: row.member_id,
      memberEmail: row.member_email,
      memberName: row.member_name,
      role: row.role,
    };
  }

  /**
   * Moves `last_seen_at` to `now` unless it moved within `resolutionMs`, so concurrent requests make
   * one write. In autocommit, outside any transaction of the caller's.
   */
  async touch(sessionId: string, now: Date, resolutionMs: number): Promise<void> {
    await this.em
      .getConnection()
      .execute(
        `UPDATE dashboard_sessions SET last_seen_at = ? WHERE id = ? AND revoked_at IS NULL AND last_seen_at <= ?`,
        [now, sessionId, new Date(now.getTime() - resolutionMs)],
      );
  }

  /** Ends a session now (idempotent). */
  async revoke(sessionId: string): Promise<void> {
    await this.em
      .getConnection()
      .execute(`UPDATE dashboard_sessions SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL`, [
        sessionId,
      ]);
  }

  /** The link with this token hash, locked for the caller's transaction, or null. */
  async lockLoginLink(em: EntityManager, tokenHash: string): Promise<LoginLinkRow | null> {
    const [row] = await em.execute<
      {
        id: string;
        member_id: string;
        workspace_id: string;
        expires_at: string | Date;
        used_at: string | Date | null;
      }[]
    >(
      `SELECT id, member_id, workspace_id, expires_at, used_at
         FROM dashboard_login_links WHERE token_hash = ? FOR UPDATE`,
      [tokenHash],
    );
    if (!row) return null;
    return {
      id: row.id,
      memberId: row.member_id,
      workspaceId: row.workspace_id,
      expiresAt: date(row.expires_at),
      usedAt: row.used_at === null ? null : date(row.used_at),
    };
  }

  /** Marks a locked link used (it signs in once). */
  async markLoginLinkUsed(em: EntityManager, linkId: string, now: Date): Promise<void> {
    await em.execute(`UPDATE dashboard_login_links SET used_at = ? WHERE id = ?`, [now, linkId]);
  }

  /** Drops links that can no longer be used, a day after their expiry, so the table stays small. */
  async forgetOldLoginLinks(em: EntityManager, now: Date): Promise<void> {
    await em.execute(`DELETE FROM dashboard_login_links WHERE expires_at < ?`, [
      new Date(now.getTime() - 86_400_000),
    ]);
  }
}
