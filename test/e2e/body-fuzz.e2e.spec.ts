import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/common/http/errors';
import type { ApiResponse } from '../support/http';
import { startTestApi, type SeededWorkspace, type TestApi } from '../support/test-app';

/**
 * A property test over every operation with a request body: a body the operation accepts, spoilt
 * by one to three mutations drawn from the corpus a contract fuzzer uses (deep nesting, NUL and
 * unpaired surrogates in values and property names, null, huge ids, wrong types, unknown fields,
 * non-object bodies, hostile path parameters), always answers a 4xx in the error envelope.
 *
 * The operations and their schemas come from the committed OpenAPI document, and a test checks that
 * the running app takes a body on exactly those, so a new body route is fuzzed as soon as it exists.
 */

const DOCUMENT = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'openapi.json'), 'utf8'));
const RUNS_PER_OPERATION = 30;

interface BodyOperation {
  method: string;
  path: string;
  operationId: string;
  schema: any;
}

function bodyOperations(document: any): BodyOperation[] {
  return Object.entries<any>(document.paths).flatMap(([path, item]) =>
    Object.entries<any>(item)
      .filter(([, operation]) => operation?.requestBody)
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        operationId: operation.operationId,
        schema: operation.requestBody.content['application/json'].schema,
      })),
  );
}

const OPERATIONS = bodyOperations(DOCUMENT);

/** A schema with its `$ref`s and single-member `allOf`s (how the plugin wraps a described `$ref`) followed. */
function resolveSchema(schema: any): any {
  if (schema?.$ref)
    return resolveSchema(
      DOCUMENT.components.schemas[String(schema.$ref).replace('#/components/schemas/', '')],
    );
  if (schema?.allOf?.length === 1) return resolveSchema(schema.allOf[0]);
  return schema;
}

type Kind = 'string' | 'boolean' | 'number' | 'object' | 'array';

interface Field {
  path: string[];
  kind: Kind;
  nullable: boolean;
  /** The longest string the field takes, when it says (or any, for an enum: none that long is in it). */
  maxLength?: number;
}

interface ObjectAt {
  path: string[];
  /** True when the object takes any property name (a map), so an unknown one is no error. */
  open: boolean;
  known: string[];
}

/** A schema's types: OpenAPI 3.1 spells a nullable one `type: ["string", "null"]`. */
const typesOf = (schema: any): string[] => [schema?.type ?? []].flat();

function kindOf(schema: any): Kind {
  const type = typesOf(schema).find((candidate) => candidate !== 'null');
  if (type === 'integer' || type === 'number') return 'number';
  if (type === 'object' || schema.properties) return 'object';
  if (schema.enum && !type) return 'string';
  return type as Kind;
}

/** Every property of a body schema, nested ones included, and every object a property may be added to. */
function shapeOf(schema: any): { fields: Field[]; objects: ObjectAt[] } {
  const fields: Field[] = [];
  const objects: ObjectAt[] = [];
  const visit = (objectSchema: any, path: string[]) => {
    objects.push({
      path,
      open: Boolean(objectSchema.additionalProperties),
      known: Object.keys(objectSchema.properties ?? {}),
    });
    for (const [name, property] of Object.entries<any>(objectSchema.properties ?? {})) {
      const resolved = resolveSchema(property);
      const kind = kindOf(resolved);
      fields.push({
        path: [...path, name],
        kind,
        nullable: typesOf(property).includes('null') || typesOf(resolved).includes('null'),
        maxLength: resolved.enum ? 0 : resolved.maxLength,
      });
      if (kind === 'object' && resolved.properties) visit(resolved, [...path, name]);
    }
  };
  visit(resolveSchema(schema), []);
  return { fields, objects };
}

/** The body the schema's examples spell, with `overrides` (real ids) by property name. */
function exampleOf(schema: any, overrides: Record<string, unknown>, name?: string): unknown {
  if (name !== undefined && name in overrides) return overrides[name];
  const resolved = resolveSchema(schema);
  if (resolved.properties) {
    return Object.fromEntries(
      Object.entries<any>(resolved.properties).map(([key, property]) => [
        key,
        exampleOf(property, overrides, key),
      ]),
    );
  }
  if ('example' in schema) return schema.example;
  if ('example' in resolved) return resolved.example;
  if (resolved.enum) return resolved.enum[0];
  throw new Error(`the schema of ${name ?? 'the body'} has no example to start the fuzz from`);
}

/** `depth` arrays nested, built without recursion. */
function nested(depth: number): unknown[] {
  let value: unknown[] = [];
  for (let level = 1; level < depth; level += 1) value = [value];
  return value;
}

