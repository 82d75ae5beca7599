'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

/**
 * `GET /events` reads in `position` order: numbers from `events_position_seq` that the sequencer
 * gives events once they have committed (see EventSequencer). Events already stored are numbered
 * here, in the `(txid, seq)` order the feed used before, and the sequence starts after them: its
 * start value less one is the last of those numbers, which is how the feed translates a cursor
 * handed out before. The `(txid, seq)` indexes served only the old feed.
 */
class Migration20261201005101 extends Migration {
  async up() {
    this.addSql(`drop index "events_workspace_id_txid_seq_index";`);
    this.addSql(`drop index "events_workspace_id_type_txid_seq_index";`);

    this.addSql(`alter table "events" add column "position" bigint null;`);
    this.addSql(
      `update "events" e set "position" = n."position"
         from (select "id", row_number() over (order by "txid", "seq") as "position" from "events") n
        where e."id" = n."id";`,
    );
    this.addSql(
      `do $$ begin
         execute format('create sequence "events_position_seq" as bigint start with %s owned by "events"."position"',
                        (select coalesce(max("position"), 0) + 1 from "events"));
       end $$;`,
    );

    this.addSql(`create index "events_unsequenced_index" on "events" ("seq") where "position" is null;`);
    this.addSql(
      `create index "events_workspace_id_position_index" on "events" ("workspace_id", "position");`,
    );
    this.addSql(
      `create index "events_workspace_id_type_position_index" on "events" ("workspace_id", "type", "position");`,
    );
  }

  async down() {
    // Dropping the column drops its indexes and the sequence it owns.
    this.addSql(`alter table "events" drop column "position";`);

    this.addSql(
      `create index "events_workspace_id_txid_seq_index" on "events" ("workspace_id", "txid", "seq");`,
    );
    this.addSql(
      `create index "events_workspace_id_type_txid_seq_index" on "events" ("workspace_id", "type", "txid", "seq");`,
    );
  }
}
exports.Migration20261201005101 = Migration20261201005101;
