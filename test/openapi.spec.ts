import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../src/modules/events/event-types';
import { sampleEnvelope } from '../src/modules/triggers/samples';
import { API_PAGE_EVENT_FIELDS } from './support/oracle';

/**
 * The committed reference (`openapi.json`) is what enterprise teams generate clients from: it must
 * be exactly what the built code describes, lint clean, and complete on every operation.
 */

const ROOT = resolve(__dirname, '..');
const committedText = readFileSync(resolve(ROOT, 'openapi.json'), 'utf8');
const document = JSON.parse(committedText);

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const operations: { method: string; path: string; operation: any }[] = Object.entries<any>(
  document.paths,
).flatMap(([path, item]) =>
  METHODS.filter((method) => item[method]).map((method) => ({ method, path, operation: item[method] })),
);
const apiOperations = operations.filter(({ path }) => path.startsWith('/api/v1/'));
/** The one public operation under `/api/v1`: dashboard sign-in, authenticated by the link's token in its body. */
const SIGN_IN = 'signIn';
const keyedOperations = apiOperations.filter(({ operation }) => operation.operationId !== SIGN_IN);

function resolveRef(schema: any): any {
  if (!schema?.$ref) return schema;
  const name = String(schema.$ref).replace('#/components/schemas/', '');
  return document.components.schemas[name];
}

/** A schema with `$ref`s and single-member `allOf`s (a described `$ref`) followed. */
function follow(schema: any): any {
  if (schema?.allOf?.length === 1) return follow(schema.allOf[0]);
  return schema?.$ref ? follow(resolveRef(schema)) : schema;
}

/** The fields of a schema that carry no example, as paths (`data[].name`). */
function fieldsWithoutExample(schema: any, path: string, seen = new Set<any>()): string[] {
  const target = resolveRef(schema);
  if (!target || seen.has(target)) return [];
  seen.add(target);
  if (target.type === 'null') return [];
  const parts = target.allOf ?? target.oneOf ?? target.anyOf;
  if (parts) return parts.flatMap((part: any) => fieldsWithoutExample(part, path, seen));
  if (target.type === 'array') return fieldsWithoutExample(target.items, `${path}[]`, seen);
  if (target.type === 'object' || target.properties) {
    return Object.entries<any>(target.properties ?? {}).flatMap(([name, property]) => {
      const resolved = resolveRef(property);
      const nested =
        resolved?.type === 'object' ||
        resolved?.type === 'array' ||
        property.allOf ||
        property.anyOf ||
        property.oneOf;
      if ('example' in property && !nested) return [];
      if (nested) return fieldsWithoutExample(property, `${path}.${name}`, new Set(seen));
      if (resolved?.enum) return [];
      return [`${path}.${name}`];
    });
  }
  return 'example' in target || target.enum ? [] : [path];
}

