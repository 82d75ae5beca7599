import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type SchemaObject,
  type ReferenceObject,
  type OperationObject,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  API_DOCUMENT_PARTS,
  EXAMPLE_REQUEST_ID,
  type ApiDocumentParts,
} from '../../common/decorators/api-docs.decorator';
import {
  API_KEY_SECURITY,
  DASHBOARD_SESSION_SECURITY,
  WIDGET_SESSION_SECURITY,
} from '../../common/decorators/auth.decorator';
import {
  ApiError,
  UNAVAILABLE_RETRY_AFTER_SECONDS,
  UNSUPPORTED_MEDIA_TYPE_MESSAGE,
} from '../../common/http/errors';

export const DOCS_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs/openapi.json';

const DESCRIPTION = `Read your bots and conversations, act on live conversations, manage API keys and subscribe to
signed webhooks. Every request needs \`Authorization: Bearer nhx_sk_…\` with a workspace API key; every
error answers \`{"error":{"code","message","requestId","details"}}\`. Resources of another workspace
answer 404, exactly as missing ones do.

Rate limit: 60 requests per key in any 60-second sliding window, shared by every API instance (a
key or its workspace may have its own limit). Every authenticated response says where the key stands
with \`RateLimit-Policy: "default";q=60;w=60\` and \`RateLimit: "default";r=<remaining>;t=<seconds>\`; over
the limit the answer is 429 \`rate_limited\` with \`Retry-After\` (whole seconds until a request would
be admitted). Requests without a valid key are limited per client address.

Browsers may call the API from any origin (CORS, bearer keys, no cookies).

Lists page by cursor: \`?limit=\` (1–100, default 50) and \`?cursor=\` (the previous page's
\`nextCursor\`, null on the last page). Every response carries an \`X-Request-Id\` (a well-formed one
sent with the request is echoed).

Input: JSON bodies are UTF-8 and nest at most 32 levels of objects and arrays; no string (a value or
a property name, in a body, a query string or a path) may hold a NUL or an unpaired UTF-16
surrogate; \`null\` is accepted only where a schema's type includes it. Requests the HTTP parser refuses
answer in the same envelope: 431 for a request line and headers over 16 KiB, 400 for malformed HTTP.
While the service cannot reach its database, every operation answers 503 \`unavailable\` with
\`Retry-After\`.`;

/**
 * The tags of the reference, in the order and wording of the public API reference. Only tags some
 * operation uses are listed in the document.
 */
const TAGS: [name: string, description: string][] = [
  ['Bots', "Read your workspace's bots. Used by integrations like Zapier for dynamic dropdown fields."],
  ['Conversations', 'Query conversation history scoped to your workspace.'],
  ['Actions', 'Programmatically intervene in live conversations.'],
  ['Webhooks', 'Subscribe your own endpoint to NebulaHex events.'],
  ['Triggers', 'Sample payloads for testing your webhook integration locally.'],
  ['Events', 'The events of the last 30 days, as webhooks deliver them.'],
  ['Authentication', 'Manage API keys for your workspace.'],
  [
    'Widget',
    'The public chat channel a website embeds: no API key; a session’s routes take its session token ' +
      '(`Authorization: Bearer <sessionToken>`). CORS-open. Limited per client address on starting sessions, ' +
      'and per session on messages and polls, with the same headers as the API’s limits.',
  ],
  ['Operations', 'Liveness and readiness probes and metrics: public, outside `/api/v1`, never rate-limited.'],
];

const REQUEST_ID_HEADER = 'X-Request-Id';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const parts = documentParts(app);
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('NebulaHex API')
    .setVersion('1.0.0')
    .setDescription([DESCRIPTION, ...parts.flatMap((part) => part.introduction ?? [])].join('\n\n'))
    // The document as served puts the serving origin first (`servedBy`).
    .addServer('https://nebulahex.com', 'Production')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'nhx_sk_…', description: 'A workspace API key.' },
      API_KEY_SECURITY,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'nhx_wt_…',
        description: 'A widget session token: the `sessionToken` that starting a widget session answered.',
      },
      WIDGET_SESSION_SECURITY,
    )
    .addCookieAuth(
      '__Host-nhx_session',
      {
        type: 'apiKey',
        in: 'cookie',
        description:
          'The dashboard session cookie that `POST /api/v1/auth/session` sets (named `nhx_session` when the ' +
          'service runs on plain-HTTP localhost). Browsers send it themselves; a request that changes ' +
          "anything must also send the session's CSRF token as `X-CSRF-Token`.",
      },
      DASHBOARD_SESSION_SECURITY,
    )
    .setLicense('Proprietary', 'https://nebulahex.com/terms')
    .setContact('NebulaHex', 'https://nebulahex.com', 'api@nebulahex.com');
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  document.components ??= {};
  for (const part of parts) {
    document.components.schemas = { ...document.components.schemas, ...part.schemas };
    document.webhooks = { ...document.webhooks, ...part.webhooks };
  }
  keepUsedTags(document);
  forbidUnknownRequestFields(document);
  addUnavailableResponse(document);
  addUnsupportedMediaTypeResponse(document);
  addRequestIdHeader(document);
  addRateLimitHeaders(document);
  return dropDtoSuffix(document);
}

