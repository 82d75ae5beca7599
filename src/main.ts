// First: tracing, when configured, must patch libraries before anything requires them.
import './core/tracing/register';
import 'reflect-metadata';
import { AppModule } from './app.module';
import { createHttpApp } from './core/http/create-http-app';
import { stopOnSignals } from './core/shutdown';
import { exitOnStartupError, prepareRuntime, type ProcessRole } from './core/startup';

/**
 * Starts the HTTP API (`role: 'api'`), or API and worker in one process (`role: 'all'`, `npm start`).
 * The API alone never processes queue jobs.
 */
export async function startApi(role: Extract<ProcessRole, 'api' | 'all'>): Promise<void> {
  const runtime = await prepareRuntime({ role, migrate: role === 'all' });
  const { config, logger } = runtime;
  let app: Awaited<ReturnType<typeof createHttpApp>>;
  try {
    app = await createHttpApp(
      AppModule.forRoot(config, logger, { api: true, worker: role === 'all' }),
      logger,
      { trustProxy: config.trustProxy, shutdownHooks: false },
    );
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await runtime.close();
    throw error;
  }
  // Stop accepting, let requests in flight finish (and, all-in-one, webhook attempts), close the
  // database and Redis, then stop the embedded PostgreSQL when it is ours. Requests still open at
  // the timeout lose their connections.
  stopOnSignals({
    name: role === 'all' ? 'NebulaHex' : 'API',
    logger,
    timeoutMs: config.shutdownTimeoutMs,
    close: async () => {
      await app.close();
      await runtime.close();
    },
    atTimeout: () => {
      logger.warn('requests still in flight at NHX_SHUTDOWN_TIMEOUT_MS; closing their connections');
      app.getHttpServer().closeAllConnections();
    },
  });
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  logger.info(
    { url: `http://${host}:${config.port}`, embedded: runtime.embedded },
    'NebulaHex API listening',
  );
}

if (require.main === module) {
  startApi('api').catch(exitOnStartupError);
}
