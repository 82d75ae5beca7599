import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../clients/typescript/webhooks';
import { EVENT_TYPES } from '../../src/modules/events/event-types';
import { DASHBOARD_CSP } from '../../src/modules/dashboard/dashboard.controller';
import { launchBrowser } from '../support/browser';
import { expectError, staysQuiet, until } from '../support/expect';
import { startReceiver } from '../support/receiver';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

/** Screenshots of each page at both widths, to look at after a run. */
const SHOTS = process.env.DASHBOARD_SHOTS ?? '/tmp/dash-shots';
mkdirSync(SHOTS, { recursive: true });
const WIDTHS = [1280, 390] as const;

/**
 * The dashboard in a real browser against the real API: sign-in from a login link, API keys
 * (create and see once, use, revoke), a viewer's page, sign-out. Every page is checked with axe
 * and must run under the dashboard's CSP without a violation or a script error.
 */
describe('the dashboard in a real browser', () => {
  let api: TestApi;
  let browser: Browser;
  let context: BrowserContext;
  let keeper: Page;
  let ws: SeededWorkspace;

  beforeAll(async () => {
    // The worker runs in the process, with short retries, so a failing receiver pauses a
    // subscription within a second.
    [api, browser] = await Promise.all([
      startTestApi(
        { NHX_WEBHOOK_RETRY_SCHEDULE: '200ms,200ms', NHX_WEBHOOK_TIMEOUT_MS: '2000' },
        { worker: true },
      ),
      launchBrowser(),
    ]);
    // One profile (the headless browser runs as a single process, and closing a context or its
    // last page can end it): each flow starts without cookies and on a page of its own.
    context = await browser.newContext({ viewport: { width: WIDTHS[0], height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.baseUrl });
    keeper = await context.newPage();
    ws = await api.createWorkspace('Acme Support');
    await api.addMember(ws.workspaceId, 'admin', 'admin@acme.example');
    await api.addMember(ws.workspaceId, 'viewer', 'viewer@acme.example');
  });
  afterAll(async () => {
    await keeper?.close();
    await Promise.all([browser?.close(), api?.close()]);
  });

  /** A new page without cookies, with its problems collected. */
  async function open() {
    await context.clearCookies();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      // A refused call (401 while signed out) is logged by the browser; CSP violations are errors too.
      if (message.type() === 'error' && !/status of 401/.test(message.text())) problems.push(message.text());
    });
    return { context, page, problems };
  }

  /** Signs in from a fresh login link, lands on the inbox, then opens the tab `section`. */
  async function signIn(page: Page, email: string, section = 'Settings → API keys', heading = 'API keys') {
    const link = await api.loginLink(ws.workspaceId, email);
    await page.goto(`${api.baseUrl}/dashboard/sign-in#token=${link.token}`);
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    await page.getByRole('link', { name: section }).click();
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
  }

  async function expectAccessible(page: Page, what: string) {
    const { violations, passes } = await new AxeBuilder({ page }).analyze();
    // axe ran on the page (under its CSP) rather than finding nothing to check.
    expect(passes.length, what).toBeGreaterThan(10);
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious, what).toEqual([]);
    if (process.env.AXE_REPORT) {
      const rest = violations.map((v) => `${v.id} (${v.impact ?? 'n/a'})`).join(', ') || 'none';
      console.info(`axe ${what}: ${passes.length} rules passed; other violations: ${rest}`);
    }
  }

  async function shoot(page: Page, name: string) {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
      // Nothing wider than the window: no sideways scrolling at either width.
      expect(await page.evaluate('document.documentElement.scrollWidth'), `${name} at ${width} px`).toBe(
        width,
      );
    }
    await page.setViewportSize({ width: WIDTHS[0], height: 900 });
  }

  async function close(page: Page) {
    await page.close();
  }

  it('is served at /dashboard: the app for every client route under its CSP, hashed assets cached for good', async () => {
    const html = await api.call('GET', '/dashboard');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('cache-control')).toBe('no-cache');
    expect(html.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(html.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=/);
    const deep = await api.call('GET', '/dashboard/settings/api-keys');
    expect(deep.status).toBe(200);
    expect(deep.text).toBe(html.text);

    const assets = [...html.text.matchAll(/(?:src|href)="(\/dashboard\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.map((a) => a.split('.').pop()).sort()).toEqual(['css', 'js']);
    for (const asset of assets) {
      const res = await api.call('GET', asset);
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-type')).toMatch(/^text\/(javascript|css); charset=utf-8$/);
      expect(res.text.length).toBeGreaterThan(1000);
    }
    expectError(await api.call('GET', '/dashboard/assets/nope.js'), 404, 'not_found');
    expectError(await api.call('GET', '/dashboard/assets/..%2Findex.html'), 404, 'not_found');
  });

  it('flow 1: signs in from a login link, takes the token out of the address bar, and shows the member', async () => {
    const { page, problems } = await open();
    const link = await api.loginLink(ws.workspaceId, 'admin@acme.example');
    await page.goto(`${api.baseUrl}/dashboard/sign-in#token=${link.token}`);
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard/conversations');
    expect(page.url()).not.toContain('token');
    await expect.poll(() => page.locator('header').textContent()).toContain('admin@acme.example');
    const [cookie] = await context.cookies(api.baseUrl);
    expect(cookie).toMatchObject({ name: 'nhx_session', httpOnly: true, sameSite: 'Strict' });
    // A second use of the same kind of link: a used one is refused with a message, not a crash.
    const used = await api.loginLink(ws.workspaceId, 'admin@acme.example');
    await api.call('POST', '/api/v1/auth/session', { body: { token: used.token } });
    const other = await context.newPage();
    await other.goto(`${api.baseUrl}/dashboard/sign-in#token=${used.token}`);
    await expect.poll(() => other.getByRole('status').textContent()).toContain('already used or has expired');
    expect(other.url()).not.toContain('token');
    await expectAccessible(other, 'sign-in page (used link)');
    await shoot(other, 'sign-in-used-link');
    await other.close();
    expect(problems).toEqual([]);
    await close(page);
  });

  it('flow 2: creates a key, shows it once with a copy button, and the key works', async () => {
    const { page, problems } = await open();
    await signIn(page, 'admin@acme.example');
    // The role rule as disabled choices: an admin's key acts as admin; owner is above it.
    const options = await page
      .locator('select[name=role] option')
      .evaluateAll((all) => all.map((o) => [o.textContent, o.hasAttribute('disabled')]));
    expect(options).toEqual([
      ['owner (above your role)', true],
      ['admin', false],
      ['agent (a key for that member)', true],
      ['viewer (a key for that member)', true],
    ]);
    await expectAccessible(page, 'API keys page (admin)');
    await shoot(page, 'api-keys-admin');

    await page.getByLabel('Name').fill('CRM sync');
    await page.getByRole('button', { name: 'Create key' }).click();
    const value = page.getByLabel('New key value');
    await value.waitFor();
    const key = await value.inputValue();
    expect(key).toMatch(/^nhx_sk_[A-Za-z0-9]{38}$/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Copied' }).count()).toBe(1);
    // The page's clipboard (the test's tsconfig has no DOM types).
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(key);
    await expectAccessible(page, 'API keys page (new key shown)');
    await shoot(page, 'api-keys-created');

    // Shown once: after Done, and after a reload, the value is nowhere on the page.
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('CRM sync').waitFor();
    // Who made it: this member, from the dashboard; the seeded keys came from the operator's CLI.
    expect(await page.locator('li.key', { hasText: 'CRM sync' }).textContent()).toContain(
      'Created byyou, in the dashboard',
    );
    expect(await page.locator('li.key', { hasText: 'test key' }).first().textContent()).toContain(
      'Created bythe operator (CLI)',
    );
    expect(await page.content()).not.toContain(key);
    await page.reload();
    await page.getByText('CRM sync').waitFor();
    expect(await page.content()).not.toContain(key);

    // The key works with plain fetch, as admin.
    const me = await fetch(`${api.baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      via: 'api_key',
      member: { role: 'admin' },
      key: { name: 'CRM sync' },
    });

    // A deferred key: no value at creation; Reveal shows it once, then the button is gone.
    await page.getByLabel('Name').fill('Deferred sync');
    await page.getByLabel('Reveal the value later').check();
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('Reveal its value from the list');
    expect(await page.getByLabel('New key value').count()).toBe(0);
    await page.getByRole('button', { name: 'Reveal Deferred sync' }).click();
    const revealed = await page.getByLabel('New key value').inputValue();
    expect(revealed).toMatch(/^nhx_sk_/);
    expect(revealed).not.toBe(key);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('Deferred sync').waitFor();
    expect(await page.getByRole('button', { name: 'Reveal Deferred sync' }).count()).toBe(0);
    const deferredMe = await fetch(`${api.baseUrl}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${revealed}` },
    });
    expect(((await deferredMe.json()) as { key: { name: string } }).key.name).toBe('Deferred sync');
    expect(problems).toEqual([]);
    await close(page);
  });

  it('flow 3: revokes a key after a confirmation, after which the key gets 401', async () => {
    const { page, problems } = await open();
    await signIn(page, 'admin@acme.example');
    await page.getByLabel('Name').fill('Short-lived');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = await page.getByLabel('New key value').inputValue();
    await page.getByRole('button', { name: 'Done' }).click();
    expect(
      (await fetch(`${api.baseUrl}/api/v1/bots`, { headers: { authorization: `Bearer ${key}` } })).status,
    ).toBe(200);

    await page.getByRole('button', { name: 'Revoke Short-lived' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent()).toContain('Revoke “Short-lived”?');
    await expectAccessible(page, 'API keys page (confirm revoke)');
    await shoot(page, 'api-keys-confirm-revoke');
    // Cancel changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(
      (await fetch(`${api.baseUrl}/api/v1/bots`, { headers: { authorization: `Bearer ${key}` } })).status,
    ).toBe(200);
    await page.getByRole('button', { name: 'Revoke Short-lived' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke key' }).click();
    const row = page.locator('li.key', { hasText: 'Short-lived' });
    await expect.poll(() => row.textContent()).toContain('revoked');
    expect(await page.getByRole('button', { name: 'Revoke Short-lived' }).count()).toBe(0);
    const refused = await fetch(`${api.baseUrl}/api/v1/bots`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(refused.status).toBe(401);
    expect(problems).toEqual([]);
    await close(page);
  });

  it('flow 4: a subscription paused by a failing receiver is shown at the top; resume with replay delivers what it missed', async () => {
    const bot = await api.createBot(ws.workspaceId, 'Help center bot');
    const conversation = await api.createConversation(ws.workspaceId, bot.id, { status: 'open' });
    const healthy = await startReceiver();
    const failing = await startReceiver(() => ({ status: 503 }));
    const subscribe = async (targetUrl: string) => {
      const res = await api.call('POST', '/api/v1/hooks', {
        key: ws.ownerKey,
        body: { event: 'message.sent', targetUrl, description: 'CRM' },
      });
      expect(res.status, res.text).toBe(201);
      return res.body.hookId as string;
    };
    await subscribe(healthy.url);
    const pausedId = await subscribe(failing.url);
    const send = async (message: string) => {
      const res = await api.call('POST', '/api/v1/actions/send-message', {
        key: ws.ownerKey,
        body: { conversationId: conversation.id, message },
      });
      expect(res.status, res.text).toBe(201);
    };
    await send('First reply');
    await failing.waitFor(3);
    await until(
      async () =>
        (await api.call('GET', `/api/v1/hooks/${pausedId}`, { key: ws.ownerKey })).body.status === 'paused',
      'the subscription paused',
    );
    await send('Second reply, while paused');
    await healthy.waitFor(2);
    await staysQuiet(failing, 500);

    const { page, problems } = await open();
    await signIn(page, 'admin@acme.example', 'Webhooks', 'Webhooks');
    expect(new URL(page.url()).pathname).toBe('/dashboard/webhooks');
    const first = page.locator('li.hook').first();
    await expect.poll(() => first.textContent()).toContain(failing.url);
    expect(await first.textContent()).toMatch(/paused.*failed 3 attempts/is);
    expect(await page.locator('li.hook').nth(1).textContent()).toContain(healthy.url);
    // Only the paused one offers resuming.
    expect(await page.getByRole('button', { name: /^Resume and replay/ }).count()).toBe(1);
    await expectAccessible(page, 'webhooks page (one paused)');
    await shoot(page, 'webhooks-paused');

    // Its delivery log: the exhausted delivery with each attempt's answer.
    const pausedRow = page.locator('li.hook', { hasText: failing.url });
    await pausedRow.getByRole('button', { name: /^Deliveries/ }).click();
    const log = pausedRow.getByRole('list', { name: /^Deliveries of/ });
    await expect.poll(() => log.textContent()).toContain('failed');
    expect((await log.locator('.attempts li').allTextContents()).map((t) => t.split(' ·')[0])).toEqual([
      '#1 HTTP 503',
      '#2 HTTP 503',
      '#3 HTTP 503',
    ]);
    await shoot(page, 'webhooks-deliveries');

    failing.respondWith(() => ({ status: 200 }));
    await page.getByRole('button', { name: /^Resume and replay/ }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('being delivered');
    // Replayed: the delivery that exhausted its attempts and the event missed while paused.
    const received = await failing.waitFor(5);
    const replayed = received
      .slice(3)
      .map((r) => JSON.parse(r.body) as { id: string; data: { text?: string } });
    expect(new Set(replayed.map((event) => event.id)).size).toBe(2);
    await expect.poll(() => page.locator('li.hook.paused').count()).toBe(0);
    expect(await page.getByText('Paused: needs your attention').count()).toBe(0);
    // Retry one delivery from the log: the receiver gets it once more.
    const resumedRow = page.locator('li.hook', { hasText: failing.url });
    await resumedRow.getByRole('button', { name: /^Deliveries/ }).click();
    const resumedLog = resumedRow.getByRole('list', { name: /^Deliveries of/ });
    await until(async () => {
      await resumedRow.getByRole('button', { name: /^Hide deliveries/ }).click();
      await resumedRow.getByRole('button', { name: /^Deliveries/ }).click();
      const text = (await resumedLog.textContent()) ?? '';
      return !text.includes('pending') && (text.match(/succeeded/g) ?? []).length === 2;
    }, 'both deliveries recorded as succeeded');
    await resumedLog
      .getByRole('button', { name: /^Retry delivery/ })
      .first()
      .click();
    await expect.poll(() => resumedRow.getByRole('status').textContent()).toContain('scheduled again');
    await failing.waitFor(6);
    await expectAccessible(page, 'webhooks page (delivery log)');
    await shoot(page, 'webhooks-resumed');
    expect(problems).toEqual([]);
    await page.close();
    await Promise.all([healthy.close(), failing.close()]);
  });

  it('webhooks: adds a subscription (its secret shown once), sends a test, rotates the secret, shows each sample, deletes it', async () => {
    const receiver = await startReceiver(() => ({ status: 200, body: '{"received":true}' }));
    const { page, problems } = await open();
    await signIn(page, 'admin@acme.example', 'Webhooks', 'Webhooks');

    // Add a subscription: a URL the API refuses is explained under the form; then the secret, once.
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a subscription' }) });
    await form.getByLabel('Event').selectOption('lead.captured');
    await form.getByLabel('Endpoint URL').fill('ftp://files.example/hooks');
    await form.getByRole('button', { name: 'Add subscription' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/targetUrl/);
    await form.getByLabel('Endpoint URL').fill(receiver.url);
    await form.getByLabel('Description (optional)').fill('Leads to CRM');
    await form.getByRole('button', { name: 'Add subscription' }).click();
    const addedSecret = page.getByLabel(`Signing secret for lead.captured to ${receiver.url}`);
    await addedSecret.waitFor();
    const oldSecret = await addedSecret.inputValue();
    expect(oldSecret).toMatch(/^whsec_/);
    await expectAccessible(page, 'webhooks page (subscription added)');
    await shoot(page, 'webhooks-added');
    await page
      .getByRole('region', { name: 'Subscription added' })
      .getByRole('button', { name: 'Done' })
      .click();
    expect(await page.content()).not.toContain(oldSecret);
    const row = page.locator('li.hook', { hasText: receiver.url });
    await row.waitFor();
    expect(await row.textContent()).toContain('Leads to CRM');
    const listed = await api.call('GET', '/api/v1/hooks?limit=100', { key: ws.ownerKey });
    const hook = listed.body.hooks.find((h: { targetUrl: string }) => h.targetUrl === `${receiver.url}/`);
    expect(hook).toMatchObject({ event: 'lead.captured', status: 'active', description: 'Leads to CRM' });

    // A test: the receiver gets one signed sample of the subscription's event; the page shows its answer.
    await row.getByRole('button', { name: /^Send test/ }).click();
    const result = row.locator('.test-result');
    await expect.poll(() => result.textContent()).toContain('Test delivered: HTTP 200');
    expect(await result.textContent()).toContain('{"received":true}');
    const [first] = await receiver.waitFor(1);
    const tested = verifyWebhook(first.body, first.headers, oldSecret);
    expect(tested.type).toBe('lead.captured');
    await result.getByText('What was sent').click();
    expect(await result.locator('pre').textContent()).toContain(`"id": "${tested.id}"`);
    await expectAccessible(page, 'webhooks page (test sent)');
    await shoot(page, 'webhooks-test-sent');

    // A failing endpoint: shown as not delivered, with its status.
    receiver.respondWith(() => ({ status: 500, body: 'boom' }));
    await row.getByRole('button', { name: /^Send test/ }).click();
    await expect.poll(() => result.textContent()).toContain('Test not delivered: HTTP 500');
    expect(await result.getAttribute('class')).toContain('failed');
    receiver.respondWith(() => ({ status: 200 }));

    // Rotate: asked first (Cancel keeps the secret), then the new secret is shown once.
    await row.getByRole('button', { name: /^Rotate secret/ }).click();
    const dialog = row.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent()).toContain('Rotate the signing secret?');
    await expectAccessible(page, 'webhooks page (confirm rotation)');
    // Focus starts on Cancel; Escape cancels as Cancel does.
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Cancel');
    await page.keyboard.press('Escape');
    expect(await row.getByRole('alertdialog').count()).toBe(0);
    await row.getByRole('button', { name: /^Rotate secret/ }).click();
    await row.getByRole('alertdialog').getByRole('button', { name: 'Rotate secret' }).click();
    const secretField = row.getByLabel(/^New signing secret for/);
    await secretField.waitFor();
    const newSecret = await secretField.inputValue();
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    expect(await row.textContent()).toContain('The previous secret still signs deliveries until');
    await row.getByRole('button', { name: 'Copy' }).click();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(newSecret);
    await expectAccessible(page, 'webhooks page (new secret shown)');
    await shoot(page, 'webhooks-secret-rotated');
    await row.getByRole('button', { name: 'Done' }).click();
    expect(await page.content()).not.toContain(newSecret);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(newSecret);

    // Deliveries now verify with the new secret, and with the old one during the overlap.
    await row.getByRole('button', { name: /^Send test/ }).click();
    await expect.poll(() => row.locator('.test-result').textContent()).toContain('Test delivered');
    const rotated = (await receiver.waitFor(3))[2];
    expect(verifyWebhook(rotated.body, rotated.headers, newSecret).type).toBe('lead.captured');
    expect(verifyWebhook(rotated.body, rotated.headers, oldSecret).type).toBe('lead.captured');

    // The sample payload of each event type, as the API gives it.
    const samples = page.getByRole('list', { name: 'Sample payloads' });
    await expect.poll(() => samples.locator('summary').allTextContents()).toEqual([...EVENT_TYPES]);
    const expected = await api.call('GET', '/api/v1/triggers/samples', { key: ws.ownerKey });
    for (const [i, type] of EVENT_TYPES.entries()) {
      await samples.locator('summary').nth(i).click();
      const shown = JSON.parse((await samples.locator('pre').nth(i).textContent()) ?? '');
      const sample = expected.body.samples.find((s: { event: string }) => s.event === type);
      expect({ ...shown, id: undefined, createdAt: undefined }, type).toEqual({
        ...sample.payload,
        id: undefined,
        createdAt: undefined,
      });
      expect(shown.type).toBe(type);
      expect(shown.workspaceId).toBe(ws.workspaceId);
    }
    await expectAccessible(page, 'webhooks page (samples open)');
    await shoot(page, 'webhooks-samples');

    // Delete, after a confirmation: gone from the page and the API.
    await row.getByRole('button', { name: /^Delete/ }).click();
    await expect.poll(() => row.getByRole('alertdialog').textContent()).toContain('Delete the subscription?');
    await row.getByRole('alertdialog').getByRole('button', { name: 'Delete subscription' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('Deleted lead.captured');
    await expect.poll(() => page.locator('li.hook', { hasText: receiver.url }).count()).toBe(0);
    expectError(
      await api.call('GET', `/api/v1/hooks/${hook.hookId}`, { key: ws.ownerKey }),
      404,
      'not_found',
    );
    // The refused URL's 400 is the one console error the browser logs.
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    await page.close();
    await receiver.close();
  });

  it('flow 5: replies to a conversation from the inbox, and the open widget chat shows the reply', async () => {
    const bot = await api.createBot(ws.workspaceId, 'Widget bot', { greeting: 'Hi! How can I help?' });
    const widget = await context.newPage();
    await widget.goto(`${api.baseUrl}/widget/demo/${bot.id}`);
    await expect.poll(() => widget.locator('#status').textContent(), { timeout: 10_000 }).toBe('Connected');
    await widget.locator('#text').fill('Can a person help me with my order?');
    await widget.locator('#text').press('Enter');
    await expect
      .poll(() => widget.locator('#messages li').allTextContents(), { timeout: 10_000 })
      .toContain('Can a person help me with my order?');

    const { page, problems } = await open();
    await signIn(page, 'admin@acme.example', 'Conversations', 'Conversations');
    // The bot filter lists the workspace's bots; filtering by this one leaves its conversation.
    await page.getByLabel('Bot').selectOption({ label: 'Widget bot' });
    await expect.poll(() => page.locator('.inbox li').count()).toBe(1);
    // Active since tomorrow: nothing; cleared: the conversation again.
    await page.getByLabel('Active since').fill(new Date(Date.now() + 86_400_000).toISOString().slice(0, 16));
    await page.getByText('No conversations match.').waitFor();
    await page.getByLabel('Active since').fill('');
    await expect.poll(() => page.locator('.inbox li').count()).toBe(1);
    await expectAccessible(page, 'conversations inbox');
    await shoot(page, 'conversations-inbox');
    await page.locator('.inbox a').first().click();
    const transcript = page.getByRole('list', { name: 'Transcript' });
    await expect.poll(() => transcript.textContent()).toContain('Can a person help me with my order?');

    await page.getByLabel('Reply as the team').fill('Hello, Sam from support here. Looking at it now.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => transcript.textContent()).toContain('Team (dashboard)');
    expect(await transcript.textContent()).toContain('Hello, Sam from support here.');
    await expectAccessible(page, 'conversation transcript');
    await shoot(page, 'conversation-transcript');

    // The open widget chat shows it, as the team's.
    await expect
      .poll(
        () =>
          widget
            .locator('#messages li')
            .evaluateAll((items) =>
              items.map((item) => `${item.getAttribute('data-author')}: ${item.textContent}`),
            ),
        { timeout: 10_000 },
      )
      .toContain('team: Hello, Sam from support here. Looking at it now.');
    // Stamped as the dashboard's, with the member.
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const stored = await api.call('GET', `/api/v1/conversations/${id}`, { key: ws.ownerKey });
    expect(stored.body.messages.at(-1)).toMatchObject({
      author: 'team',
      channel: 'dashboard',
      apiKeyId: null,
    });

    // Record a lead: the API's check is shown by field; then it is recorded, stamped as the dashboard's.
    await page.getByLabel('Email').fill('not an address');
    await page.getByLabel('Phone').fill('+1 415 555 0134');
    await page.getByRole('button', { name: 'Record lead' }).click();
    const leadForm = page.locator('form', { has: page.getByRole('heading', { name: 'Record a lead' }) });
    await expect
      .poll(() => leadForm.getByRole('alert').textContent())
      .toContain('capturedFields.email must be an email address');
    await page.getByLabel('Email').fill('sam.customer@example.com');
    await page.getByLabel('Name', { exact: true }).fill('Sam Customer');
    await page.getByRole('button', { name: 'Record lead' }).click();
    await expect
      .poll(() => leadForm.getByRole('status').textContent())
      .toMatch(/^Lead lead_\w+ recorded with email, name, phone\.$/);
    expect(await leadForm.getByRole('alert').count()).toBe(0);
    await expectAccessible(page, 'conversation (lead recorded)');
    await shoot(page, 'conversation-lead');
    const leads = await api.db.query(
      'SELECT source, api_key_id, member_id, captured_fields FROM leads WHERE conversation_id = $1',
      [id],
    );
    expect(leads).toEqual([
      {
        source: 'dashboard',
        api_key_id: null,
        member_id: expect.stringMatching(/^mem_/),
        captured_fields: {
          email: 'sam.customer@example.com',
          name: 'Sam Customer',
          phone: '+1 415 555 0134',
        },
      },
    ]);

    await page.getByRole('button', { name: 'Resolve conversation' }).click();
    await expect.poll(() => page.locator('.badge.status-resolved').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Resolve conversation' }).count()).toBe(0);
    const resolved = await api.call('GET', `/api/v1/conversations/${id}`, { key: ws.ownerKey });
    expect(resolved.body.status).toBe('resolved');

    // The events feed, newest first: the resolution on top; filtered by type, the reply's
    // message.sent, on channel dashboard.
    await page.getByRole('link', { name: 'Events' }).click();
    await page.getByRole('heading', { name: 'Events' }).waitFor();
    const events = page.getByRole('list', { name: 'Events' });
    await expect
      .poll(() => events.locator('summary').first().textContent())
      .toContain('conversation.resolved');
    await page.getByLabel('Type').selectOption('message.sent');
    await expect.poll(() => events.locator('summary').first().textContent()).toContain('message.sent');
    const types = await events.locator('summary strong').allTextContents();
    expect(new Set(types)).toEqual(new Set(['message.sent']));
    await events.locator('summary').first().click();
    const payload = await events.locator('pre').first().textContent();
    expect(payload).toContain(`"conversationId": "${id}"`);
    expect(payload).toContain('"channel": "dashboard"');
    await expectAccessible(page, 'events feed');
    await shoot(page, 'events');
    // The one refused call is the lead with a bad e-mail address, which the browser logs.
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    expect(problems).toHaveLength(1);
    await Promise.all([page.close(), widget.close()]);
  });

  it('pages the inbox and the events feed with Load more, and never shows an answer a filter change superseded', async () => {
    // A workspace of its own: its lists hold only what this test writes.
    const paging = await api.createWorkspace('Paging Co');
    await api.addMember(paging.workspaceId, 'admin', 'pager@paging.example');
    const bot = await api.createBot(paging.workspaceId, 'Paging bot');
    const other = await api.createBot(paging.workspaceId, 'Other bot');
    const names: string[] = [];
    for (let i = 0; i < 27; i++) {
      const name = `Customer ${String(i).padStart(2, '0')}`;
      names.push(name);
      const conversation = await api.createConversation(paging.workspaceId, bot.id, {
        customerName: name,
        updatedAt: new Date(Date.now() - (i + 1) * 60_000),
      });
      // 27 team replies: 27 message.sent events, more than one page of the feed.
      const sent = await api.call('POST', '/api/v1/actions/send-message', {
        key: paging.ownerKey,
        body: { conversationId: conversation.id, message: `Reply ${i}` },
      });
      expect(sent.status, sent.text).toBe(201);
    }
    // The other bot's conversations are the newest: an unfiltered page starts with them.
    for (const name of ['Other A', 'Other B']) {
      await api.createConversation(paging.workspaceId, other.id, {
        customerName: name,
        updatedAt: new Date(Date.now() + 60_000),
      });
    }

    const { page, problems } = await open();
    // The inbox's first, unfiltered answer is held back until after the filtered one has arrived.
    let held = 0;
    await page.route(
      (url) => url.pathname === '/api/v1/conversations' && !url.searchParams.has('botId'),
      async (route) => {
        held += 1;
        const response = await route.fetch();
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        await route.fulfill({ response });
      },
    );
    const link = await api.loginLink(paging.workspaceId, 'pager@paging.example');
    await page.goto(`${api.baseUrl}/dashboard/sign-in#token=${link.token}`);
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    await page.getByLabel('Bot').selectOption({ label: 'Paging bot' });
    const rows = page.locator('.inbox li strong');
    await expect.poll(() => rows.count()).toBe(25);
    // The stale unfiltered page lands now, and is ignored.
    await expect.poll(() => held).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await rows.allTextContents()).toEqual([...names].reverse().slice(0, 25));
    await page.unroute('**/*');

    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBe(27);
    // Newest activity first (each reply moved its conversation up), every conversation once.
    expect(await rows.allTextContents()).toEqual([...names].reverse());
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Events' }).click();
    await page.getByLabel('Type').selectOption('message.sent');
    const events = page.getByRole('list', { name: 'Events' }).locator('summary');
    await expect.poll(() => events.count()).toBe(25);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => events.count()).toBe(27);
    const feed = await api.call('GET', '/api/v1/events?type=message.sent&order=desc&limit=100', {
      key: paging.ownerKey,
    });
    const ids = await page
      .getByRole('list', { name: 'Events' })
      .locator('pre')
      .evaluateAll((all) => all.map((pre) => (JSON.parse(pre.textContent ?? '{}') as { id: string }).id));
    expect(ids).toEqual(feed.body.events.map((event: { id: string }) => event.id));
    expect(ids).toHaveLength(27);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await close(page);
  });

  it('flow 6: a viewer sees no controls it may not use, and the API refuses them if forced', async () => {
    const { page, problems } = await open();
    await signIn(page, 'viewer@acme.example');
    await page.locator('li.key').first().waitFor();
    expect(await page.getByRole('button', { name: 'Create key' }).count()).toBe(0);
    expect(await page.getByLabel('Name').count()).toBe(0);
    // Webhooks are for admins: no tab, and the API refuses the list.
    expect(await page.getByRole('link', { name: 'Webhooks' }).count()).toBe(0);
    // A viewer sees its own keys only, and may revoke those (the API allows it), nothing else.
    const rows = await page.locator('li.key').count();
    expect(rows).toBe(1);
    expect(await page.getByRole('button', { name: /^Revoke / }).count()).toBe(1);
    await expectAccessible(page, 'API keys page (viewer)');
    await shoot(page, 'api-keys-viewer');

    // Forced from the page, with the session and its CSRF token: 403 insufficient_role.
    const forced = await page.evaluate(async () => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { session: { csrfToken: string } };
      const res = await fetch('/api/v1/auth/keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.session.csrfToken },
        body: JSON.stringify({ name: 'forced' }),
      });
      return { status: res.status, body: (await res.json()) as { error: { code: string } } };
    });
    expect(forced.status).toBe(403);
    expect(forced.body.error.code).toBe('insufficient_role');
    const keys = await api.call('GET', '/api/v1/auth/keys', { key: ws.ownerKey });
    expect(keys.body.keys.map((k: { name: string }) => k.name)).not.toContain('forced');

    // A conversation: the viewer reads the transcript but gets no reply or resolve controls, and
    // the API refuses a forced reply.
    const bot = await api.createBot(ws.workspaceId, 'Viewer bot');
    const conversation = await api.createConversation(ws.workspaceId, bot.id, { messages: 1 });
    await page.goto(`${api.baseUrl}/dashboard/conversations/${conversation.id}`);
    await expect
      .poll(() => page.getByRole('list', { name: 'Transcript' }).textContent())
      .toContain('customer message 1');
    expect(await page.getByLabel('Reply as the team').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Resolve conversation' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Record lead' }).count()).toBe(0);
    await expectAccessible(page, 'conversation (viewer)');
    await shoot(page, 'conversation-viewer');
    const reply = await page.evaluate(async (conversationId) => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { session: { csrfToken: string } };
      const res = await fetch('/api/v1/actions/send-message', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.session.csrfToken },
        body: JSON.stringify({ conversationId, message: 'forced' }),
      });
      return res.status;
    }, conversation.id);
    expect(reply).toBe(403);
    expect(problems.filter((p) => !/status of 403/.test(p))).toEqual([]);
    await close(page);
  });

  it('flow 7: signs out, after which the old cookie gets 401', async () => {
    const { page, problems } = await open();
    await signIn(page, 'admin@acme.example');
    const [cookie] = await context.cookies(api.baseUrl);
    const before = await api.call('GET', '/api/v1/auth/me', {
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    });
    expect(before.status).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Signed out' }).waitFor();
    expectError(
      await api.call('GET', '/api/v1/auth/me', { headers: { cookie: `${cookie.name}=${cookie.value}` } }),
      401,
      'unauthorized',
    );
    // A reload stays signed out.
    await page.reload();
    await page.getByRole('heading', { name: 'Signed out' }).waitFor();
    await expectAccessible(page, 'signed-out page');
    await shoot(page, 'signed-out');
    expect(problems).toEqual([]);
    await close(page);
  });
});
