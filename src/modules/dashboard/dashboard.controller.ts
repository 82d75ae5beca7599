import { Controller, Get, HttpStatus, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/decorators/auth.decorator';
import { ApiError } from '../../common/http/errors';
import { DashboardBuild } from './dashboard-build';

/**
 * The single-page app loads its own bundled script and stylesheet and calls the API on its own
 * origin; nothing inline, no other origin, no framing, no forms posted anywhere.
 */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The dashboard (`/dashboard`): the app's HTML for its own path and every client-side route below
 * it, and its hashed assets, cached for a year. The page signs in with a session and calls the
 * documented API; these routes serve files only. Not part of the API reference.
 */
@ApiExcludeController()
@Public()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly build: DashboardBuild) {}

  @Get()
  index(@Res({ passthrough: true }) reply: FastifyReply): string {
    return this.page(reply);
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): Buffer {
    const found = this.build.load()?.assets.get(file);
    if (!found) throw ApiError.notFound('dashboard asset');
    void reply
      .header('Content-Type', found.type)
      .header('Cache-Control', 'public, max-age=31536000, immutable');
    return found.body;
  }

  /** Client-side routes (`/dashboard/sign-in`, `/dashboard/settings/api-keys`, …) get the app. */
  @Get('*')
  route(@Res({ passthrough: true }) reply: FastifyReply): string {
    return this.page(reply);
  }

  private page(reply: FastifyReply): string {
    const found = this.build.load();
    if (!found) {
      throw new ApiError(
        HttpStatus.SERVICE_UNAVAILABLE,
        'unavailable',
        'The dashboard is not built: run `npm run build`.',
      );
    }
    void reply
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Content-Security-Policy', DASHBOARD_CSP)
      .header('Cache-Control', 'no-cache');
    return found.html;
  }
}
