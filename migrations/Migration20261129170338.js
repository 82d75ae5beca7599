'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

class Migration20261129170338 extends Migration {
  async up() {
    this.addSql(`create type "conversation_status" as enum ('open', 'escalated', 'resolved');`);
    this.addSql(`create type "conversation_handler" as enum ('bot', 'team');`);
    this.addSql(`create type "message_author" as enum ('customer', 'bot', 'team');`);
    this.addSql(`create type "message_channel" as enum ('widget', 'bot', 'api');`);
    this.addSql(`create type "lead_source" as enum ('bot', 'api');`);
    this.addSql(
      `create table "idempotency_keys" ("api_key_id" varchar(64) not null, "key" varchar(255) not null, "fingerprint" varchar(64) not null, "status_code" smallint null, "sealed_response" text null, "created_at" timestamptz not null default now(), constraint "idempotency_keys_pkey" primary key ("api_key_id", "key"));`,
    );
    this.addSql(`create index "idempotency_keys_created_at_index" on "idempotency_keys" ("created_at");`);

    this.addSql(
      `create table "events" ("id" varchar(64) not null, "seq" bigserial, "txid" xid8 not null default pg_current_xact_id(), "workspace_id" varchar(64) not null, "type" varchar(64) not null, "data" json not null, "created_at" timestamptz(3) not null default clock_timestamp(), constraint "events_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "events" add constraint "events_seq_unique" unique ("seq");`);
    this.addSql(
      `create index "events_workspace_id_type_txid_seq_index" on "events" ("workspace_id", "type", "txid", "seq");`,
    );
    this.addSql(
      `create index "events_workspace_id_txid_seq_index" on "events" ("workspace_id", "txid", "seq");`,
    );

    this.addSql(
      `create table "conversations" ("id" varchar(64) not null, "workspace_id" varchar(64) not null, "bot_id" varchar(64) not null, "session_id" varchar(64) not null, "customer_name" varchar(200) null, "customer_email" varchar(320) null, "status" "conversation_status" not null default 'open', "handler" "conversation_handler" not null default 'bot', "message_count" int not null default 0, "consecutive_fallbacks" int not null default 0, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "resolved_at" timestamptz(3) null, "escalated_at" timestamptz(3) null, constraint "conversations_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "conversations_workspace_id_bot_id_status_updated_at_id_index" on "conversations" ("workspace_id", "bot_id", "status", "updated_at", "id");`,
    );
    this.addSql(
      `create index "conversations_workspace_id_status_updated_at_id_index" on "conversations" ("workspace_id", "status", "updated_at", "id");`,
    );
    this.addSql(
      `create index "conversations_workspace_id_bot_id_updated_at_id_index" on "conversations" ("workspace_id", "bot_id", "updated_at", "id");`,
    );
    this.addSql(
      `create index "conversations_workspace_id_updated_at_id_index" on "conversations" ("workspace_id", "updated_at", "id");`,
    );

    this.addSql(
      `create table "messages" ("id" varchar(64) not null, "workspace_id" varchar(64) not null, "conversation_id" varchar(64) not null, "seq" int not null, "author" "message_author" not null, "channel" "message_channel" not null, "text" text not null, "confidence_score" double precision null, "was_fallback" boolean not null default false, "api_key_id" varchar(64) null, "created_at" timestamptz(3) not null default now(), constraint "messages_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "messages" add constraint "messages_conversation_id_seq_unique" unique ("conversation_id", "seq");`,
    );

    this.addSql(
      `create table "leads" ("id" varchar(64) not null, "workspace_id" varchar(64) not null, "conversation_id" varchar(64) not null, "captured_fields" jsonb not null, "source" "lead_source" not null, "api_key_id" varchar(64) null, "created_at" timestamptz(3) not null default now(), constraint "leads_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "leads_conversation_id_index" on "leads" ("conversation_id");`);
    this.addSql(
      `create index "leads_workspace_id_created_at_id_index" on "leads" ("workspace_id", "created_at", "id");`,
    );

    this.addSql(
      `alter table "events" add constraint "events_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "conversations" add constraint "conversations_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "conversations" add constraint "conversations_bot_id_foreign" foreign key ("bot_id") references "bots" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "messages" add constraint "messages_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "messages" add constraint "messages_conversation_id_foreign" foreign key ("conversation_id") references "conversations" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "leads" add constraint "leads_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "leads" add constraint "leads_conversation_id_foreign" foreign key ("conversation_id") references "conversations" ("id") on update cascade on delete cascade;`,
    );
  }

  async down() {
    this.addSql(`alter table "messages" drop constraint "messages_conversation_id_foreign";`);

    this.addSql(`alter table "leads" drop constraint "leads_conversation_id_foreign";`);

    this.addSql(`drop table if exists "idempotency_keys" cascade;`);

    this.addSql(`drop table if exists "events" cascade;`);

    this.addSql(`drop table if exists "conversations" cascade;`);

    this.addSql(`drop table if exists "messages" cascade;`);

    this.addSql(`drop table if exists "leads" cascade;`);

    this.addSql(`drop type "conversation_status";`);
    this.addSql(`drop type "conversation_handler";`);
    this.addSql(`drop type "message_author";`);
    this.addSql(`drop type "message_channel";`);
    this.addSql(`drop type "lead_source";`);
  }
}
exports.Migration20261129170338 = Migration20261129170338;
