import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../common/decorators/auth.decorator';
import { ApiError } from '../../common/http/errors';
import { isId } from '../../common/ids/ids';

const ASSETS = join(__dirname, 'demo');

/**
 * The page allows its own script, style and API calls and nothing else: no inline script or style
 * anywhere, so it runs under the strictest policy.
 */
export const DEMO_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const cache = new Map<string, string>();
function asset(name: string): string {
  let content = cache.get(name);
  if (content === undefined) {
    content = readFileSync(join(ASSETS, name), 'utf8');
    cache.set(name, content);
  }
  return content;
}

/**
 * A demo chat page for a bot (`/widget/demo/{botId}`): static HTML, CSS and a script that talks
 * to the widget API, so a person can try a bot in a browser. Not part of the API reference.
 */
@ApiExcludeController()
@Public()
@Controller('widget')
export class WidgetDemoController {
  @Get('demo/:botId')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', DEMO_CSP)
  @Header('Cache-Control', 'no-store')
  page(@Param('botId') botId: string): string {
    // The id's shape (letters, digits, `_`) is checked first: it is written into the page.
    if (!isId('bot', botId)) throw ApiError.notFound('bot');
    return asset('demo.html').replace('{{botId}}', botId);
  }

  @Get('assets/demo.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  script(): string {
    return asset('demo.js');
  }

  @Get('assets/demo.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  style(): string {
    return asset('demo.css');
  }
}
