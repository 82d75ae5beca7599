import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { KeyPrincipal } from '../../common/auth/principal';
import type { Role } from '../../common/auth/roles';
import type { CreatedAtKey } from '../../common/http/pagination';
import { ApiKey } from './api-key.entity';
import type { ApiKeyDto } from './dto/api-key.dto';

/** The keys a caller may see: a workspace's, or one member's of it. */
export interface KeyScope {
  workspaceId: string;
  memberId?: string;
}

interface PrincipalRow {
  key_id: string;
  key_name: string;
  key_prefix: string;
  key_created_at: string;
  last_used_at: string | null;
  workspace_id: string;
  workspace_name: string;
  member_id: string;
  member_email: string;
  member_name: string | null;
  role: Role;
  rate_limit: number | null;
}

function toPrincipal(row: PrincipalRow): KeyPrincipal {
  return {
    via: 'api_key',
    credentialId: row.key_id,
    keyId: row.key_id,
    keyName: row.key_name,
    keyPrefix: row.key_prefix,
    keyCreatedAt: new Date(row.key_created_at),
    keyLastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    memberId: row.member_id,
    memberEmail: row.member_email,
    memberName: row.member_name,
    role: row.role,
    rateLimitPerMinute: row.rate_limit,
  };
}

export function toApiKeyDto(key: ApiKey): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    role: key.member.role,
    memberId: key.member.id,
    createdByKeyId: key.createdByKeyId,
    createdByMemberId: key.createdByMemberId,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    revealExpiresAt: key.revealExpiresAt?.toISOString() ?? null,
  };
}

const scopeFilter = (scope: KeyScope) =>
  scope.memberId === undefined
    ? { workspace: scope.workspaceId }
    : { workspace: scope.workspaceId, member: scope.memberId };

/**
 * The `api_keys` table's queries. Authentication reads the key with its member and workspace in one
 * statement (the request's first, and cached): the one place auth reads those tables.
 */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly em: EntityManager) {}

  /** The principal of an unrevoked key by the hash of its value, or null: one indexed query. */
  async findPrincipal(keyHash: string): Promise<KeyPrincipal | null> {
    const [row] = await this.em.getConnection().execute<PrincipalRow[]>(
      `SELECT k.id AS key_id, k.name AS key_name, k.prefix AS key_prefix, k.created_at AS key_created_at,
              k.last_used_at, w.id AS workspace_id, w.name AS workspace_name,
              m.id AS member_id, m.email AS member_email, m.name AS member_name, m.role,
              COALESCE(k.rate_limit_per_minute, w.rate_limit_per_minute) AS rate_limit
         FROM api_keys k
         JOIN members m ON m.id = k.member_id
         JOIN workspaces w ON w.id = k.workspace_id
        WHERE k.key_hash = ? AND k.revoked_at IS NULL`,
      [keyHash],
    );
    return row ? toPrincipal(row) : null;
  }

  /**
   * Sets `last_used_at` unless it was set within `resolutionSeconds`, so concurrent requests make
   * one write. In autocommit on its own connection, outside any transaction of the caller's.
   */
  async recordUse(keyId: string, resolutionSeconds: number): Promise<void> {
    await this.em.getConnection().execute(
      `UPDATE api_keys SET last_used_at = now()
        WHERE id = ? AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => ?))`,
      [keyId, resolutionSeconds],
    );
  }

  /**
   * Takes a deferred key's sealed value, once: clears it and returns what it held, or null when it
   * was taken already, its window passed or the key was revoked. The row lock makes concurrent
   * reveals of one key return it to one of them only.
   */
  async takeSealedKey(keyId: string): Promise<string | null> {
    const [row] = await this.em.getConnection().execute<{ reveal_ciphertext: string }[]>(
      `UPDATE api_keys k SET reveal_ciphertext = NULL, reveal_expires_at = NULL
         FROM (SELECT id, reveal_ciphertext FROM api_keys WHERE id = ? FOR UPDATE) old
        WHERE k.id = old.id AND old.reveal_ciphertext IS NOT NULL
          AND k.reveal_expires_at > now() AND k.revoked_at IS NULL
       RETURNING old.reveal_ciphertext`,
      [keyId],
    );
    return row?.reveal_ciphertext ?? null;
  }

  /** Up to `limit` keys of the scope after `after`, oldest first, with their member. */
  page(scope: KeyScope, after: CreatedAtKey | null, limit: number): Promise<ApiKey[]> {
    return this.em.find(
      ApiKey,
      {
        ...scopeFilter(scope),
        ...(after && {
          $or: [
            { createdAt: { $gt: after.createdAt } },
            { createdAt: after.createdAt, id: { $gt: after.id } },
          ],
        }),
      },
      { populate: ['member'], orderBy: { createdAt: 'asc', id: 'asc' }, limit },
    );
  }

  /** A key of the scope with its member, or null. */
  findInScope(scope: KeyScope, keyId: string): Promise<ApiKey | null> {
    return this.em.findOne(ApiKey, { id: keyId, ...scopeFilter(scope) }, { populate: ['member'] });
  }

  /** Revokes the key now and drops any sealed value; false when it was revoked already. */
  async revoke(keyId: string): Promise<boolean> {
    const changed = await this.em.nativeUpdate(
      ApiKey,
      { id: keyId, revokedAt: null },
      { revokedAt: new Date(), revealCiphertext: null, revealExpiresAt: null },
    );
    return changed > 0;
  }

  /** Drops sealed key values whose reveal window has passed, so none outlives its 15 minutes by much. */
  async forgetExpiredReveals(em: EntityManager): Promise<void> {
    await em.nativeUpdate(
      ApiKey,
      { revealCiphertext: { $ne: null }, revealExpiresAt: { $lt: new Date() } },
      { revealCiphertext: null },
    );
  }
}
