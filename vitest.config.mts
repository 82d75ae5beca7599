import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure logic next to the code, no services: `npm run test:unit` passes with
 * PostgreSQL and Redis stopped) and `e2e` (real PostgreSQL, Redis, HTTP servers and a browser; the
 * global setup finds the services or says how to start them).
 */
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
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
