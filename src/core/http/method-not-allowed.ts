import type { FastifyInstance } from 'fastify';
import FindMyWay from 'find-my-way';
import { ApiError } from '../../common/http/errors';
import { sendApiError } from '../../common/http/send-error';

/** How `Allow` lists methods: the usual order, then any other alphabetically. */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const byUsualOrder = (a: string, b: string) => {
  const [i, j] = [METHOD_ORDER.indexOf(a), METHOD_ORDER.indexOf(b)];
  if (i !== -1 && j !== -1) return i - j;
  if (i !== -1 || j !== -1) return i === -1 ? 1 : -1;
  return a.localeCompare(b);
};

/**
 * Answers a request for a known path with a method it does not take (`QUERY` and any other the
 * router has no route for included) with 405 `method_not_allowed` and `Allow`, in the error envelope;
 * an unknown path stays 404. Fastify's router only knows "no route for this method and path", so
 * every route Fastify registers (Nest's controllers, health, metrics, the docs) is also recorded by
 * its path pattern in a second router that ignores methods; a request that found no route asks it
 * which methods the path takes. `OPTIONS` is left out: CORS answers it on every path before routing.
 * A path no route has answers 404 here, before any body is read.
 * Must be called before any route is registered.
 */
export function registerMethodNotAllowed(fastify: FastifyInstance): void {
  const { caseSensitive, ignoreTrailingSlash, ignoreDuplicateSlashes } = fastify.initialConfig;
  const paths = FindMyWay({ caseSensitive, ignoreTrailingSlash, ignoreDuplicateSlashes });
  const methodsByPattern = new Map<string, Set<string>>();
  fastify.addHook('onRoute', (route) => {
    const methods = [route.method].flat().filter((method) => method !== 'OPTIONS');
    if (methods.length === 0) return;
    let known = methodsByPattern.get(route.url);
    if (!known) {
      known = new Set();
      methodsByPattern.set(route.url, known);
      paths.on('GET', route.url, () => undefined, known);
    }
    for (const method of methods) known.add(method);
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.is404) return done();
    const match = paths.find('GET', request.url.split('?', 1)[0]);
    const allowed = match?.store as Set<string> | undefined;
    if (!allowed) {
      // Answered here rather than after body parsing, so an unknown path is a 404 whatever the
      // method and body (Fastify would refuse a QUERY without Content-Type with 400 first).
      return sendApiError(reply, String(request.id), ApiError.notFound('resource'));
    }
    if (allowed.has(request.method)) return done();
    const allow = [...allowed].sort(byUsualOrder).join(', ');
    void reply.header('Allow', allow);
    sendApiError(
      reply,
      String(request.id),
      new ApiError(
        405,
        'method_not_allowed',
        `${request.method} is not allowed here; this path takes ${allow}.`,
      ),
    );
  });
}
