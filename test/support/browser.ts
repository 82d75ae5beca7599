import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';

/**
 * Headless Chromium from the `@sparticuz/chromium` npm package (the browser ships inside it, so the
 * tests need nothing from the system), driven by playwright-core.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: await sparticuz.executablePath(),
    args: [...sparticuz.args, '--disable-background-networking', '--disable-component-update'],
    headless: true,
  });
}
