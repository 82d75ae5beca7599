import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import pino from 'pino';
import { AppModule } from './app.module';
import type { ResolvedConfig } from './core/config/config';
import { loadConfig } from './core/config/config';
import { buildOpenApiDocument } from './core/http/openapi';

/** The committed reference file, generated from the built code (the Swagger plugin runs at build). */
export const OPENAPI_FILE = join(__dirname, '..', 'openapi.json');

/**
 * Builds the OpenAPI document without a database: Nest's preview mode resolves the module graph
 * and controllers but instantiates no provider.
 */
export async function generateOpenApi(): Promise<string> {
  const config: ResolvedConfig = {
    ...loadConfig({}),
    databaseUrl: 'postgres://unused@127.0.0.1:1/unused',
    databaseDirectUrl: 'postgres://unused@127.0.0.1:1/unused',
    secretKey: Buffer.alloc(32),
  };
  const logger = pino({ level: 'silent' });
  const app = await NestFactory.create(
    AppModule.forRoot(config, logger, { api: true, worker: false }),
    new FastifyAdapter(),
    {
      preview: true,
      logger: false,
    },
  );
  const document = buildOpenApiDocument(app);
  await app.close();
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (require.main === module) {
  void generateOpenApi().then((text) => {
    if (process.argv.includes('--stdout')) process.stdout.write(text);
    else writeFileSync(OPENAPI_FILE, text);
  });
}
