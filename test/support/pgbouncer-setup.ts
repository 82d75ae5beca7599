import type { TestProject } from 'vitest/node';
import { findServices } from './global-setup';
import { startPgBouncer } from './pgbouncer';

/**
 * The `e2e-pgbouncer` project's global setup: the suite's services as usual, plus a private
 * transaction-mode PgBouncer in front of PostgreSQL, which the test databases' `url` goes through
 * (see `createTestDatabase`). Stopped at the end of the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const services = await findServices();
  let pgbouncer;
  try {
    pgbouncer = await startPgBouncer(services.postgresUrl);
  } catch (error) {
    await services.teardown();
    throw error;
  }
  project.provide('postgresUrl', services.postgresUrl);
  project.provide('redisUrl', services.redisUrl);
  project.provide('poolerUrl', pgbouncer.url);
  return async () => {
    await pgbouncer.stop();
    await services.teardown();
  };
}
