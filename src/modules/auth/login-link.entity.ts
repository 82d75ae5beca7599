import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { newId } from '../../common/ids/ids';
import { Member } from '../workspaces/member.entity';
import { Workspace } from '../workspaces/workspace.entity';

/** A one-time dashboard sign-in link: only the SHA-256 of its token is kept; usable once, for 15 minutes. */
@Entity({ tableName: 'dashboard_login_links' })
export class LoginLink {
  @PrimaryKey({ type: 'string', length: 64 })
  id: string = newId('loginLink');

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne(() => Member, { deleteRule: 'cascade' })
  @Index()
  member!: Member;

  /** Hex SHA-256 of the link's token: the lookup index. */
  @Property({ type: 'string', length: 64, unique: true })
  tokenHash!: string;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', length: 3 })
  expiresAt!: Date;

  /** Set by the sign-in that used the link; a link is used once. */
  @Property({ type: 'datetime', length: 3, nullable: true })
  usedAt: Date | null = null;
}
