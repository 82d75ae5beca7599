import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { newId } from '../../common/ids/ids';
import { Member } from '../workspaces/member.entity';
import { Workspace } from '../workspaces/workspace.entity';

/**
 * A member signed in to the dashboard. Only the SHA-256 of the cookie's token is kept. It ends
 * after 12 hours without a request, 7 days after sign-in, or at sign-out (`revokedAt`).
 */
@Entity({ tableName: 'dashboard_sessions' })
export class DashboardSession {
  @PrimaryKey({ type: 'string', length: 64 })
  id: string = newId('dashboardSession');

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne(() => Member, { deleteRule: 'cascade' })
  @Index()
  member!: Member;

  /** Hex SHA-256 of the cookie's token: the lookup index. */
  @Property({ type: 'string', length: 64, unique: true })
  tokenHash!: string;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Opt<Date> = new Date();

  /** Written at most once a minute: the idle expiry counts from here. */
  @Property({ type: 'datetime', length: 3 })
  lastSeenAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', length: 3, nullable: true })
  revokedAt: Date | null = null;
}
