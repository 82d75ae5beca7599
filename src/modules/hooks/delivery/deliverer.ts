import { performance } from 'node:perf_hooks';
import { request, type Dispatcher } from 'undici';
import { checkTargetUrl, UnsafeTargetError } from '../../../common/net/ssrf';
import { signDelivery } from './signature';

export const USER_AGENT = 'NebulaHex-Webhooks/1';
/** How much of a receiver's answer the delivery log keeps. */
export const RESPONSE_SNIPPET_BYTES = 1024;

export interface DeliveryRequest {
  targetUrl: string;
  deliveryId: string;
  eventId: string;
  eventType: string;
  /** The envelope, serialised once: what is signed is exactly what is sent. */
  body: string;
  secrets: string[];
}

export interface AttemptOutcome {
  startedAt: Date;
  succeeded: boolean;
  statusCode: number | null;
  latencyMs: number;
  responseSnippet: string | null;
  error: string | null;
  /** Seconds the receiver asked to wait (`Retry-After` on 429/503), if any. */
  retryAfterSeconds: number | null;
  headers: Record<string, string>;
}

function retryAfter(status: number, value: string | string[] | undefined): number | null {
  if ((status !== 429 && status !== 503) || value === undefined) return null;
  const raw = Array.isArray(value) ? value[0] : value;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim());
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Reads at most `limit` bytes of a body, then stops reading. */
async function readSnippet(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    chunks.push(buffer.subarray(0, limit - size));
    size += Math.min(buffer.length, limit - size);
    if (size >= limit) break;
  }
  body.destroy();
  // PostgreSQL text cannot hold NUL: keep the rest of the snippet readable.
  return Buffer.concat(chunks).toString('utf8').replaceAll('\u0000', '\uFFFD');
}

/**
 * One delivery attempt: POST the signed envelope, follow no redirect, and report what happened.
 * Never throws: every failure (unsafe target, refused, timeout, non-2xx) is an outcome to log.
 */
export async function attemptDelivery(
  delivery: DeliveryRequest,
  options: { dispatcher: Dispatcher; timeoutMs: number; allowPrivate: boolean; signal?: AbortSignal },
): Promise<AttemptOutcome> {
  const startedAt = new Date();
  const started = performance.now();
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': USER_AGENT,
    'X-NebulaHex-Event': delivery.eventType,
    'X-NebulaHex-Delivery': delivery.deliveryId,
    ...signDelivery(delivery.secrets, delivery.eventId, delivery.body, startedAt),
  };
  const outcome = (fields: Partial<AttemptOutcome>): AttemptOutcome => ({
    startedAt,
    succeeded: false,
    statusCode: null,
    responseSnippet: null,
    error: null,
    retryAfterSeconds: null,
    ...fields,
    latencyMs: Math.round(performance.now() - started),
    headers,
  });
  try {
    const url = checkTargetUrl(delivery.targetUrl, { allowPrivate: options.allowPrivate });
    const response = await request(url, {
      method: 'POST',
      headers,
      body: delivery.body,
      dispatcher: options.dispatcher,
      signal: options.signal
        ? AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.signal])
        : AbortSignal.timeout(options.timeoutMs),
    });
    const snippet = await readSnippet(response.body, RESPONSE_SNIPPET_BYTES).catch(() => null);
    const succeeded = response.statusCode >= 200 && response.statusCode < 300;
    return outcome({
      succeeded,
      statusCode: response.statusCode,
      responseSnippet: snippet,
      error: succeeded
        ? null
        : response.statusCode >= 300 && response.statusCode < 400
          ? `redirect to ${String(response.headers.location ?? '?').slice(0, 200)} not followed`
          : `HTTP ${response.statusCode}`,
      retryAfterSeconds: retryAfter(response.statusCode, response.headers['retry-after']),
    });
  } catch (error) {
    const message =
      error instanceof UnsafeTargetError
        ? `unsafe target: ${error.message}`
        : options.signal?.aborted
          ? 'abandoned: the worker is stopping'
          : (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError'
            ? `timed out after ${options.timeoutMs} ms`
            : `${(error as { code?: string }).code ?? 'error'}: ${(error as Error).message}`;
    return outcome({ error: message.slice(0, 500) });
  }
}