describe('openapi.json', () => {
  it('is exactly what the built code generates (run `npm run build && npm run openapi` after a change)', () => {
    const generated = spawnSync(process.execPath, [resolve(ROOT, 'dist', 'openapi.js'), '--stdout'], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', NHX_SECRET_KEY: '' },
    });
    expect(generated.status, generated.stderr).toBe(0);
    expect(generated.stdout).toBe(committedText);
  });

  // Each linter reads its committed configuration (redocly.yaml, .spectral.yaml).
  it('passes `redocly lint` and `spectral lint` (spectral:oas) with no error and no warning', () => {
    const redocly = spawnSync(
      process.execPath,
      [
        resolve(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js'),
        'lint',
        '--format=json',
        'openapi.json',
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    const report = JSON.parse(redocly.stdout);
    expect(report.problems.map((problem: any) => `${problem.ruleId}: ${problem.message}`)).toEqual([]);
    expect(redocly.status).toBe(0);

    const spectral = spawnSync(
      process.execPath,
      [
        resolve(ROOT, 'node_modules', '@stoplight', 'spectral-cli', 'dist', 'index.js'),
        'lint',
        'openapi.json',
        '--ruleset',
        '.spectral.yaml',
        '--format',
        'json',
        '--fail-severity',
        'hint',
        '--quiet',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const results = JSON.parse(spectral.stdout);
    expect(
      results.map((result: any) => `${result.code}: ${result.message} at ${result.path.join('.')}`),
    ).toEqual([]);
    expect(spectral.status, spectral.stderr).toBe(0);
  }, 90_000);

  it('describes every operation: id, summary, tag, security, errors and examples', () => {
    expect(apiOperations.length).toBeGreaterThanOrEqual(7);
    const operationIds = operations.map(({ operation }) => operation.operationId);
    expect(new Set(operationIds).size).toBe(operationIds.length);
    for (const { method, path, operation } of apiOperations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(operation.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      expect(operation.summary, where).toBeTruthy();
      expect(operation.tags, where).toHaveLength(1);
      expect(operation.security, where).toEqual(
        operation.operationId === SIGN_IN ? [] : [{ apiKey: [] }, { dashboardSession: [] }],
      );
      expect(Object.keys(operation.responses), where).toContain('401');
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        expect(response.headers?.['X-Request-Id'], `${where} ${status}`).toBeDefined();
        const media = response.content?.['application/json'];
        if (Number(status) >= 400) {
          expect(media?.schema?.$ref, `${where} ${status}`).toBe('#/components/schemas/ErrorResponse');
          expect(Object.keys(media?.examples ?? {}).length, `${where} ${status}`).toBeGreaterThan(0);
        } else if (media) {
          expect(fieldsWithoutExample(media.schema, 'body'), `${where} ${status}`).toEqual([]);
        }
      }
      if (operation.requestBody) {
        const body = operation.requestBody.content['application/json'];
        expect(fieldsWithoutExample(body.schema, 'request'), where).toEqual([]);
        for (const status of ['400', '413', '415'])
          expect(Object.keys(operation.responses), where).toContain(status);
      }
      for (const parameter of operation.parameters ?? []) {
        expect(parameter.description, `${where} ${parameter.name}`).toBeTruthy();
      }
    }
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.securitySchemes.dashboardSession).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: '__Host-nhx_session',
    });
  });

  it('documents the rate limit: 429 with Retry-After on every keyed or widget operation, RateLimit headers on each answer', () => {
    const limited = operations.filter(
      ({ path, operation }) => /^\/(api|widget)\/v1\//.test(path) && operation.operationId !== SIGN_IN,
    );
    expect(limited.length).toBe(keyedOperations.length + 3);
    for (const { method, path, operation } of limited) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(operation.responses['429']?.headers?.['Retry-After'], where).toBeDefined();
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        expect(Object.keys(response.headers ?? {}), `${where} ${status}`).toEqual(
          expect.arrayContaining(['RateLimit-Policy', 'RateLimit']),
        );
      }
    }
    for (const { path, operation } of operations.filter((entry) => !limited.includes(entry))) {
      expect(operation.responses['429'], path).toBeUndefined();
      for (const response of Object.values<any>(operation.responses)) {
        expect(response.headers?.RateLimit, path).toBeUndefined();
      }
    }
  });

  it('documents 503 unavailable with Retry-After on every operation of the API', () => {
    const served = operations.filter(({ path }) => /^\/(api|widget)\/v1\//.test(path));
    expect(served.length).toBeGreaterThan(apiOperations.length);
    for (const { method, path, operation } of served) {
      const where = `${method.toUpperCase()} ${path}`;
      const response = operation.responses['503'];
      expect(response?.headers?.['Retry-After'], where).toBeDefined();
      const example: any = Object.values(response.content['application/json'].examples)[0];
      expect(example.value.error.code, where).toBe('unavailable');
    }
    expect(document.components.schemas.ErrorCode.enum).toContain('unavailable');
  });

  // `@Idempotent()` both installs the interceptor and documents the header, so the reference shows
  // which routes honour it: every keyed POST but the one-time key reveal.
  it('honours Idempotency-Key on every keyed POST except revealing a key', () => {
    const posts = keyedOperations.filter(({ method }) => method === 'post');
    expect(posts.length).toBeGreaterThanOrEqual(10);
    for (const { path, operation } of posts) {
      const header = (operation.parameters ?? []).find(
        (parameter: any) => parameter.in === 'header' && parameter.name === 'Idempotency-Key',
      );
      if (operation.operationId === 'revealApiKey') expect(header, path).toBeUndefined();
      else expect(header, path).toBeDefined();
    }
  });

  it('is OpenAPI 3.1, and no schema is named after its DTO class', () => {
    expect(document.openapi).toBe('3.1.0');
    const names = Object.keys(document.components.schemas);
    expect(names.filter((name) => name.endsWith('Dto'))).toEqual([]);
    expect(committedText).not.toMatch(/#\/components\/schemas\/\w+Dto"/);
    expect(names).toEqual(expect.arrayContaining(['ErrorResponse', 'Bot', 'Event', 'MessageSentData']));
  });

  it('describes every event type as a webhook, with a schema of its own, discriminated by `type`', () => {
    expect(Object.keys(document.webhooks).sort()).toEqual([...EVENT_TYPES].sort());
    const union = document.components.schemas.Event;
    expect(union.discriminator.propertyName).toBe('type');
    expect(Object.keys(union.discriminator.mapping).sort()).toEqual([...EVENT_TYPES].sort());
    for (const type of EVENT_TYPES) {
      const operation = document.webhooks[type].post;
      const media = operation.requestBody.content['application/json'];
      expect(media.schema.$ref, type).toBe(union.discriminator.mapping[type]);
      expect(union.oneOf, type).toContainEqual({ $ref: media.schema.$ref });
      const envelope = resolveRef(media.schema);
      expect(envelope.properties.type.enum, type).toEqual([type]);
      const data = envelope.properties.data;
      expect(data.$ref, `${type} data is a named schema`).toMatch(/^#\/components\/schemas\/\w+Data$/);
      // The fields the API page lists for the type, no more and no fewer.
      expect(Object.keys(resolveRef(data).properties).sort(), type).toEqual(
        [...API_PAGE_EVENT_FIELDS[type]].sort(),
      );
      expect(media.example, type).toEqual(sampleEnvelope(type));
      expect(operation.parameters.map((parameter: any) => parameter.name)).toEqual(
        expect.arrayContaining([
          'webhook-id',
          'webhook-timestamp',
          'webhook-signature',
          'X-NebulaHex-Signature',
        ]),
      );
      expect(Object.keys(operation.responses), type).toEqual(expect.arrayContaining(['200', '410']));
    }
    // The lists and samples of events hold the union, so a generated client types them by `type`.
    const eventList = document.components.schemas.EventList.properties.events.items;
    expect(eventList).toEqual({ $ref: '#/components/schemas/Event' });
    expect(follow(document.components.schemas.Sample.properties.payload)).toBe(union);
  });

  it('holds request bodies to what the server accepts: no unknown field, no empty string, at least one captured field', () => {
    const visit = (schema: any, where: string, seen = new Set<any>()): void => {
      const target = follow(schema);
      if (!target || seen.has(target)) return;
      seen.add(target);
      if (target.properties) {
        expect(target.additionalProperties, `${where} refuses unknown fields`).not.toBeUndefined();
        expect(
          target.additionalProperties === false || typeof target.additionalProperties === 'object',
          where,
        ).toBe(true);
        for (const [name, property] of Object.entries<any>(target.properties)) {
          const resolved = follow(property);
          // The server refuses "" for each required text field (an optional one may be "" or is
          // looked up, as `memberId`).
          if (target.required?.includes(name) && resolved.type === 'string' && !resolved.enum) {
            const refusesEmpty =
              resolved.minLength >= 1 || resolved.pattern === '\\S' || resolved.pattern?.startsWith('^');
            expect(refusesEmpty, `${where}.${name} refuses ""`).toBe(true);
          }
          visit(property, `${where}.${name}`, seen);
        }
      }
    };
    const bodies = operations.filter(({ operation }) => operation.requestBody);
    expect(bodies.length).toBeGreaterThanOrEqual(8);
    for (const { method, path, operation } of bodies) {
      visit(operation.requestBody.content['application/json'].schema, `${method.toUpperCase()} ${path}`);
    }
    const capturedFields = document.components.schemas.CreateLead.properties.capturedFields;
    expect(capturedFields).toMatchObject({ minProperties: 1, maxProperties: 23 });
    expect(new RegExp(capturedFields.propertyNames.pattern).test('plan_2')).toBe(true);
    expect(new RegExp(capturedFields.propertyNames.pattern).test('2plan')).toBe(false);
    const phone = new RegExp(capturedFields.properties.phone.pattern);
    expect(['+1 415 555 0134', '(030) 1234-567'].filter((value) => phone.test(value))).toHaveLength(2);
    expect(['123456', '+1 415 555 0134 5678 9', '+1 415 abc'].filter((value) => phone.test(value))).toEqual(
      [],
    );
  });

  it('documents the Idempotency-Key rule and the 400 a malformed key gets, on every operation that honours it', () => {
    const honouring = apiOperations.filter(({ operation }) =>
      (operation.parameters ?? []).some((parameter: any) => parameter.name === 'Idempotency-Key'),
    );
    expect(honouring.map(({ operation }) => operation.operationId)).toEqual(
      expect.arrayContaining(['testHook', 'rotateHookSecret', 'retryHookDelivery']),
    );
    for (const { path, operation } of honouring) {
      const header = operation.parameters.find((parameter: any) => parameter.name === 'Idempotency-Key');
      expect(header.schema, path).toMatchObject({ minLength: 1, maxLength: 255, pattern: '^[!-~]+$' });
      const examples = operation.responses['400'].content['application/json'].examples;
      expect(examples.idempotencyKeyInvalid.value.error.details[0].field, path).toBe('Idempotency-Key');
    }
  });

  it('declares the widget session token as the security of a session’s routes', () => {
    expect(document.components.securitySchemes.widgetSession).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const widget = operations.filter(({ path }) => path.startsWith('/widget/v1/'));
    for (const { path, operation } of widget) {
      const expected = path.includes('/sessions/{sessionId}/') ? [{ widgetSession: [] }] : [];
      expect(operation.security, `${operation.operationId}`).toEqual(expected);
    }
  });

  it('pre-fills no cursor: list parameters that only a previous answer can supply carry no example', () => {
    for (const { path, operation } of operations) {
      for (const parameter of operation.parameters ?? []) {
        if (!['cursor', 'after'].includes(parameter.name)) continue;
        expect(parameter.example, `${path} ${parameter.name}`).toBeUndefined();
        expect(parameter.schema.example, `${path} ${parameter.name}`).toBeUndefined();
      }
    }
  });
});
