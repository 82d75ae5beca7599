import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../common/http/errors';
import { checkJsonDepth, refusedStrings } from '../../common/http/input-rules';

const NOT_UTF8 = 'The request body is not valid JSON: it is not UTF-8.';

/**
 * Where client input enters, before any guard, pipe or handler: JSON bodies are parsed by
 * Fastify's own parser (which refuses `__proto__` and `constructor.prototype` keys), but from
 * strictly decoded UTF-8 and only up to `MAX_JSON_DEPTH` levels, so that class-transformer's
 * recursion never meets a body deep enough to overflow the stack. Then every string of the body,
 * the query string and the path parameters is held to the same rule, whatever DTO (if any) the
 * route has.
 */
export function registerInputRules(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  // Fastify decodes bodies leniently: invalid bytes would become U+FFFD, data other than what was sent.
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new ApiError(400, 'malformed_json', NOT_UTF8), undefined);
      return;
    }
    void parseJson(request, text, (error, value) => {
      if (error) return done(error, undefined);
      const tooDeep = checkJsonDepth(value);
      if (tooDeep) return done(tooDeep, undefined);
      done(null, value);
    });
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    const details = [
      ...refusedStrings(request.params),
      ...refusedStrings(request.query),
      ...refusedStrings(request.body),
    ];
    done(details.length > 0 ? ApiError.validation(details) : undefined);
  });
}
