// First: tracing, when configured, must patch libraries before anything requires them.
import './core/tracing/register';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { PinoNestLogger } from './core/logging/logger';
import { stopOnSignals } from './core/shutdown';
import { exitOnStartupError, prepareRuntime } from './core/startup';
import { AppModule } from './app.module';

/** The worker process: a Nest application context (no HTTP); N copies may run side by side. */
async function startWorker(): Promise<void> {
  const runtime = await prepareRuntime({ role: 'worker' });
  const { config, logger } = runtime;
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot(config, logger, { api: false, worker: true }),
    {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    },
  ).catch(async (error: unknown) => {
    await runtime.close();
    throw error;
  });
  // The delivery processor stops taking jobs and releases attempts still in flight near the timeout.
  stopOnSignals({
    name: 'worker',
    logger,
    timeoutMs: config.shutdownTimeoutMs,
    close: async () => {
      await app.close();
      await runtime.close();
    },
  });
  runtime.logger.info('NebulaHex worker started');
}

startWorker().catch(exitOnStartupError);
