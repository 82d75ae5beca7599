import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { ApiModule } from './api.module';
import type { ResolvedConfig } from './core/config/config';
import { CoreModule } from './core/core.module';
import { WorkerModule } from './worker.module';

export interface AppParts {
  api: boolean;
  worker: boolean;
}

/** The root module of a process: the core once, plus the API, the worker, or both (all-in-one). */
@Module({})
export class AppModule {
  static forRoot(config: ResolvedConfig, logger: Logger, parts: AppParts): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, logger),
        ...(parts.api ? [ApiModule] : []),
        ...(parts.worker ? [WorkerModule.forRoot(config, { standalone: !parts.api })] : []),
      ],
    };
  }
}
