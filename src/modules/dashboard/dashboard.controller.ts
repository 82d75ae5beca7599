import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Controller, Get, HttpStatus, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/decorators/auth.decorator';
import { ApiError } from '../../common/http/errors';

/**
 * Where Vite writes the dashboard (`npm run build`). Resolved from the project root, so the same
 * path holds when this file runs from `dist/` (the processes) or from `src/` (the tests).
 */
export const DASHBOARD_DIR = join(__dirname, '..', '..', '..', 'dist', 'dashboard');

/**
 * The single-page app loads its own bundled script and stylesheet and calls the API on its own
 * origin; nothing inline, no other origin, no framing, no forms posted anywhere.
 */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

interface Build {
  html: string;
  assets: Map<string, { body: Buffer; type: string }>;
}

/**
 * Reads the built app once (its assets are content-hashed, so they never change under a name).
 * Until a build exists nothing is cached, so building while the server runs is picked up.
 */
let build: Build | undefined;
function loadBuild(): Build | undefined {
  if (build) return build;
  let html: string;
  try {
    html = readFileSync(join(DASHBOARD_DIR, 'index.html'), 'utf8');
  } catch {
    return undefined;
  }
  const assets = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(join(DASHBOARD_DIR, 'assets'))) {
    const type = CONTENT_TYPES[extname(name)];
    if (type) assets.set(name, { body: readFileSync(join(DASHBOARD_DIR, 'assets', name)), type });
  }
  build = { html, assets };
  return build;
}

/**
 * The dashboard (`/dashboard`): the app's HTML for its own path and every client-side route below
 * it, and its hashed assets, cached for a year. The page signs in with a session and calls the
 * documented API; these routes serve files only. Not part of the API reference.
 */
@ApiExcludeController()
@Public()
@Controller('dashboard')
export class DashboardController {
  @Get()
  index(@Res({ passthrough: true }) reply: FastifyReply): string {
    return page(reply);
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): Buffer {
    const found = loadBuild()?.assets.get(file);
    if (!found) throw ApiError.notFound('dashboard asset');
    void reply
      .header('Content-Type', found.type)
      .header('Cache-Control', 'public, max-age=31536000, immutable');
    return found.body;
  }

  /** Client-side routes (`/dashboard/sign-in`, `/dashboard/settings/api-keys`, …) get the app. */
  @Get('*')
  route(@Res({ passthrough: true }) reply: FastifyReply): string {
    return page(reply);
  }
}

function page(reply: FastifyReply): string {
  const found = loadBuild();
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
