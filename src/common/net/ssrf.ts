import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent } from 'undici';

/**
 * Outbound HTTP to addresses customers choose (webhook targets, order sources) must never reach
 * inside our network (SPEC §6). Two checks, both needed:
 *
 * - `checkTargetUrl`, before any request: the scheme, and hosts that are literal IPs. WHATWG URL
 *   parsing has already turned numeric spellings (`2130706433`, `0x7f.1`, `0177.0.0.1`) and IPv6
 *   forms into canonical addresses, so one classification covers them all.
 * - `createSafeDispatcher`, at connect time, for every attempt: the addresses a host name resolves
 *   to, checked in the socket's own DNS lookup, so a name cannot pass a check and then resolve
 *   elsewhere (DNS rebinding). One forbidden address refuses the whole name.
 *
 * Only global unicast addresses pass; loopback, private, link-local (cloud metadata), CGNAT,
 * unique-local, multicast, reserved, and IPv6 forms embedding IPv4 are judged by the IPv4 inside.
 */

export class UnsafeTargetError extends Error {
  readonly code = 'ERR_NHX_UNSAFE_TARGET';
}

export interface TargetPolicy {
  /** `NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS`: allow http and private addresses (tests, local development). */
  allowPrivate: boolean;
}

/** Why an address may not be reached, or null when it is public unicast. */
export function forbiddenAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    else {
      const range = v6.range();
      // NAT64 (64:ff9b::/96), 6to4 and Teredo carry an IPv4 address a gateway may forward to
      if (range === 'rfc6052' || range === 'rfc6145') {
        const bytes = v6.toByteArray().slice(-4);
        return forbiddenAddressReason(bytes.join('.')) ?? null;
      }
      if (range === '6to4') {
        const bytes = v6.toByteArray().slice(2, 6);
        return forbiddenAddressReason(bytes.join('.')) ?? null;
      }
    }
  }
  const range = parsed.range();
  return range === 'unicast' ? null : `${parsed.toString()} is a ${range} address`;
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
    throw new UnsafeTargetError(policy.allowPrivate ? 'must use http or https' : 'must use https');
  }
  if (url.username || url.password) throw new UnsafeTargetError('must not contain credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === '') throw new UnsafeTargetError('must have a host');
  if (!policy.allowPrivate) {
    if (isIP(host)) {
      const reason = forbiddenAddressReason(host);
      if (reason) throw new UnsafeTargetError(`must not point at a private or reserved address (${reason})`);
    } else if (/(^|\.)localhost\.?$/i.test(host)) {
      throw new UnsafeTargetError('must be a public host name');
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
            return callback(
              new UnsafeTargetError(`${hostname} resolves to a forbidden address (${reason})`),
              '',
              4,
            );
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
