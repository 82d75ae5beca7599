import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { API_KEY_SECURITY } from '../../common/decorators/auth.decorator';

export const DOCS_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs/openapi.json';

const DESCRIPTION = `Read your bots and conversations, act on live conversations, manage API keys and subscribe to
signed webhooks. Every request needs \`Authorization: Bearer nhx_sk_…\` with a workspace API key; every
error answers \`{"error":{"code","message","requestId","details"}}\`.`;

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('NebulaHex API')
    .setVersion('1.0.0')
    .setDescription(DESCRIPTION)
    .addServer('https://nebulahex.com', 'Production')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'nhx_sk_…', description: 'A workspace API key.' },
      API_KEY_SECURITY,
    )
    .setLicense('Proprietary', 'https://nebulahex.com/terms')
    .setContact('NebulaHex', 'https://nebulahex.com', 'api@nebulahex.com')
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
}

/** Serves the reference: the UI at `/api/docs`, the document at `/api/docs/openapi.json`. */
export function mountOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: 'api/docs/openapi.yaml',
    customSiteTitle: 'NebulaHex API reference',
  });
}
