import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

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

/** The fields of a schema that carry no example, as paths (`data[].name`). */
function fieldsWithoutExample(schema: any, path: string, seen = new Set<any>()): string[] {
  const target = resolveRef(schema);
  if (!target || seen.has(target)) return [];
  seen.add(target);
  if (target.allOf) return target.allOf.flatMap((part: any) => fieldsWithoutExample(part, path, seen));
  if (target.type === 'array') return fieldsWithoutExample(target.items, `${path}[]`, seen);
  if (target.type === 'object' || target.properties) {
    return Object.entries<any>(target.properties ?? {}).flatMap(([name, property]) => {
      const resolved = resolveRef(property);
      const nested = resolved?.type === 'object' || resolved?.type === 'array' || property.allOf;
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

  it('passes `redocly lint` with no error and no warning', () => {
    const lint = spawnSync(
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
    const report = JSON.parse(lint.stdout);
    expect(report.problems.map((problem: any) => `${problem.ruleId}: ${problem.message}`)).toEqual([]);
    expect(lint.status).toBe(0);
  });

  it('describes every operation: id, summary, tag, security, errors and examples', () => {
    expect(apiOperations.length).toBeGreaterThanOrEqual(7);
    const operationIds = operations.map(({ operation }) => operation.operationId);
    expect(new Set(operationIds).size).toBe(operationIds.length);
    for (const { method, path, operation } of apiOperations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(operation.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      expect(operation.summary, where).toBeTruthy();
      expect(operation.tags, where).toHaveLength(1);
      expect(operation.security, where).toEqual(operation.operationId === SIGN_IN ? [] : [{ apiKey: [] }]);
      expect(Object.keys(operation.responses), where).toContain('401');
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        expect(response.headers?.['X-Request-Id'], `${where} ${status}`).toBeDefined();
        const media = response.content?.['application/json'];
        if (Number(status) >= 400) {
          expect(media?.schema?.$ref, `${where} ${status}`).toBe('#/components/schemas/ErrorResponseDto');
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
});
