import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { startTestApi, type TestApi } from '../support/test-app';

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
});
