import { afterAll, expect, inject } from 'vitest';
import { createdDatabases } from './database';
import { pgbouncerAdmin } from './pgbouncer';

/**
 * Set-up file of the `e2e-pgbouncer` project: after each test file, every database it created must
 * have had transactions through the suite's PgBouncer, so a harness that quietly bypassed the pooler
 * would fail here rather than pass for the wrong reason.
 */
afterAll(async () => {
  const poolerUrl = inject('poolerUrl');
  expect(poolerUrl, 'the e2e-pgbouncer project runs behind a PgBouncer').toBeTruthy();
  const stats = await pgbouncerAdmin<{ database: string; total_xact_count: string }>(
    poolerUrl as string,
    'SHOW STATS',
  );
  expect(createdDatabases.length).toBeGreaterThan(0);
  for (const name of createdDatabases) {
    const transactions = Number(stats.find((row) => row.database === name)?.total_xact_count ?? 0);
    expect(transactions, `transactions through PgBouncer on ${name}`).toBeGreaterThan(0);
  }
});
