'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

/**
 * Dashboard sign-in: one-time login links and cookie sessions (both kept as token hashes), and the
 * `dashboard` channel and lead source with the member who wrote from the dashboard.
 * The enum values stay on `down` (PostgreSQL cannot drop an enum value).
 */
class Migration20261201040834 extends Migration {
  async up() {
    this.addSql(
      `create table "dashboard_login_links" ("id" varchar(64) not null, "workspace_id" varchar(64) not null, "member_id" varchar(64) not null, "token_hash" varchar(64) not null, "created_at" timestamptz(3) not null, "expires_at" timestamptz(3) not null, "used_at" timestamptz(3) null, constraint "dashboard_login_links_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "dashboard_login_links_member_id_index" on "dashboard_login_links" ("member_id");`,
    );
    this.addSql(
      `alter table "dashboard_login_links" add constraint "dashboard_login_links_token_hash_unique" unique ("token_hash");`,
    );

    this.addSql(
      `create table "dashboard_sessions" ("id" varchar(64) not null, "workspace_id" varchar(64) not null, "member_id" varchar(64) not null, "token_hash" varchar(64) not null, "created_at" timestamptz(3) not null, "last_seen_at" timestamptz(3) not null, "revoked_at" timestamptz(3) null, constraint "dashboard_sessions_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "dashboard_sessions_member_id_index" on "dashboard_sessions" ("member_id");`);
    this.addSql(
      `alter table "dashboard_sessions" add constraint "dashboard_sessions_token_hash_unique" unique ("token_hash");`,
    );

    this.addSql(
      `alter table "dashboard_login_links" add constraint "dashboard_login_links_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "dashboard_login_links" add constraint "dashboard_login_links_member_id_foreign" foreign key ("member_id") references "members" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "dashboard_sessions" add constraint "dashboard_sessions_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "dashboard_sessions" add constraint "dashboard_sessions_member_id_foreign" foreign key ("member_id") references "members" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`alter type "message_channel" add value if not exists 'dashboard' after 'api';`);

    this.addSql(`alter table "messages" add column "member_id" varchar(64) null;`);

    this.addSql(`alter type "lead_source" add value if not exists 'dashboard' after 'api';`);

    this.addSql(`alter table "leads" add column "member_id" varchar(64) null;`);
  }

  async down() {
    this.addSql(`drop table if exists "dashboard_login_links" cascade;`);

    this.addSql(`drop table if exists "dashboard_sessions" cascade;`);

    this.addSql(`alter table "leads" drop column "member_id";`);

    this.addSql(`alter table "messages" drop column "member_id";`);
  }
}
exports.Migration20261201040834 = Migration20261201040834;
