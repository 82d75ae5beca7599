import type { Role } from './roles';

/** Who is calling: the key that authenticated the request, its member and workspace. */
export interface Principal {
  keyId: string;
  keyName: string;
  keyPrefix: string;
  keyCreatedAt: Date;
  keyLastUsedAt: Date | null;
  workspaceId: string;
  workspaceName: string;
  memberId: string;
  memberEmail: string;
  memberName: string | null;
  role: Role;
  /** The key's own rate limit, else its workspace's; null → `NHX_RATE_LIMIT_PER_MINUTE`. */
  rateLimitPerMinute: number | null;
}
