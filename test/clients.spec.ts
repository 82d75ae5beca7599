import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventCatalogue } from '../clients/generate';

/**
 * The typed client's types, its event catalogue and the Postman collection are generated from the
 * committed `openapi.json` and committed too: they must be exactly what a fresh generation gives.
 */

const ROOT = resolve(__dirname, '..');
const document = JSON.parse(readFileSync(resolve(ROOT, 'openapi.json'), 'utf8'));
const DATA_SCHEMAS = {
  'message.sent': 'MessageSentData',
  'lead.captured': 'LeadCapturedData',
  'order.lookup': 'OrderLookupData',
  'conversation.fallback': 'ConversationFallbackData',
  'conversation.escalation': 'ConversationEscalationData',
  'conversation.resolved': 'ConversationResolvedData',
};

describe('generated clients', () => {
  it('match a fresh generation from openapi.json (run `npm run client` after regenerating openapi.json)', () => {
    const check = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', resolve(ROOT, 'clients', 'generate.ts'), '--check'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  }, 60_000);

  it("pair each event type with its data schema, read from the document's webhooks", () => {
    expect(eventCatalogue(document)).toEqual(
      Object.entries(DATA_SCHEMAS).map(([type, data]) => ({ type, data })),
    );
  });
});
