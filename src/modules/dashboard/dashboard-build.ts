import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

/**
 * Where Vite writes the dashboard (`npm run build`). Resolved from the project root, so the same
 * path holds when this file runs from `dist/` (the processes) or from `src/` (the tests).
 */
export const DASHBOARD_DIR = join(__dirname, '..', '..', '..', 'dist', 'dashboard');

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface Build {
  html: string;
  assets: Map<string, { body: Buffer; type: string }>;
}

/**
 * The built app in `dir`, read once: its assets are content-hashed, so they never change under a
 * name. Until a build exists nothing is kept, so building while the server runs is picked up.
 */
export class DashboardBuild {
  private build: Build | undefined;

  constructor(readonly dir: string = DASHBOARD_DIR) {}

  load(): Build | undefined {
    if (this.build) return this.build;
    let html: string;
    try {
      html = readFileSync(join(this.dir, 'index.html'), 'utf8');
    } catch {
      return undefined;
    }
    const assets = new Map<string, { body: Buffer; type: string }>();
    for (const name of readdirSync(join(this.dir, 'assets'))) {
      const type = CONTENT_TYPES[extname(name)];
      if (type) assets.set(name, { body: readFileSync(join(this.dir, 'assets', name)), type });
    }
    this.build = { html, assets };
    return this.build;
  }
}
