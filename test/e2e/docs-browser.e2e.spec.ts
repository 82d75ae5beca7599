import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { startTestApi, type TestApi } from '../support/test-app';

const committed = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'openapi.json'), 'utf8'));

describe('the API reference at /api/docs', () => {
  let api: TestApi;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // With the same-origin policy on, as in a user's browser.
    [api, browser] = await Promise.all([startTestApi(), launchBrowser({ webSecurity: true })]);
    // One page for every test: closing the last page can end the single-process browser.
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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
    expect(Object.keys(response.body.webhooks)).toEqual(Object.keys(committed.webhooks));
  });

  it('lists the server that serves the document first, then the public one', async () => {
    const response = await api.call('GET', '/api/docs/openapi.json');
    expect(response.body.servers.map((server: { url: string }) => server.url)).toEqual([
      api.baseUrl,
      ...committed.servers.map((server: { url: string }) => server.url),
    ]);
  });

  it('renders every operation in a real browser', async () => {
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
    // The operations, then the webhooks (listed by their names).
    const expected = [committed.paths, committed.webhooks].flatMap((items) =>
      Object.entries<Record<string, unknown>>(items).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    expect(listed.sort()).toEqual(expected.sort());
    expect(await page.title()).toBe('NebulaHex API reference');
    await expect(page.locator('.info .title').textContent()).resolves.toContain('NebulaHex API');
    expect(failed).toEqual([]);
    page.removeAllListeners();
  });

  it('Try it out: authorizes with an API key and lists the bots from the page (200)', async () => {
    const workspace = await api.createWorkspace();
    await api.createBot(workspace.workspaceId, 'Docs page bot');
    const blocked: string[] = [];
    page.on('requestfailed', (request) => blocked.push(`${request.url()} ${request.failure()?.errorText}`));
    page.on('console', (message) => {
      if (message.type() === 'error') blocked.push(message.text());
    });
    await page.goto(`${api.baseUrl}/api/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(tmpdir(), 'nebulahex-docs-1280.png') });

    await page.locator('button.authorize').first().click();
    const apiKey = page.locator('.auth-container').filter({ hasText: 'apiKey (http, Bearer)' });
    await apiKey.locator('input').fill(workspace.ownerKey);
    await apiKey.locator('button.authorize').click();
    await page.locator('.modal-ux button.btn-done').first().click();

    const operation = page.locator('#operations-Bots-listBots');
    await operation.locator('.opblock-summary').click();
    await operation.locator('.try-out__btn').click();
    const [response] = await Promise.all([
      page.waitForResponse((answer) => answer.url().startsWith(`${api.baseUrl}/api/v1/bots`)),
      operation.locator('.execute').click(),
    ]);
    expect(response.status()).toBe(200);
    // The page pre-fills the documented example limit, and no cursor.
    const sent = new URL(response.url());
    expect(sent.pathname).toBe('/api/v1/bots');
    expect([...sent.searchParams.keys()]).toEqual(['limit']);
    expect((await response.json()).bots.map((bot: { name: string }) => bot.name)).toEqual(['Docs page bot']);
    // …and the page shows it.
    const shown = operation.locator('.live-responses-table tbody .response-col_status').first();
    await shown.waitFor({ timeout: 15_000 });
    expect((await shown.textContent())?.trim()).toBe('200');
    await operation.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(tmpdir(), 'nebulahex-docs-try-it-out-1280.png') });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${api.baseUrl}/api/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(tmpdir(), 'nebulahex-docs-390.png') });
    expect(blocked).toEqual([]);
  }, 90_000);
});
