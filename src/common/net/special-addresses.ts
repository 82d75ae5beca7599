import ipaddr from 'ipaddr.js';

/**
 * The address blocks an outbound request to a customer-chosen target may not reach, from IANA's
 * IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890, as updated; rows as of 2025), plus
 * the multicast blocks and the IPv4-compatible `::/96`, which those registries leave to the address
 * space registries.
 *
 * Every block is refused, also the few the registry calls globally reachable (`global: true`): they
 * are anycast service addresses (PCP, TURN, AS112, AMT), whose nearest instance may be inside the
 * operator's own network, or overlay identifiers (ORCHIDv2, drone DETs); none is a host a webhook or
 * an order source can be meant to be. Two blocks are not refused as such, because a connection to
 * one of their addresses goes to the IPv4 address inside, which is judged instead:
 *
 * - `::ffff:0:0/96`, IPv4-mapped: the host's own stack connects to the IPv4 address.
 * - `64:ff9b::/96`, the NAT64 well-known prefix: the translator connects to the IPv4 address.
 *
 * The other forms that carry an IPv4 address are refused whole: `64:ff9b:1::/48` (local-use NAT64,
 * its layout is the network's), 6to4 `2002::/16` (the address names a host *behind* the router at
 * the IPv4 address, so a public IPv4 address there says nothing about the host), Teredo
 * `2001::/32`, and the deprecated IPv4-compatible `::/96`, which ipaddr.js calls plain unicast.
 *
 * Outside these blocks an IPv4 address is public. An IPv6 address is public only inside `2000::/3`,
 * the one block IANA's IPv6 Address Space Registry allocates as global unicast; the rest of the
 * IPv6 space is reserved, unique-local, link-local, site-local (deprecated) or multicast.
 */
export interface SpecialBlock {
  cidr: string;
  /** The registry entry's name. */
  name: string;
  rfc: string;
  /** The registry's "Globally Reachable" column (N/A and deprecated entries as false). */
  global: boolean;
  /** A connection goes to the IPv4 address in the last 32 bits; that address is judged instead. */
  embedsIpv4?: true;
}

export const SPECIAL_IPV4_BLOCKS: readonly SpecialBlock[] = [
  { cidr: '0.0.0.0/8', name: '"This network"', rfc: 'RFC 791 §3.2', global: false },
  { cidr: '0.0.0.0/32', name: '"This host on this network"', rfc: 'RFC 1122 §3.2.1.3', global: false },
  { cidr: '10.0.0.0/8', name: 'Private-Use', rfc: 'RFC 1918', global: false },
  { cidr: '100.64.0.0/10', name: 'Shared Address Space', rfc: 'RFC 6598', global: false },
  { cidr: '127.0.0.0/8', name: 'Loopback', rfc: 'RFC 1122 §3.2.1.3', global: false },
  { cidr: '169.254.0.0/16', name: 'Link Local', rfc: 'RFC 3927', global: false },
  { cidr: '172.16.0.0/12', name: 'Private-Use', rfc: 'RFC 1918', global: false },
  { cidr: '192.0.0.0/24', name: 'IETF Protocol Assignments', rfc: 'RFC 6890 §2.1', global: false },
  { cidr: '192.0.0.0/29', name: 'IPv4 Service Continuity Prefix', rfc: 'RFC 7335', global: false },
  { cidr: '192.0.0.8/32', name: 'IPv4 dummy address', rfc: 'RFC 7600', global: false },
  { cidr: '192.0.0.9/32', name: 'Port Control Protocol Anycast', rfc: 'RFC 7723', global: true },
  { cidr: '192.0.0.10/32', name: 'Traversal Using Relays around NAT Anycast', rfc: 'RFC 8155', global: true },
  { cidr: '192.0.0.170/32', name: 'NAT64/DNS64 Discovery', rfc: 'RFC 8880, RFC 7050 §2.2', global: false },
  { cidr: '192.0.0.171/32', name: 'NAT64/DNS64 Discovery', rfc: 'RFC 8880, RFC 7050 §2.2', global: false },
  { cidr: '192.0.2.0/24', name: 'Documentation (TEST-NET-1)', rfc: 'RFC 5737', global: false },
  { cidr: '192.31.196.0/24', name: 'AS112-v4', rfc: 'RFC 7535', global: true },
  { cidr: '192.52.193.0/24', name: 'AMT', rfc: 'RFC 7450', global: true },
  { cidr: '192.88.99.0/24', name: 'Deprecated (6to4 Relay Anycast)', rfc: 'RFC 7526', global: false },
  { cidr: '192.88.99.2/32', name: '6a44-relay anycast address', rfc: 'RFC 6751', global: false },
  { cidr: '192.168.0.0/16', name: 'Private-Use', rfc: 'RFC 1918', global: false },
  { cidr: '192.175.48.0/24', name: 'Direct Delegation AS112 Service', rfc: 'RFC 7534', global: true },
  { cidr: '198.18.0.0/15', name: 'Benchmarking', rfc: 'RFC 2544', global: false },
  { cidr: '198.51.100.0/24', name: 'Documentation (TEST-NET-2)', rfc: 'RFC 5737', global: false },
  { cidr: '203.0.113.0/24', name: 'Documentation (TEST-NET-3)', rfc: 'RFC 5737', global: false },
  { cidr: '240.0.0.0/4', name: 'Reserved', rfc: 'RFC 1112 §4', global: false },
  { cidr: '255.255.255.255/32', name: 'Limited Broadcast', rfc: 'RFC 8190, RFC 919 §7', global: false },
  // IANA IPv4 Multicast Address Space Registry
  { cidr: '224.0.0.0/4', name: 'Multicast', rfc: 'RFC 5771', global: false },
];

