import type { OrderSource } from '../../bots/bot-config';
import type { OrderLookup } from '../engine/engine';
import { fetchOrder } from './fetch-order';

/** A customer waits for the answer: an order source gets this long, in all. */
export const ORDER_LOOKUP_TIMEOUT_MS = 5_000;
const MAX_STATUS_LENGTH = 200;

type HttpOrderSource = Extract<OrderSource, { type: 'http' }>;

export function orderUrl(source: HttpOrderSource, orderId: string): string {
  return source.urlTemplate.replaceAll('{orderId}', encodeURIComponent(orderId));
}

/**
 * Looks an order up through a bot's order source. A `sample` source answers from the orders its
 * configuration lists (any other id is not found). Through an HTTP source, a 2xx JSON object with a
 * string `status` is found, 404 not found, anything else (other statuses, timeouts, refused
 * targets, bad JSON) failed. Never throws: the reason of a failure is returned for the log.
 */
export async function lookupOrder(
  source: OrderSource,
  orderId: string,
  options: { allowPrivate: boolean; timeoutMs?: number },
): Promise<OrderLookup & { reason?: string }> {
  if (source.type === 'sample') {
    const status = Object.hasOwn(source.orders, orderId) ? source.orders[orderId] : undefined;
    return status === undefined
      ? { outcome: 'not_found' }
      : { outcome: 'found', status, lookedUpAt: new Date().toISOString() };
  }
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
