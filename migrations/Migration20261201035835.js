'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const { Migration } = require('@mikro-orm/migrations');

/**
 * `events.traceparent`: the W3C trace context of the request that wrote the event, stored when
 * tracing is on, so the relay and the delivery attempts continue that trace. Null otherwise.
 */
class Migration20261201035835 extends Migration {
  async up() {
    this.addSql(`alter table "events" add column "traceparent" varchar(64) null;`);
  }

  async down() {
    this.addSql(`alter table "events" drop column "traceparent";`);
  }
}
exports.Migration20261201035835 = Migration20261201035835;
