import 'reflect-metadata';
import { AppModule } from '../src/app.module';
import { createHttpApp } from '../src/core/http/create-http-app';
import { exitOnStartupError, prepareRuntime } from '../src/core/startup';
import { AuthGuard, type GuardedRequest } from '../src/modules/auth/auth.guard';
import { ApiKeysService } from '../src/modules/auth/api-keys.service';

/**
 * The API process of `npm run bench:passport`, as `dist/main.js` starts it (the guard finds the key
 * through passport-http-bearer); with `--own-header` the guard reads the bearer header itself and
 * calls the same `ApiKeysService.authenticate`. Everything else — cache, rate limit, role check — is
 * the same code.
 */
async function main(): Promise<void> {
  const runtime = await prepareRuntime({ role: 'api', migrate: false });
  const { config, logger } = runtime;
  const app = await createHttpApp(AppModule.forRoot(config, logger, { api: true, worker: false }), logger, {
    trustProxy: config.trustProxy,
  });
  if (process.argv.includes('--own-header')) {
    const apiKeys = app.get(ApiKeysService);
    app.get(AuthGuard).authenticate = (request: GuardedRequest) => {
      const header = request.headers.authorization;
      const parts = typeof header === 'string' ? header.split(' ') : [];
      const token = parts.length === 2 && /^bearer$/i.test(parts[0]) && parts[1] !== '' ? parts[1] : null;
      return token === null ? Promise.resolve(null) : apiKeys.authenticate(token);
    };
  }
  await app.listen({ port: config.port, host: config.host });
  process.stdout.write(`listening ${config.port}\n`);
}

main().catch(exitOnStartupError);
