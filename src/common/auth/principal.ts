import type { Role } from './roles';

/** What every caller has, however it authenticated: a member of a workspace, acting with its role. */
interface PrincipalBase {
  /**
   * The credential's id (`key_…` or `dss_…`): what rate limits, idempotency keys and revocations
   * are kept under.
   */
  credentialId: string;
  workspaceId: string;
  workspaceName: string;
  memberId: string;
  memberEmail: string;
  memberName: string | null;
  role: Role;
  /** The key's own rate limit, else its workspace's; null → `NHX_RATE_LIMIT_PER_MINUTE`. */
  rateLimitPerMinute: number | null;
}

/** A caller with an API key (`Authorization: Bearer nhx_sk_…`). */
export interface KeyPrincipal extends PrincipalBase {
  via: 'api_key';
  keyId: string;
  keyName: string;
  keyPrefix: string;
  keyCreatedAt: Date;
  keyLastUsedAt: Date | null;
}

/** A member signed in to the dashboard (the session cookie). */
export interface SessionPrincipal extends PrincipalBase {
  via: 'session';
  /** No key: whatever a key would stamp (`apiKeyId`, `createdByKeyId`) stays null. */
  keyId: null;
  sessionId: string;
  sessionCreatedAt: Date;
  sessionLastSeenAt: Date;
  /** The session's CSRF token, which state-changing requests must echo in `X-CSRF-Token`. */
  csrfToken: string;
}

/** Who is calling: the member (and workspace) behind the request's key or dashboard session. */
export type Principal = KeyPrincipal | SessionPrincipal;
