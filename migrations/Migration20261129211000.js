'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

/**
 * List cursors carry milliseconds, like every other paged table's `created_at`. `bots` and
 * `api_keys` kept microseconds, so rows inserted with the default `now()` (plain SQL) could repeat
 * across pages. Both tables are small; the rewrite is brief.
 */
class Migration20261129211000 extends Migration {
  async up() {
    this.addSql(
      `alter table "bots" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`,
    );
    this.addSql(
      `alter table "api_keys" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`,
    );
  }

  async down() {
    this.addSql(
      `alter table "api_keys" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`,
    );
    this.addSql(
      `alter table "bots" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`,
    );
  }
}
exports.Migration20261129211000 = Migration20261129211000;
