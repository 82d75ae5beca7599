import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';

/** The dashboard's single-page app, served at `/dashboard` (built by Vite from `dashboard/`). */
@Module({ controllers: [DashboardController] })
export class DashboardModule {}
