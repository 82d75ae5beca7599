import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

/**
 * Generates the integrator kit from the committed `openapi.json`: the typed client's types
 * (`openapi-typescript`), its event catalogue (which `data` schema goes with which event type) and
 * the Postman collection (`openapi-to-postmanv2`). `npm run client` writes the files;
 * `--check` writes nothing and exits 1 naming every file that differs from a fresh generation.
 *
 * Everything the client hand-writes refers to the document through operation paths or through the
 * catalogue generated here, so a change to the document changes generated files only.
 */

const ROOT = join(__dirname, '..');
const DOCUMENT = join(ROOT, 'openapi.json');
export const OUTPUTS = {
  types: join(ROOT, 'clients', 'typescript', 'generated', 'openapi.ts'),
  events: join(ROOT, 'clients', 'typescript', 'generated', 'events.ts'),
  postman: join(ROOT, 'clients', 'postman', 'nebulahex.postman_collection.json'),
};
/** Where the README's quick start listens; the collection's `baseUrl` starts there. */
const POSTMAN_BASE_URL = 'http://127.0.0.1:3000';
const BANNER = '// Generated from openapi.json by `npm run client`; do not edit.\n';

interface Json {
  [key: string]: unknown;
}

function object(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(object).filter((item): item is Json => Boolean(item)) : [];
}

/** `node[key1][key2]…`, or undefined where a step is missing. */
function at(node: unknown, ...keys: string[]): Json | undefined {
  return keys.reduce<Json | undefined>((current, key) => object(current?.[key]), object(node));
}

function resolve(document: Json, node: unknown): Json | undefined {
  let current = object(node);
  while (current && typeof current.$ref === 'string') {
    const pointer = current.$ref.replace(/^#\//, '').split('/');
    current = at(document, ...pointer.map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~')));
  }
  return current;
}

/** The properties of a schema, its `allOf` parts included. */
function properties(document: Json, schema: unknown): Json {
  const target = resolve(document, schema);
  if (!target) return {};
  return Object.assign(
    {},
    ...list(target.allOf).map((part) => properties(document, part)),
    object(target.properties) ?? {},
  ) as Json;
}

/** The string values a schema allows (`const`, `enum`, or those of the schemas it is made of). */
function literals(document: Json, schema: unknown): string[] {
  const target = resolve(document, schema);
  if (!target) return [];
  if (typeof target.const === 'string') return [target.const];
  if (Array.isArray(target.enum)) return target.enum.filter((value) => typeof value === 'string');
  return [...list(target.allOf), ...list(target.oneOf), ...list(target.anyOf)].flatMap((part) =>
    literals(document, part),
  );
}

function schemaName(ref: unknown): string | undefined {
  return typeof ref === 'string' && ref.startsWith('#/components/schemas/')
    ? ref.slice('#/components/schemas/'.length)
    : undefined;
}

/**
 * For an event's body schema (its own envelope, or a `oneOf` with one branch per type), the `data`
 * schema that goes with `type`: the branch whose `type` allows only that value, then its `data`.
 */
function dataSchemaFor(document: Json, envelope: Json, type: string): string {
  const target = resolve(document, envelope) ?? {};
  for (const branch of [...list(target.oneOf), ...list(target.anyOf)]) {
    const only = literals(document, properties(document, branch).type);
    if (only.length === 1 && only[0] === type) return dataSchemaFor(document, branch, type);
  }
  const data = object(properties(document, target).data);
  if (!data) throw new Error(`openapi.json: the envelope of ${type} has no data`);
  const parts = list(data.allOf);
  const single = schemaName(data.$ref ?? (parts.length === 1 ? parts[0].$ref : undefined));
  if (!single) throw new Error(`openapi.json: the data of ${type} is not a named schema`);
  return single;
}

/** Every event type with its `data` schema, from the document's `webhooks` (one entry per event type). */
export function eventCatalogue(document: Json): { type: string; data: string }[] {
  const webhooks = Object.entries(object(document.webhooks) ?? {});
  if (webhooks.length === 0) throw new Error('openapi.json has no webhooks');
  return webhooks.map(([name, item]) => {
    const body = resolve(document, at(item, 'post', 'requestBody'));
    const schema = at(body, 'content', 'application/json', 'schema');
    if (!schema) throw new Error(`openapi.json: webhook ${name} has no JSON body`);
    const types = literals(document, properties(document, schema).type);
    const type = types.length === 1 ? types[0] : name;
    return { type, data: dataSchemaFor(document, schema, type) };
  });
}

function eventsModule(document: Json): string {
  const catalogue = eventCatalogue(document);
  const lines = [
    BANNER,
    "import type { components } from './openapi';",
    '',
    '/** Every event type a webhook subscription can name, as the API document lists them. */',
    `export const EVENT_TYPES = [${catalogue.map(({ type }) => JSON.stringify(type)).join(', ')}] as const;`,
    '',
    "/** Each event type's `data`. */",
    'export interface EventDataByType {',
    ...catalogue.map(
      ({ type, data }) => `  ${JSON.stringify(type)}: components['schemas'][${JSON.stringify(data)}];`,
    ),
    '}',
    '',
  ];
  return lines.join('\n');
}

async function typesModule(document: Json): Promise<string> {
  const ast = await openapiTS(structuredClone(document) as unknown as OpenAPI3);
  return `${BANNER}\n${astToString(ast)}`;
}

/** A stable id for a collection node, from what identifies it, so regeneration changes nothing. */
function stableId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\n')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Replaces the converter's random ids (`id`, `_postman_id`) by ids derived from each node's place. */
function stabilize(node: unknown, path: string): unknown {
  if (Array.isArray(node)) return node.map((item, index) => stabilize(item, `${path}/${index}`));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  const record = node as Json;
  for (const [key, value] of Object.entries(record)) {
    if ((key === 'id' || key === '_postman_id') && typeof value === 'string') {
      const name = record.name;
      out[key] = stableId(path, typeof name === 'string' ? name : '');
    } else {
      out[key] = stabilize(value, `${path}/${key}`);
    }
  }
  return out;
}

/** A seeded generator (mulberry32) standing in for Math.random while the converter runs. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Date whose clock reads `now` (a date built from arguments is unchanged). */
function frozenDate(RealDate: DateConstructor, now: number): DateConstructor {
  class FrozenDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(now);
      else super(...(args as [string | number | Date]));
    }

    static override now(): number {
      return now;
    }
  }
  return FrozenDate as DateConstructor;
}

