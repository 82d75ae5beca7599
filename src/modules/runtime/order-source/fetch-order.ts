import { lookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { Agent, request, type Dispatcher } from 'undici';

/*
 * The one place the order lookup touches the network. The SSRF checks here are a stop-gap until
 * the shared guard (`src/common/net/ssrf.ts`, built for webhooks) lands: then `dispatcherFor`
 * returns its safe dispatcher and the checks below go.
 */

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

/** Only public unicast addresses (IPv4-mapped IPv6 judged as the IPv4 address it carries). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** `dns.lookup` that refuses a host resolving to any non-public address, checked at connect time. */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true } as LookupAllOptions, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused || addresses.length === 0) {
      return callback(new OrderFetchError(`${hostname} resolves to a non-public address`), []);
    }
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0].address, addresses[0].family);
  });
}

let publicAgent: Agent | undefined;
let anyAgent: Agent | undefined;

function dispatcherFor(allowPrivate: boolean): Dispatcher {
  if (allowPrivate) return (anyAgent ??= new Agent());
  return (publicAgent ??= new Agent({ connect: { lookup: publicOnlyLookup } }));
}

/** Refuses what can be refused before connecting: the scheme, `localhost` and literal addresses. */
export function checkTarget(url: URL, allowPrivate: boolean): void {
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    throw new OrderFetchError(`order sources must use https${allowPrivate ? ' or http' : ''}`);
  }
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) {
    throw new OrderFetchError('order source host is local');
  }
  if (ipaddr.isValid(host) && !isPublicAddress(host)) {
    throw new OrderFetchError('order source address is not public');
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
