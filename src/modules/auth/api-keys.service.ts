import { EntityManager } from '@mikro-orm/postgresql';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ApiError } from '../../common/http/errors';
import { CREATED_AT_CURSOR, DEFAULT_PAGE_SIZE } from '../../common/http/pagination';
import { isId } from '../../common/ids/ids';
import { SecretBox } from '../../core/crypto/secret-box';
import { APP_LOGGER } from '../../core/logging/logger.token';
import { Member } from '../workspaces/member.entity';
import { hasRole } from '../../common/auth/roles';
import { ApiKeyCache } from './api-key-cache';
import { generateApiKey, hashApiKey, isWellFormedApiKey } from './api-key-format';
import { ApiKey } from './api-key.entity';
import { ApiKeysRepository, toApiKeyDto, type KeyScope } from './api-keys.repository';
import type { CreatedApiKeyDto } from './dto/api-key.dto';
import type { KeyPrincipal, Principal } from '../../common/auth/principal';

/** How long a key created with `deferReveal` can be revealed. */
export const REVEAL_WINDOW_MS = 15 * 60_000;
/** `lastUsedAt` is written at most once per key in this interval, never on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export interface IssueKeyInput {
  member: Member;
  name: string;
  /** The caller that made it (its key, if any, and its member); null for the operator's CLI. */
  createdBy: Pick<Principal, 'keyId' | 'memberId'> | null;
  deferReveal: boolean;
  /** Requests per minute for this key, instead of the workspace's or the default. */
  rateLimitPerMinute?: number | null;
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly em: EntityManager,
    private readonly keys: ApiKeysRepository,
    private readonly secretBox: SecretBox,
    private readonly cache: ApiKeyCache,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * The principal behind a bearer token, or null. Malformed tokens (checksum included) are refused
   * without a query. Known keys come from the instance's cache (`ApiKeyCache`), which every change
   * to a key, member or workspace invalidates on every instance: revocation takes effect on the
   * next request. The returned principal may be shared between requests: never modify it.
   */
  async authenticate(token: string): Promise<KeyPrincipal | null> {
    if (!isWellFormedApiKey(token)) return null;
    const hash = hashApiKey(token);
    let principal = this.cache.get(hash);
    if (!principal) {
      const mark = this.cache.mark();
      const found = await this.keys.findPrincipal(hash);
      if (!found) return null;
      this.cache.set(hash, found, mark);
      principal = found;
    }
    const now = new Date();
    const lastUsedAt = principal.keyLastUsedAt;
    if (!lastUsedAt || now.getTime() - lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      this.touch(principal.keyId);
      // The write's trigger drops the cached entry on every instance; until then, this use counts.
      principal.keyLastUsedAt = now;
    }
    return principal;
  }

  /** Records use off the request's path; the condition keeps concurrent requests to one write. */
  private touch(keyId: string): void {
    this.keys
      .recordUse(keyId, LAST_USED_RESOLUTION_MS / 1000)
      .catch((error: unknown) => this.logger.warn({ err: error, keyId }, 'could not record key use'));
  }

  /** Creates a key for `member` inside `em` (which may be a transaction). */
  async issue(em: EntityManager, input: IssueKeyInput): Promise<CreatedApiKeyDto> {
    const generated = generateApiKey();
    const key = em.create(ApiKey, {
      workspace: input.member.workspace,
      member: input.member,
      name: input.name,
      prefix: generated.prefix,
      keyHash: generated.hash,
      createdByKeyId: input.createdBy?.keyId ?? null,
      createdByMemberId: input.createdBy?.memberId ?? null,
      rateLimitPerMinute: input.rateLimitPerMinute ?? null,
    });
    if (input.deferReveal) {
      key.revealCiphertext = this.secretBox.seal(generated.key, key.id);
      key.revealExpiresAt = new Date(Date.now() + REVEAL_WINDOW_MS);
    }
    em.persist(key);
    await em.flush();
    await this.keys.forgetExpiredReveals(em);
    return input.deferReveal ? toApiKeyDto(key) : { ...toApiKeyDto(key), key: generated.key };
  }

  /** `POST /auth/keys`: owner/admin create a key for themselves or for a member not above them. */
  async create(caller: Principal, input: { name: string; memberId?: string; deferReveal?: boolean }) {
    const memberId = input.memberId ?? caller.memberId;
    const member = isId('member', memberId)
      ? await this.em.findOne(Member, { id: memberId, workspace: caller.workspaceId })
      : null;
    if (!member) throw ApiError.notFound('member');
    if (!hasRole(caller.role, member.role)) {
      throw ApiError.insufficientRole(
        `A key may not outrank its creator: this key is ${caller.role}, the member is ${member.role}.`,
      );
    }
    return this.issue(this.em, {
      member,
      name: input.name,
      createdBy: caller,
      deferReveal: input.deferReveal ?? false,
    });
  }

  async list(caller: Principal, limit = DEFAULT_PAGE_SIZE, cursor?: string) {
    const after = CREATED_AT_CURSOR.decode(cursor);
    const page = CREATED_AT_CURSOR.page(
      await this.keys.page(this.visibleTo(caller), after, limit + 1),
      limit,
    );
    return { keys: page.items.map(toApiKeyDto), nextCursor: page.nextCursor };
  }

  /** A key the caller may see (their member's keys; every workspace key for admin+), or 404. */
  async findVisible(caller: Principal, keyId: string): Promise<ApiKey> {
    const key = isId('apiKey', keyId) ? await this.keys.findInScope(this.visibleTo(caller), keyId) : null;
    if (!key) throw ApiError.notFound('API key');
    return key;
  }

  /** Returns a deferred key's value once, within its window; afterwards (or never deferred) 410. */
  async reveal(caller: Principal, keyId: string): Promise<{ id: string; key: string }> {
    const key = await this.findVisible(caller, keyId);
    // A session has no key, and keys the CLI made have no creating key: neither is "the creator".
    const byCreator = caller.via === 'api_key' && key.createdByKeyId === caller.keyId;
    if (!byCreator && !hasRole(caller.role, 'admin')) {
      throw ApiError.insufficientRole('Only the key that created this key, or an admin, can reveal it.');
    }
    const sealed = await this.keys.takeSealedKey(key.id);
    if (sealed === null) {
      throw new ApiError(
        HttpStatus.GONE,
        'gone',
        'This key can no longer be revealed: it was shown already, its 15-minute window passed, or it was revoked.',
      );
    }
    return { id: key.id, key: this.secretBox.open(sealed, key.id) };
  }

  /** Revokes at once (idempotent). Admins may not revoke keys of members above them. */
  async revoke(caller: Principal, keyId: string): Promise<void> {
    const key = await this.findVisible(caller, keyId);
    if (key.member.id !== caller.memberId && !hasRole(caller.role, key.member.role)) {
      throw ApiError.insufficientRole(`A ${caller.role} key may not revoke a ${key.member.role}'s key.`);
    }
    const revoking = this.cache.revoking(key.id);
    await revoking.done(await this.keys.revoke(key.id));
  }

  private visibleTo(caller: Principal): KeyScope {
    return hasRole(caller.role, 'admin')
      ? { workspaceId: caller.workspaceId }
      : { workspaceId: caller.workspaceId, memberId: caller.memberId };
  }
}