/** The parts every controller of the application adds with `@ApiDocumentParts()`. */
function documentParts(app: INestApplication): ApiDocumentParts[] {
  return [...app.get(ModulesContainer).values()].flatMap((module) =>
    [...module.controllers.values()].flatMap(
      ({ metatype }) =>
        (metatype && (Reflect.getMetadata(API_DOCUMENT_PARTS, metatype) as ApiDocumentParts | undefined)) ??
        [],
    ),
  );
}

const SCHEMA_REF = '#/components/schemas/';

/**
 * Request bodies are validated with unknown fields refused (400), so their schemas say so: every
 * object schema a request body reaches gets `additionalProperties: false`, unless it declares its
 * own (a map such as `capturedFields`).
 */
function forbidUnknownRequestFields(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  const seen = new Set<object>();
  const visit = (schema: SchemaObject | ReferenceObject | undefined): void => {
    if (!schema || seen.has(schema)) return;
    seen.add(schema);
    if ('$ref' in schema) return visit(schemas[schema.$ref.slice(SCHEMA_REF.length)]);
    for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])])
      visit(part);
    if (schema.items) visit(schema.items);
    if (schema.properties) {
      schema.additionalProperties ??= false;
      for (const property of Object.values(schema.properties)) visit(property);
    }
  };
  for (const operation of operationsOf(document)) {
    const body = operation.requestBody;
    if (body && !('$ref' in body)) for (const media of Object.values(body.content)) visit(media.schema);
  }
}

/**
 * Schemas are named after their DTO classes; the document drops the `Dto` suffix (`BotDto` → `Bot`),
 * which says how the code holds a type, not what the API exchanges.
 */
function dropDtoSuffix(document: OpenAPIObject): OpenAPIObject {
  const names = Object.keys(document.components?.schemas ?? {});
  const renamed = new Map(
    names.filter((name) => name.endsWith('Dto')).map((name) => [name, name.slice(0, -3)]),
  );
  for (const [from, to] of renamed) {
    if (names.includes(to)) throw new Error(`Schema ${from} would take the name of schema ${to}`);
  }
  const rename = (ref: string) => {
    const name = ref.slice(SCHEMA_REF.length);
    return ref.startsWith(SCHEMA_REF) && renamed.has(name) ? SCHEMA_REF + renamed.get(name) : ref;
  };
  const text = JSON.stringify(document, (key, value: unknown) => {
    if (typeof value === 'string' && (key === '$ref' || value.startsWith(SCHEMA_REF))) return rename(value);
    if (key === 'schemas' && value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [renamed.get(name) ?? name, schema]),
      );
    }
    return value;
  });
  return JSON.parse(text) as OpenAPIObject;
}

/** The operations of the document, or of its paths `where` accepts. */
function operationsOf(document: OpenAPIObject, where: (path: string) => boolean = () => true) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    (['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const).flatMap((method) =>
      where(path) && item[method] ? [item[method]] : [],
    ),
  );
}

function keepUsedTags(document: OpenAPIObject): void {
  const used = new Set(operationsOf(document).flatMap((operation) => operation.tags ?? []));
  document.tags = document.tags?.filter((tag) => used.has(tag.name));
}

/** The API's operations (not the probes and metrics, which answer without the database or on their own). */
const SERVED_FROM_THE_DATABASE = /^\/(api|widget)\/v1\//;

type ResponseObject = Exclude<OperationObject['responses'][string], ReferenceObject | undefined>;

/** An error response in the envelope, with one example. */
function errorResponse(
  description: string,
  example: { name: string; summary: string; code: string; message: string },
  headers?: ResponseObject['headers'],
): ResponseObject {
  return {
    description,
    ...(headers ? { headers } : {}),
    content: {
      'application/json': {
        schema: { $ref: `${SCHEMA_REF}ErrorResponseDto` },
        examples: {
          [example.name]: {
            summary: example.summary,
            value: {
              error: {
                code: example.code,
                message: example.message,
                requestId: EXAMPLE_REQUEST_ID,
                details: [],
              },
            },
          },
        },
      },
    },
  };
}

/**
 * Any operation may meet a database it cannot reach: 503 `unavailable` with `Retry-After`, on every
 * operation of the API, declared once here rather than on each controller.
 */
