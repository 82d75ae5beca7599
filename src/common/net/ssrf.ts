import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { forbiddenAddressReason } from './special-addresses';

/**
 * Outbound HTTP to addresses customers choose (webhook targets, order sources) must never reach
 * inside our network. Two checks, both needed:
 *
 * - `checkTargetUrl`, before any request and when a target is stored: the scheme, credentials, and
 *   hosts that are literal IPs. WHATWG URL parsing has already turned numeric spellings
 *   (`2130706433`, `0x7f.1`, `0177.0.0.1`) and IPv6 forms into canonical addresses, so one
 *   classification covers them all.
 * - `createSafeDispatcher`, at connect time, for every attempt: the addresses a host name resolves
 *   to, checked in the socket's own DNS lookup, so a name cannot pass a check and then resolve
 *   elsewhere (DNS rebinding). One forbidden address refuses the whole name.
 *
 * Which addresses are forbidden is `forbiddenAddressReason` (`special-addresses.ts`): every block
 * of IANA's special-purpose registries, multicast, and IPv6 outside global unicast.
 */

export { forbiddenAddressReason };

export class UnsafeTargetError extends Error {
  readonly code = 'ERR_NHX_UNSAFE_TARGET';
}

/** What lifts the refusals that only protect a shared deployment; named so a local developer finds it. */
const LOCAL_TARGETS_HINT =
  'set NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS=true on the server to allow http and loopback or private addresses';

/** A refusal that `NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS` lifts, saying so. */
const liftable = (message: string) => new UnsafeTargetError(`${message}; ${LOCAL_TARGETS_HINT}`);

export interface TargetPolicy {
  /** `NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS`: allow http and private addresses (tests, local development). */
  allowPrivate: boolean;
}

/** Validates a target URL before any request; throws UnsafeTargetError with a message safe to show. */
export function checkTargetUrl(raw: string, policy: TargetPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeTargetError('must be an absolute URL');
  }
  const allowed = policy.allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!allowed.includes(url.protocol)) {
    if (policy.allowPrivate) throw new UnsafeTargetError('must use http or https');
    throw url.protocol === 'http:' ? liftable('must use https') : new UnsafeTargetError('must use https');
  }
  if (url.username || url.password) throw new UnsafeTargetError('must not contain credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === '') throw new UnsafeTargetError('must have a host');
  if (!policy.allowPrivate) {
    if (isIP(host)) {
      const reason = forbiddenAddressReason(host);
      if (reason) throw liftable(`must not point at a private or reserved address (${reason})`);
    } else if (/(^|\.)localhost\.?$/i.test(host)) {
      throw liftable('must be a public host name');
    }
  }
  return url;
}

/** A `lookup` for sockets that refuses names resolving to any forbidden address. */
export function safeLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 4);
      if (!policy.allowPrivate) {
        for (const { address } of addresses) {
          const reason = forbiddenAddressReason(address);
          if (reason) {
            return callback(liftable(`${hostname} resolves to a forbidden address (${reason})`), '', 4);
          }
        }
      }
      if (addresses.length === 0) return callback(new UnsafeTargetError(`${hostname} has no address`), '', 4);
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * An undici dispatcher for customer-chosen targets: connect-time address checks, no redirects
 * (undici's `request` follows none), bounded connection reuse.
 */
export function createSafeDispatcher(policy: TargetPolicy & { timeoutMs: number }): Agent {
  return new Agent({
    connect: { lookup: safeLookup(policy), timeout: policy.timeoutMs },
    headersTimeout: policy.timeoutMs,
    bodyTimeout: policy.timeoutMs,
    keepAliveTimeout: 4_000,
    connections: 64,
  });
}
