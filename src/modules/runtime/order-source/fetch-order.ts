import { request, type Agent, type Dispatcher } from 'undici';
import {
  checkTargetUrl,
  createSafeDispatcher,
  forbiddenAddressReason,
  UnsafeTargetError,
} from '../../../common/net/ssrf';

/** The one place the order lookup touches the network; SSRF-checked by the shared guard (`common/net/ssrf.ts`). */

/** Largest order-source answer read; the rest is refused. */
export const MAX_ORDER_RESPONSE_BYTES = 64 * 1024;

export class OrderFetchError extends Error {
  override name = 'OrderFetchError';
}

export interface FetchOrderOptions {
  timeoutMs: number;
  /** `NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS`: loopback and private addresses, and plain http, allowed. */
  allowPrivate: boolean;
  headers?: Record<string, string>;
}

export interface FetchedOrder {
  statusCode: number;
  /** The parsed JSON body of a 2xx answer; undefined otherwise. */
  body: unknown;
}

/** Only addresses the shared guard lets a request reach (see `common/net/special-addresses.ts`). */
export function isPublicAddress(address: string): boolean {
  return forbiddenAddressReason(address) === null;
}

const dispatchers = new Map<boolean, Agent>();

function dispatcherFor(allowPrivate: boolean): Dispatcher {
  let dispatcher = dispatchers.get(allowPrivate);
  if (!dispatcher) {
    dispatcher = createSafeDispatcher({ allowPrivate, timeoutMs: 30_000 });
    dispatchers.set(allowPrivate, dispatcher);
  }
  return dispatcher;
}

/** Refuses what can be refused before connecting: the scheme, `localhost` and literal addresses. */
export function checkTarget(url: URL, allowPrivate: boolean): void {
  try {
    checkTargetUrl(url.toString(), { allowPrivate });
  } catch (error) {
    if (error instanceof UnsafeTargetError) throw new OrderFetchError(`order source ${error.message}`);
    throw error;
  }
}

/**
 * GET an order from an order source: no redirects followed, at most `timeoutMs` in all, at most
 * 64 KiB read. Throws `OrderFetchError` (refused target, network error, timeout, bad body).
 */
export async function fetchOrder(url: string, options: FetchOrderOptions): Promise<FetchedOrder> {
  const target = new URL(url);
  checkTarget(target, options.allowPrivate);
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Dispatcher.ResponseData;
  try {
    response = await request(target, {
      method: 'GET',
      headers: { accept: 'application/json', 'user-agent': 'NebulaHex-OrderLookup/1', ...options.headers },
      dispatcher: dispatcherFor(options.allowPrivate),
      signal,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  } catch (error) {
    throw new OrderFetchError(`order source unreachable: ${(error as Error).message}`, { cause: error });
  }
  if (response.statusCode < 200 || response.statusCode >= 300) {
    await response.body.dump().catch(() => undefined);
    return { statusCode: response.statusCode, body: undefined };
  }
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_ORDER_RESPONSE_BYTES) {
        response.body.destroy();
        throw new OrderFetchError('order source answer is larger than 64 KiB');
      }
      chunks.push(chunk as Buffer);
    }
    return { statusCode: response.statusCode, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch (error) {
    if (error instanceof OrderFetchError) throw error;
    throw new OrderFetchError(`order source answer unreadable: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