function addUnavailableResponse(document: OpenAPIObject): void {
  const unavailable = ApiError.unavailable();
  for (const operation of operationsOf(document, (path) => SERVED_FROM_THE_DATABASE.test(path))) {
    operation.responses['503'] = errorResponse(
      'The service cannot reach its database right now; retry after `Retry-After` seconds.',
      {
        name: 'unavailable',
        summary: 'Database unreachable',
        code: unavailable.code,
        message: unavailable.message,
      },
      {
        'Retry-After': {
          description: 'Seconds to wait before retrying.',
          schema: { type: 'integer', example: UNAVAILABLE_RETRY_AFTER_SECONDS },
        },
      },
    );
  }
}

/**
 * A POST or DELETE that takes no body still parses one if it is sent, so a body sent as anything but
 * JSON gets 415 there too (routes with a body document it with their other body errors).
 */
function addUnsupportedMediaTypeResponse(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.post, item.delete]) {
      if (!operation || operation.requestBody || operation.responses['415']) continue;
      operation.responses['415'] = errorResponse('A body was sent, and not as `application/json`.', {
        name: 'unsupportedMediaType',
        summary: 'Not JSON',
        code: 'unsupported_media_type',
        message: UNSUPPORTED_MEDIA_TYPE_MESSAGE,
      });
    }
  }
}

/** Every response carries `X-Request-Id` (README, Rate limits, CORS and headers): declared once, referenced from each response. */
function addRequestIdHeader(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.headers = {
    ...document.components.headers,
    [REQUEST_ID_HEADER]: {
      description:
        "This request's id: the caller's own `X-Request-Id` when well formed (1–128 of `A-Za-z0-9._:-`), else a new `req_…`.",
      schema: { type: 'string', example: 'req_7GQ2mXk1Lr0aZp9TbWc3Yd' },
    },
  };
  for (const operation of operationsOf(document)) {
    for (const response of Object.values(operation.responses)) {
      if (!response || '$ref' in response) continue;
      response.headers = {
        [REQUEST_ID_HEADER]: { $ref: `#/components/headers/${REQUEST_ID_HEADER}` },
        ...response.headers,
      };
    }
  }
}

const RATE_LIMIT_HEADERS = {
  'RateLimit-Policy': {
    description:
      'The limit that applies to this request (IETF draft `RateLimit-Policy`): `q` requests in any `w`-second window. `default` is the per-key policy; requests without a valid key or session token fall under `anonymous`, per client address. The widget channel has `widget-sessions` (per client address), `widget-messages` and `widget-polls` (per session).',
    schema: { type: 'string', example: '"default";q=60;w=60' },
  },
  RateLimit: {
    description:
      'Where the caller stands (IETF draft `RateLimit`): `r` requests remaining in the window, and in `t` seconds the oldest counted request leaves it (when refused: when a request would be admitted).',
    schema: { type: 'string', example: '"default";r=59;t=60' },
  },
  'Retry-After': {
    description: 'Whole seconds until a request would be admitted.',
    schema: { type: 'integer', example: 7 },
  },
} as const;

/**
 * Every response of a rate-limited operation (one that documents a 429: every operation that needs
 * a key, and the widget's) carries the rate-limit headers (README, Rate limits, CORS and headers); its 429 also `Retry-After`.
 * Declared once, referenced from each response.
 */
function addRateLimitHeaders(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.headers = { ...document.components.headers, ...RATE_LIMIT_HEADERS };
  const ref = (name: keyof typeof RATE_LIMIT_HEADERS) => ({ $ref: `#/components/headers/${name}` });
  for (const operation of operationsOf(document)) {
    if (!operation.responses['429']) continue;
    for (const [status, response] of Object.entries(operation.responses)) {
      if (!response || '$ref' in response) continue;
      response.headers = {
        ...response.headers,
        ...(status === '429' && { 'Retry-After': ref('Retry-After') }),
        'RateLimit-Policy': ref('RateLimit-Policy'),
        RateLimit: ref('RateLimit'),
      };
    }
  }
}

/**
 * The document as one server serves it: that server first among `servers`, so that the docs page's
 * Try it out calls the server that served the page (the page's CSP allows no other).
 */
export function servedBy(document: OpenAPIObject, request: FastifyRequest): OpenAPIObject {
  const origin = `${request.protocol}://${request.host}`;
  return {
    ...document,
    servers: [
      { url: origin, description: 'This server' },
      ...(document.servers ?? []).filter((server) => server.url !== origin),
    ],
  };
}

/** Serves the reference: the UI at `/api/docs`, the document at `/api/docs/openapi.json`. */
export function mountOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: 'api/docs/openapi.yaml',
    customSiteTitle: 'NebulaHex API reference',
    patchDocumentOnRequest: (request, _reply, document) => servedBy(document, request as FastifyRequest),
  });
}
