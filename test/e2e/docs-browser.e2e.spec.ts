import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { startTestApi, type TestApi } from '../support/test-app';

const committed = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'openapi.json'), 'utf8'));

describe('the API reference at /api/docs', () => {
  let api: TestApi;
  let browser: Browser;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startTestApi(), launchBrowser()]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), api?.close()]);
  });

  it('serves the document at /api/docs/openapi.json, without a key', async () => {
    // Tests run the TypeScript sources, without the Swagger build plugin that adds the DTOs'
    // properties: the operations match here, the whole document is compared by test/openapi.spec.ts.
    const response = await api.call('GET', '/api/docs/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.info).toEqual(committed.info);
    const operations = (document: any) =>
      Object.entries<Record<string, any>>(document.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => [
          method,
          path,
          operation.operationId,
          operation.security,
        ]),
      );
    expect(operations(response.body)).toEqual(operations(committed));
  });

  it('renders every operation in a real browser', async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    page.on('pageerror', (error) => failed.push(error.message));
    await page.goto(`${api.baseUrl}/api/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 15_000 });

    const listed = await page.locator('.opblock-summary').evaluateAll((elements) =>
      elements.map(
        (element) =>
          `${element.querySelector('.opblock-summary-method')?.textContent?.trim()} ${element
            .querySelector('.opblock-summary-path')
            ?.textContent?.replace(/\u200b/g, '')
            .trim()}`,
      ),
    );
    const expected = Object.entries<Record<string, unknown>>(committed.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(listed.sort()).toEqual(expected.sort());
    expect(await page.title()).toBe('NebulaHex API reference');
    await expect(page.locator('.info .title').textContent()).resolves.toContain('NebulaHex API');
    expect(failed).toEqual([]);
    await page.close();
  });
});
