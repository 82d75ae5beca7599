import { Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { newId } from '../../common/ids/ids';

@Entity({ tableName: 'workspaces' })
export class Workspace {
  @PrimaryKey({ type: 'string', length: 64 })
  id: string = newId('workspace');

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  /** Requests per minute for each of the workspace's keys without their own; null → the default. */
  @Property({ type: 'integer', nullable: true })
  rateLimitPerMinute: number | null = null;
}
