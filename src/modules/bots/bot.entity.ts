import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { newId } from '../../common/ids/ids';
import { Workspace } from '../workspaces/workspace.entity';

@Entity({ tableName: 'bots' })
@Index({ properties: ['workspace', 'createdAt', 'id'] })
export class Bot {
  @PrimaryKey({ type: 'string', length: 64 })
  id: string = newId('bot');

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'boolean', default: true })
  isActive: Opt<boolean> = true;

  /** The bot's behaviour (greeting, knowledge base, thresholds…); validated by the runtime module. */
  @Property({ type: 'json', default: '{}' })
  config: Opt<Record<string, unknown>> = {};

  @Property({ type: 'datetime', length: 3, defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
