'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

class Migration20261129171512 extends Migration {
  async up() {
    this.addSql(
      `create table "widget_sessions" ("id" varchar(64) not null, "workspace_id" varchar(64) not null, "conversation_id" varchar(64) not null, "token_hash" varchar(64) not null, "created_at" timestamptz(3) not null default now(), constraint "widget_sessions_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "widget_sessions" add constraint "widget_sessions_conversation_id_unique" unique ("conversation_id");`,
    );

    this.addSql(
      `alter table "widget_sessions" add constraint "widget_sessions_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "widget_sessions" add constraint "widget_sessions_conversation_id_foreign" foreign key ("conversation_id") references "conversations" ("id") on update cascade on delete cascade;`,
    );
  }

  async down() {
    this.addSql(`drop table if exists "widget_sessions" cascade;`);
  }
}
exports.Migration20261129171512 = Migration20261129171512;
