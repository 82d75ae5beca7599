'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

/**
 * API instances cache authenticated keys in memory. Any change to a key, its member or its workspace
 * (revocation, role, names, deletes — by the API, the CLI or plain SQL) notifies `nhx_auth` with
 * `k:<key id>`, `m:<member id>` or `w:<workspace id>`, and every instance drops what it cached for it.
 */
class Migration20261129180000 extends Migration {
  async up() {
    this.addSql(
      `create function "nhx_notify_auth"() returns trigger language plpgsql as $$
       begin
         perform pg_notify('nhx_auth', tg_argv[0] || ':' || old.id);
         return null;
       end $$;`,
    );
    this.addSql(
      `create trigger "api_keys_notify_auth" after update or delete on "api_keys" for each row execute function "nhx_notify_auth"('k');`,
    );
    this.addSql(
      `create trigger "members_notify_auth" after update or delete on "members" for each row execute function "nhx_notify_auth"('m');`,
    );
    this.addSql(
      `create trigger "workspaces_notify_auth" after update or delete on "workspaces" for each row execute function "nhx_notify_auth"('w');`,
    );
  }

  async down() {
    this.addSql(`drop trigger if exists "workspaces_notify_auth" on "workspaces";`);
    this.addSql(`drop trigger if exists "members_notify_auth" on "members";`);
    this.addSql(`drop trigger if exists "api_keys_notify_auth" on "api_keys";`);
    this.addSql(`drop function if exists "nhx_notify_auth"();`);
  }
}
exports.Migration20261129180000 = Migration20261129180000;