export const SPECIAL_IPV6_BLOCKS: readonly SpecialBlock[] = [
  { cidr: '::1/128', name: 'Loopback Address', rfc: 'RFC 4291', global: false },
  { cidr: '::/128', name: 'Unspecified Address', rfc: 'RFC 4291', global: false },
  {
    cidr: '::ffff:0:0/96',
    name: 'IPv4-mapped Address',
    rfc: 'RFC 4291',
    global: false,
    embedsIpv4: true,
  },
  {
    cidr: '64:ff9b::/96',
    name: 'IPv4-IPv6 Translat.',
    rfc: 'RFC 6052',
    global: true,
    embedsIpv4: true,
  },
  { cidr: '64:ff9b:1::/48', name: 'IPv4-IPv6 Translat. (local use)', rfc: 'RFC 8215', global: false },
  { cidr: '100::/64', name: 'Discard-Only Address Block', rfc: 'RFC 6666', global: false },
  { cidr: '100:0:0:1::/64', name: 'Dummy IPv6 Prefix', rfc: 'RFC 9780', global: false },
  { cidr: '2001::/23', name: 'IETF Protocol Assignments', rfc: 'RFC 2928', global: false },
  { cidr: '2001::/32', name: 'TEREDO', rfc: 'RFC 4380, RFC 8190', global: false },
  { cidr: '2001:1::1/128', name: 'Port Control Protocol Anycast', rfc: 'RFC 7723', global: true },
  { cidr: '2001:1::2/128', name: 'Traversal Using Relays around NAT Anycast', rfc: 'RFC 8155', global: true },
  {
    cidr: '2001:1::3/128',
    name: 'DNS-SD Service Registration Protocol Anycast',
    rfc: 'RFC 9665',
    global: true,
  },
  { cidr: '2001:2::/48', name: 'Benchmarking', rfc: 'RFC 5180', global: false },
  { cidr: '2001:3::/32', name: 'AMT', rfc: 'RFC 7450', global: true },
  { cidr: '2001:4:112::/48', name: 'AS112-v6', rfc: 'RFC 7535', global: true },
  { cidr: '2001:10::/28', name: 'Deprecated (previously ORCHID)', rfc: 'RFC 4843', global: false },
  { cidr: '2001:20::/28', name: 'ORCHIDv2', rfc: 'RFC 7343', global: true },
  {
    cidr: '2001:30::/28',
    name: 'Drone Remote ID Protocol Entity Tags (DETs) Prefix',
    rfc: 'RFC 9374',
    global: true,
  },
  { cidr: '2001:db8::/32', name: 'Documentation', rfc: 'RFC 3849', global: false },
  { cidr: '2002::/16', name: '6to4', rfc: 'RFC 3056', global: false },
  { cidr: '2620:4f:8000::/48', name: 'Direct Delegation AS112 Service', rfc: 'RFC 7534', global: true },
  { cidr: '3fff::/20', name: 'Documentation', rfc: 'RFC 9637', global: false },
  { cidr: '5f00::/16', name: 'Segment Routing (SRv6) SIDs', rfc: 'RFC 9602', global: false },
  { cidr: 'fc00::/7', name: 'Unique-Local', rfc: 'RFC 4193, RFC 8190', global: false },
  { cidr: 'fe80::/10', name: 'Link-Local Unicast', rfc: 'RFC 4291', global: false },
  // IANA IPv6 Address Space Registry (outside global unicast, named for clearer refusals)
  { cidr: '::/96', name: 'IPv4-compatible Address (deprecated)', rfc: 'RFC 4291 §2.5.5.1', global: false },
  { cidr: 'fec0::/10', name: 'Site-Local (deprecated)', rfc: 'RFC 3879', global: false },
  { cidr: 'ff00::/8', name: 'Multicast', rfc: 'RFC 4291', global: false },
];

const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

type Parsed = ipaddr.IPv4 | ipaddr.IPv6;
const parsedBlocks = (blocks: readonly SpecialBlock[]) =>
  blocks.map((block) => ({ block, range: ipaddr.parseCIDR(block.cidr) }));
const IPV4 = parsedBlocks(SPECIAL_IPV4_BLOCKS);
const IPV6 = parsedBlocks(SPECIAL_IPV6_BLOCKS);

/** The most specific special-purpose block holding `address`, if any. */
export function specialBlockOf(address: Parsed): SpecialBlock | null {
  let found: { block: SpecialBlock; bits: number } | null = null;
  for (const { block, range } of address.kind() === 'ipv4' ? IPV4 : IPV6) {
    if (address.kind() === range[0].kind() && address.match(range) && (!found || range[1] > found.bits)) {
      found = { block, bits: range[1] };
    }
  }
  return found?.block ?? null;
}

/**
 * Why a connection to `address` may not be made, or null when it may: see the blocks above.
 * `address` is any spelling ipaddr.js reads; anything else is refused.
 */
export function forbiddenAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const parsed = ipaddr.parse(address);
  const block = specialBlockOf(parsed);
  if (block?.embedsIpv4) {
    const ipv4 = ipaddr.fromByteArray((parsed as ipaddr.IPv6).toByteArray().slice(-4)).toString();
    const inner = forbiddenAddressReason(ipv4);
    return inner && `${parsed.toString()} carries ${ipv4} (${block.name}, ${block.rfc}): ${inner}`;
  }
  if (block) return `${parsed.toString()} is in ${block.cidr}, ${block.name} (${block.rfc})`;
  if (parsed.kind() === 'ipv6' && !parsed.match(GLOBAL_UNICAST)) {
    return `${parsed.toString()} is outside 2000::/3, the only global unicast IPv6 space`;
  }
  return null;
}
