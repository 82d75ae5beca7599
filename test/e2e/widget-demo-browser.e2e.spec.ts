import type { Browser } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { startTestApi, type TestApi } from '../support/test-app';

/** Where the screenshots go, to look at after a run. */
const SHOTS = join(tmpdir(), 'nhx-widget-demo-shots');
mkdirSync(SHOTS, { recursive: true });

describe('the demo chat page in a real browser', () => {
  let api: TestApi;
  let browser: Browser;
  let botId: string;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startTestApi(), launchBrowser()]);
    const workspace = await api.createWorkspace();
    botId = (
      await api.createBot(workspace.workspaceId, 'Demo bot', {
        greeting: 'Hello from the demo bot!',
        knowledgeBase: [
          {
            question: 'What are your opening hours?',
            answer: "We're open 9-5, Monday to Friday.",
            keywords: ['hours'],
          },
        ],
      })
    ).id;
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), api?.close()]);
  });

  it('greets, and shows the bot’s answer to what a person types, under a strict CSP', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('requestfailed', (request) => problems.push(`${request.url()} ${request.failure()?.errorText}`));
    await page.goto(`${api.baseUrl}/widget/demo/${botId}`);
    const messages = page.locator('#messages li');
    await expect
      .poll(() => messages.allTextContents(), { timeout: 10_000 })
      .toEqual(['Hello from the demo bot!']);
    await expect.poll(() => page.locator('#status').textContent()).toBe('Connected');

    await page.locator('#text').fill('What are your opening hours? <b>asap</b>');
    await page.locator('#text').press('Enter');
    await expect
      .poll(() => messages.allTextContents(), { timeout: 10_000 })
      .toEqual([
        'Hello from the demo bot!',
        'What are your opening hours? <b>asap</b>',
        "We're open 9-5, Monday to Friday.",
      ]);
    // The customer's text is shown as text, never as HTML.
    expect(await page.locator('#messages b').count()).toBe(0);
    expect(
      await messages.evaluateAll((items) => items.map((item) => item.getAttribute('data-author'))),
    ).toEqual(['bot', 'customer', 'bot']);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps the conversation across a reload (same session), and a page without it starts its own', async () => {
    // A browser of its own: the shared one may have ended with the last test's page.
    const own = await launchBrowser();
    const page = await own.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    const conversationsOfBot = async () =>
      Number(
        (
          await api.db.query<{ n: string }>('SELECT count(*) AS n FROM conversations WHERE bot_id = $1', [
            botId,
          ])
        )[0].n,
      );
    const before = await conversationsOfBot();
    await page.goto(`${api.baseUrl}/widget/demo/${botId}`);
    const messages = page.locator('#messages li');
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 10_000 }).toBe('Connected');
    await page.locator('#text').fill('What are your opening hours?');
    await page.locator('#text').press('Enter');
    const conversation = [
      'Hello from the demo bot!',
      'What are your opening hours?',
      "We're open 9-5, Monday to Friday.",
    ];
    await expect.poll(() => messages.allTextContents(), { timeout: 10_000 }).toEqual(conversation);
    const stored = await page.evaluate(
      (key) => (globalThis as any).sessionStorage.getItem(key),
      `nhx-demo-session:${botId}`,
    );
    const { sessionId } = JSON.parse(stored);
    expect(sessionId).toMatch(/^ses_/);

    await page.reload();
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 10_000 }).toBe('Connected');
    await expect.poll(() => messages.allTextContents(), { timeout: 10_000 }).toEqual(conversation);
    await page.locator('#text').fill('Thanks!');
    await page.locator('#text').press('Enter');
    await expect
      .poll(async () => (await messages.allTextContents()).slice(0, 4), { timeout: 10_000 })
      .toEqual([...conversation, 'Thanks!']);
    // One conversation: the reload continued it rather than starting another.
    expect(await conversationsOfBot()).toBe(before + 1);
    await page.screenshot({ path: join(SHOTS, 'widget-demo-1280.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SHOTS, 'widget-demo-390.png') });

    // A stale or refused session is dropped and a new chat starts.
    await page.evaluate(
      (key) =>
        (globalThis as any).sessionStorage.setItem(
          key,
          JSON.stringify({ sessionId: 'ses_gone', sessionToken: 'nhx_wt_nope' }),
        ),
      `nhx-demo-session:${botId}`,
    );
    await page.reload();
    await expect
      .poll(() => messages.allTextContents(), { timeout: 10_000 })
      .toEqual(['Hello from the demo bot!']);
    await expect.poll(() => page.locator('#status').textContent()).toBe('Connected');

    // Another tab (here another page of its own) has its own sessionStorage: a chat of its own.
    const other = await own.newPage();
    await other.goto(`${api.baseUrl}/widget/demo/${botId}`);
    await expect
      .poll(() => other.locator('#messages li').allTextContents(), { timeout: 10_000 })
      .toEqual(['Hello from the demo bot!']);
    expect(problems).toEqual([]);
    await own.close();
  });
});
