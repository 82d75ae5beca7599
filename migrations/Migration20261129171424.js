'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

class Migration20261129171424 extends Migration {
  async up() {
    this.addSql(`alter table "workspaces" add column "rate_limit_per_minute" int null;`);

    this.addSql(`alter table "api_keys" add column "rate_limit_per_minute" int null;`);
  }

  async down() {
    this.addSql(`alter table "api_keys" drop column "rate_limit_per_minute";`);

    this.addSql(`alter table "workspaces" drop column "rate_limit_per_minute";`);
  }
}
exports.Migration20261129171424 = Migration20261129171424;
