import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { newId } from '../../common/ids/ids';
import { ROLES, type Role } from '../../common/auth/roles';
import { Workspace } from './workspace.entity';

@Entity({ tableName: 'members' })
@Unique({ properties: ['workspace', 'email'] })
export class Member {
  @PrimaryKey({ type: 'string', length: 64 })
  id: string = newId('member');

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  @Index()
  workspace!: Workspace;

  /** Stored lower-cased, so one person is one member of a workspace. */
  @Property({ type: 'string', length: 320 })
  email!: string;

  @Property({ type: 'string', length: 200, nullable: true })
  name: string | null = null;

  @Enum({ items: () => ROLES, nativeEnumName: 'member_role' })
  role!: Role;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
