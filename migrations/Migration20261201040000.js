'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

/**
 * The due-deliveries index carries `lease_until`, so counting what is due and not leased (the
 * `nhx_deliveries_due` gauge, read at every scrape) and the sweep's search read the index alone
 * rather than one heap page per pending delivery.
 */
class Migration20261201040000 extends Migration {
  async up() {
    this.addSql(`drop index "deliveries_due_index";`);
    this.addSql(
      `create index "deliveries_due_index" on "deliveries" ("next_attempt_at") include ("lease_until") where "status" = 'pending';`,
    );
  }

  async down() {
    this.addSql(`drop index "deliveries_due_index";`);
    this.addSql(
      `create index "deliveries_due_index" on "deliveries" ("next_attempt_at") where "status" = 'pending';`,
    );
  }
}
exports.Migration20261201040000 = Migration20261201040000;