const FORBIDDEN = ['\u0000', '\ud800', '\udbff', '\udc00', '\udfff'];
/** A string holding a NUL or an unpaired surrogate (the default string unit is ASCII, so nothing pairs it). */
const badString = fc
  .tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...FORBIDDEN), fc.string({ maxLength: 20 }))
  .map(([before, bad, after]) => before + bad + after);
const tooDeep = fc.integer({ min: 33, max: 3_000 }).map(nested);
const hugeNumber = fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, -1, 0, 1e-320);

const ofKind: Record<Kind, fc.Arbitrary<unknown>> = {
  string: fc.string(),
  boolean: fc.boolean(),
  number: fc.oneof(fc.integer(), hugeNumber),
  object: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  array: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
};

/** A value the field refuses, whatever else the body holds. */
function badValueFor(field: Field): fc.Arbitrary<unknown> {
  const wrongKinds = (Object.keys(ofKind) as Kind[]).filter((kind) => kind !== field.kind);
  const choices: fc.Arbitrary<unknown>[] = [
    badString,
    tooDeep,
    fc.oneof(...wrongKinds.map((kind) => ofKind[kind])),
  ];
  if (!field.nullable) choices.push(fc.constant(null));
  if (field.kind === 'string' && field.maxLength !== undefined) {
    choices.push(
      fc
        .integer({ min: field.maxLength + 1, max: 200_000 })
        .map((length) => `${field.path.at(-1)?.slice(0, 3) ?? 'id'}_${'7'.repeat(length)}`),
    );
  }
  return fc.oneof(...choices);
}

type Mutation =
  | { kind: 'set'; path: string[]; value: unknown }
  | { kind: 'root'; value: unknown }
  | { kind: 'param'; name: string; value: string };

function mutationsFor(operation: BodyOperation): fc.Arbitrary<Mutation> {
  const { fields, objects } = shapeOf(operation.schema);
  const choices: fc.Arbitrary<Mutation>[] = [
    fc
      .oneof(
        fc.constant(null),
        fc.oneof(
          fc.string(),
          fc.boolean(),
          fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }),
          hugeNumber,
        ),
        tooDeep,
      )
      .map((value): Mutation => ({ kind: 'root', value })),
    // a property whose name breaks the string rule, anywhere an object is
    fc
      .tuple(fc.constantFrom(...objects), badString, fc.jsonValue({ maxDepth: 2 }))
      .map(([object, name, value]): Mutation => ({ kind: 'set', path: [...object.path, name], value })),
  ];
  if (fields.length > 0) {
    choices.push(
      fc
        .constantFrom(...fields)
        .chain((field) =>
          badValueFor(field).map((value): Mutation => ({ kind: 'set', path: field.path, value })),
        ),
    );
  }
  const closed = objects.filter((object) => !object.open);
  if (closed.length > 0) {
    choices.push(
      fc.constantFrom(...closed).chain((object) =>
        fc
          .tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }))
          .filter(([name]) => !object.known.includes(name) && name !== '__proto__' && name !== 'constructor')
          .map(([name, value]): Mutation => ({ kind: 'set', path: [...object.path, name], value })),
      ),
    );
  }
  return fc.oneof(...choices);
}

/** Hostile spellings of a path parameter: each answers 400 (the string rule, a bad escape) or 404. */
const badParam = fc.oneof(
  badString.filter((value) => value.includes('\u0000')).map((value) => encodeURIComponent(value)),
  fc.constantFrom('%ED%A0%80', '%C0%80', '%E0%A4%A', '..', '%2e%2e', 'x'.repeat(5_000)),
  fc.integer({ min: 101, max: 10_000 }).map((length) => `bot_${'A'.repeat(length)}`),
);

