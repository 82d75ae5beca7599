'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

/**
 * Which member created a key, with a key or from a dashboard session (where there is no creating
 * key). Keys created by a key take that key's member; keys the operator's CLI made stay null.
 */
class Migration20261201070000 extends Migration {
  async up() {
    this.addSql(`alter table "api_keys" add column "created_by_member_id" varchar(64) null;`);
    this.addSql(
      `update "api_keys" as k set "created_by_member_id" = c."member_id" from "api_keys" as c where k."created_by_key_id" = c."id";`,
    );
  }

  async down() {
    this.addSql(`alter table "api_keys" drop column "created_by_member_id";`);
  }
}
exports.Migration20261201070000 = Migration20261201070000;
