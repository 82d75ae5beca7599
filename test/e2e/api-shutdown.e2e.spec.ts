import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '../support/http';
import { freePort, Processes, waitForHealthy, type ManagedProcess } from '../support/processes';
import { startReceiver, type Receiver } from '../support/receiver';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

/**
 * The API process (`dist/main.js`) on SIGTERM: requests in flight finish within
 * `NHX_SHUTDOWN_TIMEOUT_MS`; those still open then lose their connections, and it exits 0 either
 * way. A webhook test send holds a request open for as long as its receiver does.
 */
describe('the API process stopping with requests in flight', () => {
  const processes = new Processes();
  const SHUTDOWN_TIMEOUT_MS = 1_500;
  let api: TestApi;
  let ws: SeededWorkspace;
  let receiver: Receiver;
  let hookId: string;
  let holdMs = 0;

  beforeAll(async () => {
    api = await startTestApi();
    ws = await api.createWorkspace();
    receiver = await startReceiver(() => ({ status: 200, body: '{"ok":true}', delayMs: holdMs }));
    const created = await api.call('POST', '/api/v1/hooks', {
      key: ws.ownerKey,
      body: { event: 'conversation.resolved', targetUrl: receiver.url },
    });
    expect(created.status, created.text).toBe(201);
    hookId = created.body.hookId as string;
  });
  afterAll(async () => {
    await processes.stopAll();
    await receiver?.close();
    await api?.close();
  });

  /** A standalone API on the test's database and Redis prefix, ready to serve. */
  async function startApi(): Promise<{ server: ManagedProcess; url: string }> {
    const port = await freePort();
    const server = processes.spawn(
      'main.js',
      [],
      api.processEnv({
        NHX_WEBHOOK_TIMEOUT_MS: '60000',
        NHX_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
        PORT: String(port),
        HOST: '127.0.0.1',
      }),
    );
    const url = `http://127.0.0.1:${port}`;
    await waitForHealthy(url, server);
    return { server, url };
  }

  /** Starts a test send, SIGTERMs once the receiver holds it, and reports both ends. */
  async function sendTestThenStop(hold: number) {
    holdMs = hold;
    const { server, url } = await startApi();
    const seen = receiver.received.length;
    const request = httpClient(url)('POST', `/api/v1/hooks/${hookId}/test`, { key: ws.ownerKey }).then(
      (res) => ({ status: res.status, body: res.body as { delivered?: boolean }, failed: null }),
      (error: unknown) => ({ status: null, body: null, failed: String(error) }),
    );
    await receiver.waitFor(seen + 1);
    const signalled = performance.now();
    server.child.kill('SIGTERM');
    const exit = await server.exitWithin(SHUTDOWN_TIMEOUT_MS + 8_000);
    const stoppedMs = performance.now() - signalled;
    await server.closed;
    const lines = server.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string });
    return { exit, stoppedMs, answer: await request, messages: lines.map((line) => line.msg), server };
  }

  it('lets a request that ends within the timeout finish with its answer, then exits 0', async () => {
    const { exit, stoppedMs, answer, messages, server } = await sendTestThenStop(600);
    expect(exit, server.describe()).toEqual({ code: 0, signal: null });
    expect(answer).toMatchObject({ status: 200, body: { delivered: true } });
    expect(stoppedMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(messages).not.toContain(
      'requests still in flight at NHX_SHUTDOWN_TIMEOUT_MS; closing their connections',
    );
    expect(messages.at(-1)).toBe('API stopped');
  }, 60_000);

  it('cuts a request still open at the timeout, then exits 0 saying so', async () => {
    const { exit, stoppedMs, answer, messages, server } = await sendTestThenStop(30_000);
    expect(exit, server.describe()).toEqual({ code: 0, signal: null });
    // The client loses its connection; nothing is answered for it.
    expect(answer.status).toBeNull();
    expect(answer.failed).toBeTruthy();
    expect(stoppedMs).toBeGreaterThanOrEqual(SHUTDOWN_TIMEOUT_MS);
    expect(stoppedMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 5_000);
    expect(messages).toContain(
      'requests still in flight at NHX_SHUTDOWN_TIMEOUT_MS; closing their connections',
    );
    // The test send it cut short is abandoned quietly, not reported as a failure of the service.
    expect(messages).not.toContain('unhandled error');
    expect(messages.at(-1)).toBe('API stopped');
    console.info(`stopped ${Math.round(stoppedMs)} ms after SIGTERM (timeout ${SHUTDOWN_TIMEOUT_MS} ms)`);
  }, 60_000);
});
