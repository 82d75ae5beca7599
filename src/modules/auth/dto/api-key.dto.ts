import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, MaxLength, MinLength } from 'class-validator';
import { ApiDateTimeProperty } from '../../../common/decorators/api-docs.decorator';
import { ROLES, type Role } from '../../../common/auth/roles';
import { NOT_EMPTY, Omittable } from '../../../common/http/validation';

const ROLE_PROPERTY = { enum: ROLES, enumName: 'Role', example: 'admin' } as const;

/** An API key's metadata: never its value or hash. */
export class ApiKeyDto {
  /** @example "key_5Hq2VdXk9LmN3pR7sT1wYz" */
  id!: string;
  /** @example "Zapier production" */
  name!: string;
  /**
   * The key's first characters, to tell keys apart.
   * @example "nhx_sk_4fQz"
   */
  prefix!: string;
  /** The role the key acts with: its member's role. */
  @ApiProperty(ROLE_PROPERTY)
  role!: Role;
  /** @example "mem_8Jd3KfLq2WxP0sZc7VbN1m" */
  memberId!: string;
  /**
   * The key that created this one; null when created from the dashboard or the operator's CLI.
   * @example "key_2Bc9XyZq4LmN8pR7sT1wQa"
   */
  createdByKeyId!: string | null;
  /**
   * The member who created this key, with a key or from the dashboard; null when the operator's
   * CLI made it.
   * @example "mem_3Tq7WbN2xK9pL4sD8vF1hZ"
   */
  createdByMemberId!: string | null;
  @ApiDateTimeProperty({ example: '2026-03-14T09:21:47.120Z' })
  createdAt!: string;
  /** When the key last authenticated a request (to within a minute); null if never used. */
  @ApiDateTimeProperty({ example: '2026-03-14T10:02:11.004Z' })
  lastUsedAt!: string | null;
  /** When the key was revoked; null while it works. */
  @ApiDateTimeProperty({ example: null })
  revokedAt!: string | null;
  /**
   * Until when `POST /api/v1/auth/keys/{keyId}/reveal` can return the value of a key created with
   * `deferReveal`; null once revealed or revoked, or when the value was shown at creation.
   */
  @ApiDateTimeProperty({ example: null })
  revealExpiresAt!: string | null;
}

/** A key just created: its metadata and, unless reveal was deferred, its value (its one showing). */
export class CreatedApiKeyDto extends ApiKeyDto {
  /**
   * The whole key, to send as `Authorization: Bearer …`. Shown once: store it now. Absent when
   * created with `deferReveal: true`.
   * @example "nhx_sk_4fQzT8bWm2Lx9Vc3Kp7Rn1Ys5Hd0Ga6E4H7tEn"
   */
  key?: string;
}

export class ApiKeyListDto {
  keys!: ApiKeyDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor!: string | null;
}

export class CreateApiKeyDto {
  /**
   * A name to recognise the key by.
   * @example "Zapier production"
   */
  @IsString()
  @MinLength(1, NOT_EMPTY)
  @MaxLength(200)
  name!: string;

  /**
   * The member the key acts for; defaults to the caller's member. Its role may not outrank the caller's.
   * @example "mem_8Jd3KfLq2WxP0sZc7VbN1m"
   */
  @Omittable()
  @IsString()
  @MaxLength(64)
  memberId?: string;

  /**
   * Leave the value out of this response; fetch it once within 15 minutes with
   * `POST /api/v1/auth/keys/{keyId}/reveal`.
   * @example false
   */
  @Omittable()
  @IsBoolean()
  deferReveal?: boolean;
}

/** A deferred key's value, at its one showing. */
export class RevealedApiKeyDto {
  /** @example "key_5Hq2VdXk9LmN3pR7sT1wYz" */
  id!: string;
  /**
   * The whole key. Shown once: store it now.
   * @example "nhx_sk_4fQzT8bWm2Lx9Vc3Kp7Rn1Ys5Hd0Ga6E4H7tEn"
   */
  key!: string;
}

export class MeWorkspaceDto {
  /** @example "ws_3Rt8YqLm1ZxV7cN2bK9pWd" */
  id!: string;
  /** @example "Acme Support" */
  name!: string;
}

export class MeMemberDto {
  /** @example "mem_8Jd3KfLq2WxP0sZc7VbN1m" */
  id!: string;
  /** @example "sarah@acme.example" */
  email!: string;
  /** @example "Sarah" */
  name!: string | null;
  @ApiProperty(ROLE_PROPERTY)
  role!: Role;
}

export class MeKeyDto {
  /** @example "key_5Hq2VdXk9LmN3pR7sT1wYz" */
  id!: string;
  /** @example "Zapier production" */
  name!: string;
  /** @example "nhx_sk_4fQz" */
  prefix!: string;
  @ApiProperty(ROLE_PROPERTY)
  role!: Role;
  @ApiDateTimeProperty({ example: '2026-03-14T09:21:47.120Z' })
  createdAt!: string;
  /** When the key last authenticated a request, to within a minute; this request counts. */
  @ApiDateTimeProperty({ example: '2026-03-14T10:02:11.004Z' })
  lastUsedAt!: string | null;
}

export class MeSessionDto {
  /** @example "dss_2Lq8WzX4nPv7Rt1YcK9mHd" */
  id!: string;
  @ApiDateTimeProperty({ example: '2026-03-14T09:21:47.120Z' })
  createdAt!: string;
  /** When the session ends unless another request renews it (12 hours after the last one, to within a minute). */
  @ApiDateTimeProperty({ example: '2026-03-14T21:21:47.120Z' })
  idleExpiresAt!: string;
  /** When the session ends at the latest: 7 days after sign-in. */
  @ApiDateTimeProperty({ example: '2026-03-21T09:21:47.120Z' })
  expiresAt!: string;
  /**
   * Send it as `X-CSRF-Token` on every request that changes anything (POST, DELETE) while signed
   * in by the session cookie. Bound to this session.
   * @example "Gv3k2nO1m7w9Jx0eQp4rT6yU8iA5sD2fH1jK3lZ7xC0"
   */
  csrfToken!: string;
}

/** The identity behind this request: its workspace and member, and the key or dashboard session it came with. */
export class MeDto {
  workspace!: MeWorkspaceDto;
  member!: MeMemberDto;
  /** `api_key` for `Authorization: Bearer nhx_sk_…`, `session` for the dashboard's session cookie. */
  @ApiProperty({ enum: ['api_key', 'session'], enumName: 'CredentialKind', example: 'api_key' })
  via!: 'api_key' | 'session';
  /** The key of this request; null for a dashboard session. */
  @ApiProperty({ type: () => MeKeyDto, nullable: true })
  key!: MeKeyDto | null;
  /** The dashboard session of this request; null for an API key. */
  @ApiProperty({ type: () => MeSessionDto, nullable: true, example: null })
  session!: MeSessionDto | null;
}

export class CreateSessionDto {
  /**
   * The token of a sign-in link: what follows `#token=` in the URL that
   * `nebulahex member login-link` prints.
   * @example "nhx_ll_Qm3xV8pL2nR7tY1wK9cZ4bH6dF0gJ5sA8eU3iO2r"
   */
  @IsString()
  @MinLength(1, NOT_EMPTY)
  @MaxLength(200)
  token!: string;
}
