import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The service's security headers, as helmet computes them for its options. The API is served
 * behind CORS to any origin, and the docs page over plain HTTP in development (behind TLS nothing
 * changes), hence the two departures from helmet's defaults.
 */
export const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  crossOriginResourcePolicy: { policy: 'cross-origin' },
};

/**
 * Runs helmet's middleware once against a recording response and returns the headers it set.
 * The options are static (no per-request nonce), so every response gets the same headers: they are
 * computed at start instead of on every request, which `@fastify/helmet` does (it builds helmet's
 * middleware, parsing the CSP directives, per request).
 */
export function securityHeaders(options: HelmetOptions = HELMET_OPTIONS): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name];
    },
  };
  let failure: Error | undefined;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) failure = error instanceof Error ? error : new Error('helmet refused its options');
  });
  if (failure) throw failure;
  return Object.freeze(headers);
}
