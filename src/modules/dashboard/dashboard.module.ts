import { Module } from '@nestjs/common';
import { DashboardBuild } from './dashboard-build';
import { DashboardController } from './dashboard.controller';

/** The dashboard's single-page app, served at `/dashboard` (built by Vite from `dashboard/`). */
@Module({
  controllers: [DashboardController],
  providers: [{ provide: DashboardBuild, useFactory: () => new DashboardBuild() }],
})
export class DashboardModule {}
