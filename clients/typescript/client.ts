import createFetchClient, { type Client, type ClientOptions as FetchClientOptions } from 'openapi-fetch';
import type { paths } from './generated/openapi';

export interface ClientOptions extends Omit<FetchClientOptions, 'baseUrl'> {
  /** Where the API listens, without `/api/v1` (e.g. `https://api.example.com`). */
  baseUrl: string;
  /** A workspace API key (`nhx_sk_…`), sent as `Authorization: Bearer …` on every request. */
  apiKey?: string;
}

/** Every operation of the API document, typed: `client.GET('/api/v1/bots')`, `client.POST(…)`. */
export type NebulaHexClient = Client<paths>;

/**
 * A typed client. Each call answers `{ data, error, response }`: `data` is the typed body of a 2xx,
 * `error` the error envelope of a 4xx or 5xx (`error.error.code`), `response` the raw Response.
 * A request's own `headers` win over the key's (the widget's session token, an `Idempotency-Key`).
 */
export function createClient({ baseUrl, apiKey, headers, ...options }: ClientOptions): NebulaHexClient {
  return createFetchClient<paths>({
    ...options,
    baseUrl,
    headers: { ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}), ...plain(headers) },
  });
}

function plain(headers: ClientOptions['headers']): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers || Array.isArray(headers)) return Object.fromEntries(new Headers(headers));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === null || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}
