'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

class Migration20261128184108 extends Migration {
  async up() {
    this.addSql(`create type "member_role" as enum ('owner', 'admin', 'agent', 'viewer');`);
    this.addSql(
      `create table "workspaces" ("id" varchar(64) not null, "name" varchar(200) not null, "created_at" timestamptz not null default now(), constraint "workspaces_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "members" ("id" varchar(64) not null, "workspace_id" varchar(64) not null, "email" varchar(320) not null, "name" varchar(200) null, "role" "member_role" not null, "created_at" timestamptz not null default now(), constraint "members_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "members_workspace_id_index" on "members" ("workspace_id");`);
    this.addSql(
      `alter table "members" add constraint "members_workspace_id_email_unique" unique ("workspace_id", "email");`,
    );

    this.addSql(
      `create table "bots" ("id" varchar(64) not null, "workspace_id" varchar(64) not null, "name" varchar(200) not null, "is_active" boolean not null default true, "config" jsonb not null default '{}', "created_at" timestamptz not null default now(), constraint "bots_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "bots_workspace_id_created_at_id_index" on "bots" ("workspace_id", "created_at", "id");`,
    );

    this.addSql(
      `create table "api_keys" ("id" varchar(64) not null, "workspace_id" varchar(64) not null, "member_id" varchar(64) not null, "name" varchar(200) not null, "prefix" varchar(32) not null, "key_hash" varchar(64) not null, "created_by_key_id" varchar(64) null, "created_at" timestamptz not null default now(), "last_used_at" timestamptz null, "revoked_at" timestamptz null, "reveal_ciphertext" text null, "reveal_expires_at" timestamptz null, constraint "api_keys_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "api_keys_member_id_index" on "api_keys" ("member_id");`);
    this.addSql(`alter table "api_keys" add constraint "api_keys_key_hash_unique" unique ("key_hash");`);
    this.addSql(
      `create index "api_keys_workspace_id_created_at_id_index" on "api_keys" ("workspace_id", "created_at", "id");`,
    );

    this.addSql(
      `alter table "members" add constraint "members_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "bots" add constraint "bots_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "api_keys" add constraint "api_keys_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "api_keys" add constraint "api_keys_member_id_foreign" foreign key ("member_id") references "members" ("id") on update cascade on delete cascade;`,
    );
  }
}
exports.Migration20261128184108 = Migration20261128184108;
