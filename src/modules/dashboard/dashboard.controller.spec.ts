import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiExceptionFilter } from '../../common/filters/api-exception.filter';
import { APP_LOGGER } from '../../core/logging/logger.token';
import { DashboardBuild } from './dashboard-build';
import { DASHBOARD_CSP, DashboardController } from './dashboard.controller';

/** The dashboard's routes over real HTTP, on a build directory of the test's own. */
describe('serving the dashboard', () => {
  let dir: string;
  let app: NestFastifyApplication;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nhx-dashboard-'));
    const logger = pino({ level: 'silent' });
    app = await NestFactory.create<NestFastifyApplication>(
      {
        module: class DashboardOnly {},
        controllers: [DashboardController],
        providers: [
          { provide: DashboardBuild, useValue: new DashboardBuild(dir) },
          { provide: APP_LOGGER, useValue: logger },
          { provide: APP_FILTER, useClass: ApiExceptionFilter },
        ],
      },
      new FastifyAdapter(),
      { logger: false },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with the error envelope and how to build until a build exists, then serves it without a restart', async () => {
    for (const path of ['/dashboard', '/dashboard/settings/api-keys']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error).toMatchObject({
        code: 'unavailable',
        message: 'The dashboard is not built: run `npm run build`.',
      });
    }
    expect((await fetch(`${base}/dashboard/assets/index-abc.js`)).status).toBe(404);

    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'notes.txt'), 'not served');
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><script src="/dashboard/assets/index-abc.js"></script>',
    );

    const html = await fetch(`${base}/dashboard/conversations`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(await html.text()).toContain('index-abc.js');
    const asset = await fetch(`${base}/dashboard/assets/index-abc.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await asset.text()).toBe('console.log(1)');
    // Only the known asset types are served.
    expect((await fetch(`${base}/dashboard/assets/notes.txt`)).status).toBe(404);
  });
});
