'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

class Migration20261129171437 extends Migration {
  async up() {
    this.addSql(`create type "hook_status" as enum ('active', 'paused');`);
    this.addSql(`create type "delivery_status" as enum ('pending', 'succeeded', 'failed', 'cancelled');`);
    this.addSql(
      `create table "hook_subscriptions" ("id" varchar(64) not null, "workspace_id" varchar(64) not null, "event" varchar(64) not null, "target_url" varchar(2048) not null, "description" varchar(500) null, "status" "hook_status" not null default 'active', "paused_at" timestamptz(3) null, "pause_reason" varchar(500) null, "consecutive_failures" int not null default 0, "sealed_secret" text not null, "sealed_previous_secret" text null, "previous_secret_expires_at" timestamptz(3) null, "created_at" timestamptz(3) not null default now(), constraint "hook_subscriptions_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "hook_subscriptions_workspace_id_event_status_index" on "hook_subscriptions" ("workspace_id", "event", "status");`,
    );
    this.addSql(
      `create index "hook_subscriptions_workspace_id_created_at_id_index" on "hook_subscriptions" ("workspace_id", "created_at", "id");`,
    );

    this.addSql(
      `create table "deliveries" ("id" varchar(64) not null, "workspace_id" varchar(64) not null, "hook_id" varchar(64) not null, "event_id" varchar(64) not null, "status" "delivery_status" not null default 'pending', "attempt_count" int not null default 0, "schedule_start" int not null default 0, "next_attempt_at" timestamptz(3) not null default now(), "lease_until" timestamptz(3) null, "last_status_code" smallint null, "created_at" timestamptz(3) not null default now(), "completed_at" timestamptz(3) null, constraint "deliveries_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "deliveries_due_index" on "deliveries" ("next_attempt_at") where "status" = 'pending';`,
    );
    this.addSql(
      `create index "deliveries_hook_id_created_at_id_index" on "deliveries" ("hook_id", "created_at", "id");`,
    );
    this.addSql(
      `alter table "deliveries" add constraint "deliveries_event_id_hook_id_unique" unique ("event_id", "hook_id");`,
    );

    this.addSql(
      `create table "delivery_attempts" ("id" bigserial primary key, "delivery_id" varchar(64) not null, "attempt" int not null, "started_at" timestamptz(3) not null, "status_code" smallint null, "latency_ms" int not null, "response_snippet" text null, "error" varchar(500) null, "succeeded" boolean not null);`,
    );
    this.addSql(
      `alter table "delivery_attempts" add constraint "delivery_attempts_delivery_id_attempt_unique" unique ("delivery_id", "attempt");`,
    );

    this.addSql(
      `alter table "hook_subscriptions" add constraint "hook_subscriptions_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "deliveries" add constraint "deliveries_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "deliveries" add constraint "deliveries_hook_id_foreign" foreign key ("hook_id") references "hook_subscriptions" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "deliveries" add constraint "deliveries_event_id_foreign" foreign key ("event_id") references "events" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "delivery_attempts" add constraint "delivery_attempts_delivery_id_foreign" foreign key ("delivery_id") references "deliveries" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`alter table "events" add column "relayed_at" timestamptz(3) null;`);
    this.addSql(`create index "events_unrelayed_index" on "events" ("seq") where "relayed_at" is null;`);

    // Wakes the worker's relay when events commit (one notification per transaction; PostgreSQL folds
    // duplicates). Polling covers a worker that was not listening.
    this.addSql(
      `create function "nhx_notify_events"() returns trigger language plpgsql as $$ begin perform pg_notify('nhx_events', ''); return null; end $$;`,
    );
    this.addSql(
      `create trigger "events_notify" after insert on "events" for each statement execute function "nhx_notify_events"();`,
    );
  }

  async down() {
    this.addSql(`drop trigger if exists "events_notify" on "events";`);
    this.addSql(`drop function if exists "nhx_notify_events"();`);
    this.addSql(`alter table "deliveries" drop constraint "deliveries_hook_id_foreign";`);

    this.addSql(`alter table "delivery_attempts" drop constraint "delivery_attempts_delivery_id_foreign";`);

    this.addSql(`drop table if exists "hook_subscriptions" cascade;`);

    this.addSql(`drop table if exists "deliveries" cascade;`);

    this.addSql(`drop table if exists "delivery_attempts" cascade;`);

    this.addSql(`drop index "events_unrelayed_index";`);
    this.addSql(`alter table "events" drop column "relayed_at";`);

    this.addSql(`drop type "hook_status";`);
    this.addSql(`drop type "delivery_status";`);
  }
}
exports.Migration20261129171437 = Migration20261129171437;
