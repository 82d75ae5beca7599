import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NODE_PLAIN_HMAC,
  NODE_STANDARD_WEBHOOKS,
  PYTHON_PLAIN_HMAC,
  PYTHON_STANDARD_WEBHOOKS,
} from '../../src/modules/hooks/webhook-docs';
import { startReceiver, type ReceivedRequest, type Receiver } from '../support/receiver';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

/**
 * The docs page's introduction prints code that verifies a delivery. Each Node snippet (and the
 * plain-HMAC Python one, which needs nothing beyond the standard library) is taken from the served
 * document exactly as printed, run against real deliveries that the API signed and a local
 * receiver got, and must accept them, and refuse them once the body is altered. The Python
 * Standard Webhooks snippet needs the `standardwebhooks` package from PyPI, which the test machines
 * cannot install: it is only checked to be printed.
 */

const ROOT = resolve(__dirname, '..', '..');

/** The fenced code blocks of a Markdown text, in order, by language. */
function codeBlocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\\n\`\`\``, 'g'))].map(
    (match) => match[1],
  );
}

interface Delivery {
  secret: string;
  headers: Record<string, string>;
  body: string;
}

/** Runs a printed snippet with a call of its `verifyDelivery` / `verify_delivery` appended. */
function run(language: 'js' | 'python', snippet: string, delivery: Delivery, directory: string) {
  const input = JSON.stringify(delivery);
  if (language === 'js') {
    const file = join(directory, 'verify.mjs');
    writeFileSync(
      file,
      `${snippet}\n\nconst input = JSON.parse(process.argv[2]);\n` +
        'process.stdout.write(JSON.stringify(verifyDelivery(input.secret, input.headers, Buffer.from(input.body))));\n',
    );
    return spawnSync(process.execPath, [file, input], { encoding: 'utf8' });
  }
  const file = join(directory, 'verify.py');
  writeFileSync(
    file,
    `${snippet}\n\nimport sys\ninput = json.loads(sys.argv[1])\n` +
      'print(json.dumps(verify_delivery(input["secret"], input["headers"], input["body"].encode())))\n',
  );
  return spawnSync('python3', [file, input], { encoding: 'utf8' });
}

const asDelivery = (secret: string, request: ReceivedRequest): Delivery => ({
  secret,
  headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)])),
  body: request.body,
});

describe('the verification code on the docs page', () => {
  let api: TestApi;
  let receiver: Receiver;
  let workspace: SeededWorkspace;
  let printed: string;
  let directory: string;

  beforeAll(async () => {
    [api, receiver] = await Promise.all([startTestApi(), startReceiver()]);
    workspace = await api.createWorkspace();
    printed = (await api.call('GET', '/api/docs/openapi.json')).body.info.description;
    // Inside the repository, so that `import … from 'standardwebhooks'` resolves as in an app.
    mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
    directory = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'verify-snippets-'));
  });
  afterAll(async () => {
    if (directory) rmSync(directory, { recursive: true, force: true });
    await Promise.all([receiver?.close(), api?.close()]);
  });

  it('prints each snippet exactly as the tests run it', () => {
    expect(codeBlocks(printed, 'js')).toEqual([NODE_STANDARD_WEBHOOKS, NODE_PLAIN_HMAC]);
    expect(codeBlocks(printed, 'python')).toEqual([PYTHON_STANDARD_WEBHOOKS, PYTHON_PLAIN_HMAC]);
    expect(printed).toContain('base64 after `whsec_`');
  });

  it('accepts real deliveries and refuses an altered body, in Node and Python, before and after a secret rotation', async () => {
    const key = workspace.ownerKey;
    const created = await api.call('POST', '/api/v1/hooks', {
      key,
      body: { event: 'lead.captured', targetUrl: `${receiver.url}/hooks` },
    });
    expect(created.status).toBe(201);
    const { hookId, signingSecret: firstSecret } = created.body;

    const test = await api.call('POST', `/api/v1/hooks/${hookId}/test`, { key });
    expect(test.body.delivered).toBe(true);
    const rotated = await api.call('POST', `/api/v1/hooks/${hookId}/rotate-secret`, { key });
    expect(rotated.status).toBe(200);
    await api.call('POST', `/api/v1/hooks/${hookId}/test`, { key });
    const [plain, duringRotation] = await receiver.waitFor(2);
    // During the overlap both secrets sign, so a receiver holding either accepts the delivery.
    const deliveries = [
      asDelivery(firstSecret, plain),
      asDelivery(firstSecret, duringRotation),
      asDelivery(rotated.body.signingSecret, duringRotation),
    ];

    const snippets: ['js' | 'python', string][] = [
      ['js', NODE_STANDARD_WEBHOOKS],
      ['js', NODE_PLAIN_HMAC],
      ['python', PYTHON_PLAIN_HMAC],
    ];
    for (const [language, snippet] of snippets) {
      for (const delivery of deliveries) {
        const accepted = run(language, snippet, delivery, directory);
        expect(accepted.status, accepted.stderr).toBe(0);
        expect(JSON.parse(accepted.stdout)).toEqual(JSON.parse(delivery.body));
        expect(JSON.parse(accepted.stdout).type).toBe('lead.captured');

        const altered = { ...delivery, body: delivery.body.replace('"lead.captured"', '"lead.captured" ') };
        const refused = run(language, snippet, altered, directory);
        expect(refused.status, `${language} accepted an altered body`).not.toBe(0);
      }
      const wrongSecret = run(
        language,
        snippet,
        { ...deliveries[0], secret: rotated.body.signingSecret },
        directory,
      );
      expect(wrongSecret.status, `${language} accepted another secret's signature`).not.toBe(0);
    }
  });
});
