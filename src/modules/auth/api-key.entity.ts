import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { newId } from '../../common/ids/ids';
import { Member } from '../workspaces/member.entity';
import { Workspace } from '../workspaces/workspace.entity';

/**
 * An API key. Only its SHA-256 is kept; the plain key exists once in a response, or (sealed with
 * the service secret) for at most 15 minutes while a deferred reveal is pending.
 */
@Entity({ tableName: 'api_keys' })
@Index({ properties: ['workspace', 'createdAt', 'id'] })
export class ApiKey {
  @PrimaryKey({ type: 'string', length: 64 })
  id: string = newId('apiKey');

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne(() => Member, { deleteRule: 'cascade' })
  @Index()
  member!: Member;

  @Property({ type: 'string', length: 200 })
  name!: string;

  /** Shown in listings so a person can tell keys apart, e.g. `nhx_sk_4fQz`. */
  @Property({ type: 'string', length: 32 })
  prefix!: string;

  /** Hex SHA-256 of the whole key: the lookup index. */
  @Property({ type: 'string', length: 64, unique: true })
  keyHash!: string;

  /** The key whose request created this one; null when a session or the CLI did. */
  @Property({ type: 'string', length: 64, nullable: true })
  createdByKeyId: string | null = null;

  /** The member whose key or dashboard session created this one; null when the CLI did. */
  @Property({ type: 'string', length: 64, nullable: true })
  createdByMemberId: string | null = null;

  @Property({ type: 'datetime', length: 3, defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  /** The key sealed with the service secret, only while a deferred reveal is pending. */
  @Property({ type: 'text', nullable: true, lazy: true })
  revealCiphertext: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  revealExpiresAt: Date | null = null;

  /** Requests per minute for this key; null → the workspace's limit, else `NHX_RATE_LIMIT_PER_MINUTE`. */
  @Property({ type: 'integer', nullable: true })
  rateLimitPerMinute: number | null = null;
}
