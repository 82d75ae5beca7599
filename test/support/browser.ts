import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';

/**
 * Headless Chromium from the `@sparticuz/chromium` npm package (the browser ships inside it, so the
 * tests need nothing from the system), driven by playwright-core. It runs as a single process:
 * keep one page open for the browser's lifetime (closing the last page can end it).
 *
 * `@sparticuz/chromium`'s flags turn the same-origin policy off (`--disable-web-security`); CORS
 * tests need it on (`webSecurity: true`).
 */
export async function launchBrowser(options: { webSecurity?: boolean } = {}): Promise<Browser> {
  const args = options.webSecurity
    ? sparticuz.args.filter((arg) => arg !== '--disable-web-security')
    : sparticuz.args;
  return chromium.launch({
    executablePath: await sparticuz.executablePath(),
    args: [...args, '--disable-background-networking', '--disable-component-update'],
    headless: true,
  });
}
