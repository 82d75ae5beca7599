import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (pure logic next to the code, no services: `npm run test:unit` passes with
 * PostgreSQL and Redis stopped), `e2e` (real PostgreSQL, Redis, HTTP servers and a browser; the
 * global setup finds the services or says how to start them) and `e2e-pgbouncer` (the auth, actions
 * and webhooks files again, plus a check of what goes where, with the service's DATABASE_URL through
 * a private PgBouncer in transaction mode and DATABASE_DIRECT_URL straight to PostgreSQL).
 */
const PGBOUNCER_FILES = [
  'test/e2e/auth.e2e.spec.ts',
  'test/e2e/actions.e2e.spec.ts',
  'test/e2e/webhooks.e2e.spec.ts',
  'test/pgbouncer/**/*.spec.ts',
];

export default defineConfig({
  test: {
    pool: 'forks',
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.spec.ts'], testTimeout: 10_000 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.spec.ts'],
          exclude: [...configDefaults.exclude, 'test/pgbouncer/**'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e-pgbouncer',
          include: PGBOUNCER_FILES,
          globalSetup: ['test/support/pgbouncer-setup.ts'],
          setupFiles: ['test/support/pgbouncer-traffic.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
