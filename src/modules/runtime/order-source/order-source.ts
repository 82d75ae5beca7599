import type { BotConfig } from '../../bots/bot-config';
import type { OrderLookup } from '../engine/engine';
import { fetchOrder } from './fetch-order';

/** A customer waits for the answer: an order source gets this long, in all. */
export const ORDER_LOOKUP_TIMEOUT_MS = 5_000;
const MAX_STATUS_LENGTH = 200;

export function orderUrl(source: NonNullable<BotConfig['orderSource']>, orderId: string): string {
  return source.urlTemplate.replaceAll('{orderId}', encodeURIComponent(orderId));
}

/**
 * Looks an order up through a bot's HTTP order source: a 2xx JSON object with a string `status` is
 * found, 404 not found, anything else (other statuses, timeouts, refused targets, bad JSON) failed.
 * Never throws: the reason of a failure is returned for the log.
 */
export async function lookupOrder(
  source: NonNullable<BotConfig['orderSource']>,
  orderId: string,
  options: { allowPrivate: boolean; timeoutMs?: number },
): Promise<OrderLookup & { reason?: string }> {
  try {
    const { statusCode, body } = await fetchOrder(orderUrl(source, orderId), {
      timeoutMs: options.timeoutMs ?? ORDER_LOOKUP_TIMEOUT_MS,
      allowPrivate: options.allowPrivate,
      headers: source.headers,
    });
    if (statusCode === 404) return { outcome: 'not_found' };
    const status = (body as { status?: unknown } | null | undefined)?.status;
    if (statusCode >= 300) return { outcome: 'failed', reason: `order source answered ${statusCode}` };
    if (typeof status !== 'string' || status.trim() === '' || status.length > MAX_STATUS_LENGTH) {
      return { outcome: 'failed', reason: 'order source answer has no string `status`' };
    }
    return { outcome: 'found', status: status.trim(), lookedUpAt: new Date().toISOString() };
  } catch (error) {
    return { outcome: 'failed', reason: (error as Error).message };
  }
}
