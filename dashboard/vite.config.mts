import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The dashboard's build: `dashboard/` → `dist/dashboard/` (after `nest build`, which empties `dist/`).
 * Served by the API at `/dashboard`; file names carry a content hash, so assets are cached for good.
 * JSX is compiled for Preact by Vite's own transformer (no plugin needed).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // The CSP allows no inline script: the module-preload helper stays out of the page.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