function apply(base: unknown, mutations: Mutation[], params: Record<string, string>) {
  let body: unknown = structuredClone(base);
  const pathParams = { ...params };
  for (const mutation of mutations) {
    if (mutation.kind === 'root') body = mutation.value;
    else if (mutation.kind === 'param') pathParams[mutation.name] = mutation.value;
    else {
      let parent: any = body;
      for (const key of mutation.path.slice(0, -1)) parent = parent?.[key];
      // An earlier mutation replaced the parent with a non-object: that one already spoils the body.
      if (typeof parent === 'object' && parent !== null && !Array.isArray(parent)) {
        Object.defineProperty(parent, mutation.path.at(-1) as string, {
          value: mutation.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
  }
  return { body, pathParams };
}

function expectEnvelope(response: ApiResponse, context: string): void {
  expect(response.status, `${context} → ${response.text.slice(0, 500)}`).toBeGreaterThanOrEqual(400);
  expect(response.status, `${context} → ${response.text.slice(0, 500)}`).toBeLessThan(500);
  expect(response.headers.get('content-type'), context).toMatch(/^application\/json/);
  expect(response.body, context).toEqual({
    error: {
      code: expect.toBeOneOf([...ERROR_CODES]),
      message: expect.any(String),
      requestId: response.headers.get('x-request-id'),
      details: expect.any(Array),
    },
  });
}

describe('property: every body route answers a spoilt body with a 4xx in the envelope', () => {
  let api: TestApi;
  let ws: SeededWorkspace;
  let overrides: Record<string, unknown>;
  let params: Record<string, string>;
  let sessionToken: string;

  beforeAll(async () => {
    api = await startTestApi();
    ws = await api.createWorkspace();
    const botId = (await api.createBot(ws.workspaceId, 'Helper')).id;
    const conversationId = (await api.createConversation(ws.workspaceId, botId)).id;
    const hook = await api.call('POST', '/api/v1/hooks', {
      key: ws.ownerKey,
      body: { event: 'message.sent', targetUrl: 'http://127.0.0.1:9/hook' },
    });
    const session = await api.call('POST', `/widget/v1/bots/${botId}/sessions`, { body: {} });
    sessionToken = session.body.sessionToken;
    overrides = { conversationId, memberId: ws.ownerMemberId, targetUrl: 'http://127.0.0.1:9/hook' };
    params = { botId, hookId: hook.body.hookId, sessionId: session.body.sessionId };
  });
  afterAll(async () => {
    await api?.close();
  });

  const send = (operation: BodyOperation, body: unknown, pathParams: Record<string, string>) => {
    const path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
      if (!(name in pathParams))
        throw new Error(`no id for {${name}} of ${operation.path}: add one to the fuzz`);
      return pathParams[name];
    });
    const key = path.startsWith('/api/v1/')
      ? ws.ownerKey
      : path.startsWith('/widget/v1/sessions/')
        ? sessionToken
        : undefined;
    return api.call(operation.method, path, {
      key,
      // JSON.stringify writes NUL and unpaired surrogates as escapes: the JSON text itself is valid.
      rawBody: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
  };

  it('fuzzes every operation the running app takes a body on', async () => {
    const live = bodyOperations((await api.call('GET', '/api/docs/openapi.json')).body);
    const key = (operation: BodyOperation) => `${operation.method} ${operation.path}`;
    expect(live.map(key).sort()).toEqual(OPERATIONS.map(key).sort());
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(8);
  });

  // The document is as strict as the server: what its schemas refuse, the server refuses too.
  it.each(OPERATIONS.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))(
    '%s refuses "" where its schema says minLength, and an empty map where it says minProperties',
    async (_name, operation) => {
      const base = exampleOf(operation.schema, overrides) as Record<string, unknown>;
      const schema = resolveSchema(operation.schema);
      for (const [name, property] of Object.entries<any>(schema.properties ?? {})) {
        const resolved = resolveSchema(property);
        const empty = resolved.minLength >= 1 ? '' : resolved.minProperties >= 1 ? {} : undefined;
        if (empty === undefined) continue;
        const refused = await send(operation, { ...base, [name]: empty }, params);
        expect(refused.status, `${name}: ${refused.text}`).toBe(400);
        expect(refused.body.error.code).toBe('validation_failed');
        expect(refused.body.error.details.map((detail: { field: string }) => detail.field)).toContain(name);
      }
    },
  );

  it.each(OPERATIONS.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))(
    '%s',
    async (_name, operation) => {
      const base = exampleOf(operation.schema, overrides);
      // The unspoilt body passes validation, so every 4xx below is the mutations' doing.
      const accepted = await send(operation, base, params);
      expect(accepted.status === 400 || accepted.status >= 500, accepted.text).toBe(false);

      const paramNames = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const paramMutation: fc.Arbitrary<Mutation[]> =
        paramNames.length === 0
          ? fc.constant([])
          : fc.option(
              fc
                .tuple(fc.constantFrom(...paramNames), badParam)
                .map(([name, value]): Mutation[] => [{ kind: 'param', name, value }]),
              { nil: [], freq: 4 },
            );
      await fc.assert(
        fc.asyncProperty(
          fc.array(mutationsFor(operation), { minLength: 1, maxLength: 3 }),
          paramMutation,
          async (mutations, onParams) => {
            const { body, pathParams } = apply(base, [...onParams, ...mutations], params);
            const response = await send(operation, body, pathParams);
            expectEnvelope(response, `${operation.operationId} ${JSON.stringify(mutations).slice(0, 300)}`);
          },
        ),
        { numRuns: RUNS_PER_OPERATION },
      );
    },
  );
});
