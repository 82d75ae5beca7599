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

/**
 * The document as OpenAPI 3.1 may describe events: schema names without `Dto`, one envelope per
 * event type (`type` a constant) in a `oneOf` with a discriminator, and a `webhooks` entry per type
 * whose body is that union (`union: true`) or the type's own envelope.
 */
function asWebhooksDocument(union: boolean): any {
  const renamed = JSON.parse(JSON.stringify(document).replace(/(#\/components\/schemas\/\w+?)Dto"/g, '$1"'));
  const schemas: Record<string, any> = {};
  for (const [name, schema] of Object.entries<any>(renamed.components.schemas))
    schemas[name.replace(/Dto$/, '')] = schema;
  const envelopes = Object.entries(DATA_SCHEMAS).map(([type, data]) => {
    const name = data.replace(/Data$/, 'Event');
    schemas[name] = {
      type: 'object',
      properties: {
        ...schemas.EventEnvelope.properties,
        type: { type: 'string', const: type },
        data: { $ref: `#/components/schemas/${data}` },
      },
    };
    return { type, ref: `#/components/schemas/${name}` };
  });
  schemas.WebhookEvent = {
    oneOf: envelopes.map(({ ref }) => ({ $ref: ref })),
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(envelopes.map((e) => [e.type, e.ref])),
    },
  };
  const webhooks = Object.fromEntries(
    envelopes.map(({ type, ref }) => [
      type,
      {
        post: {
          requestBody: {
            content: {
              'application/json': { schema: { $ref: union ? '#/components/schemas/WebhookEvent' : ref } },
            },
          },
        },
      },
    ]),
  );
  return { ...renamed, openapi: '3.1.0', components: { ...renamed.components, schemas }, webhooks };
}

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

  it('pair each event type with its data schema, from the envelope today', () => {
    expect(eventCatalogue(document)).toEqual(
      Object.entries(DATA_SCHEMAS).map(([type, data]) => ({ type, data: `${data}Dto` })),
    );
  });

  it('pair each event type with its data schema from `webhooks`, with or without a discriminated union', () => {
    const expected = Object.entries(DATA_SCHEMAS).map(([type, data]) => ({ type, data }));
    expect(eventCatalogue(asWebhooksDocument(true))).toEqual(expected);
    expect(eventCatalogue(asWebhooksDocument(false))).toEqual(expected);
  });
});