async function postmanCollection(document: Json): Promise<string> {
  // Where the document has no example (an enum query parameter), the converter's faker picks a
  // value with the Math.random it captured when loaded: seeded here, and the converter loaded only
  // now, so the same document always gives the same file (one generation per process).
  // It also fakes date-times relative to the clock (a nullable `resolvedAt` without example), so the
  // clock stands still meanwhile too.
  const random = Math.random;
  const RealDate = Date;
  Math.random = seededRandom(1);
  globalThis.Date = frozenDate(RealDate, RealDate.parse('2026-01-01T00:00:00Z'));
  let collection: Json;
  try {
    const { convert } = await import('openapi-to-postmanv2');
    collection = await new Promise<Json>((done, fail) =>
      convert(
        { type: 'json', data: structuredClone(document) },
        {
          folderStrategy: 'Tags',
          // The document's examples, not faked values.
          requestParametersResolution: 'Example',
          exampleParametersResolution: 'Example',
          includeAuthInfoInExample: false,
          // Optional query parameters (a cursor, filters) stay unticked: a request works as imported.
          enableOptionalParameters: false,
          alwaysInheritAuthentication: true,
        },
        (error, result) => {
          if (error)
            return fail(
              error instanceof Error ? error : new Error(`openapi-to-postmanv2: ${JSON.stringify(error)}`),
            );
          const data = result?.result ? object(result.output?.[0]?.data) : undefined;
          if (!data) return fail(new Error(`openapi-to-postmanv2: ${result?.reason ?? 'no collection'}`));
          done(data);
        },
      ),
    );
  } finally {
    Math.random = random;
    globalThis.Date = RealDate;
  }
  // The key is one collection variable every request inherits; the base URL another.
  collection.auth = { type: 'bearer', bearer: [{ key: 'token', value: '{{apiKey}}', type: 'string' }] };
  collection.variable = [
    { key: 'baseUrl', value: POSTMAN_BASE_URL, type: 'string' },
    { key: 'apiKey', value: 'nhx_sk_…', type: 'string' },
  ];
  return `${JSON.stringify(stabilize(collection, ''), null, 2)}\n`;
}

export async function generate(): Promise<Record<string, string>> {
  const document = JSON.parse(readFileSync(DOCUMENT, 'utf8')) as Json;
  return {
    [OUTPUTS.types]: await typesModule(document),
    [OUTPUTS.events]: eventsModule(document),
    [OUTPUTS.postman]: await postmanCollection(document),
  };
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  generate().then(
    (files) => {
      const stale = Object.entries(files).filter(([path, text]) => read(path) !== text);
      if (check) {
        for (const [path] of stale)
          process.stderr.write(`${relative(ROOT, path)} differs from openapi.json\n`);
        process.exitCode = stale.length > 0 ? 1 : 0;
        return;
      }
      for (const [path, text] of stale) writeFileSync(path, text);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
