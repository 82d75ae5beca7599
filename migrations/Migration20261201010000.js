'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

/**
 * The per-instance cache of bot lists is gone (the list is one indexed keyset query), and with it
 * the `nhx_bots` notifications that invalidated it.
 */
class Migration20261201010000 extends Migration {
  async up() {
    this.addSql(`drop trigger if exists "bots_truncate_notify_bots" on "bots";`);
    this.addSql(`drop trigger if exists "bots_notify_bots" on "bots";`);
    this.addSql(`drop function if exists "nhx_notify_bots"();`);
  }

  async down() {
    this.addSql(
      `create function "nhx_notify_bots"() returns trigger language plpgsql as $$
       begin
         if tg_op = 'TRUNCATE' then
           perform pg_notify('nhx_bots', '*');
         elsif tg_op = 'DELETE' then
           perform pg_notify('nhx_bots', old.workspace_id);
         else
           perform pg_notify('nhx_bots', new.workspace_id);
           if tg_op = 'UPDATE' and old.workspace_id is distinct from new.workspace_id then
             perform pg_notify('nhx_bots', old.workspace_id);
           end if;
         end if;
         return null;
       end $$;`,
    );
    this.addSql(
      `create trigger "bots_notify_bots" after insert or update or delete on "bots" for each row execute function "nhx_notify_bots"();`,
    );
    this.addSql(
      `create trigger "bots_truncate_notify_bots" after truncate on "bots" for each statement execute function "nhx_notify_bots"();`,
    );
  }
}
exports.Migration20261201010000 = Migration20261201010000;
