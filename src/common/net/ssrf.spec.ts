import { lookup } from 'node:dns/promises';
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import ipaddr from 'ipaddr.js';
import { SPECIAL_IPV4_BLOCKS, SPECIAL_IPV6_BLOCKS } from './special-addresses';
import {
  checkTargetUrl,
  createSafeDispatcher,
  forbiddenAddressReason,
  safeLookup,
  UnsafeTargetError,
} from './ssrf';

const strict = { allowPrivate: false };

/** Hostile targets: every one must be refused with private targets disallowed. `PORT` is a live local socket. */
const HOSTILE = [
  'http://127.0.0.1:PORT/',
  'https://127.0.0.1:PORT/',
  'https://127.1:PORT/',
  'https://127.0.0.255:PORT/',
  'https://2130706433:PORT/',
  'https://0x7f000001:PORT/',
  'https://0x7f.0.0.1:PORT/',
  'https://0177.0.0.1:PORT/',
  'https://017700000001:PORT/',
  'https://0:PORT/',
  'https://0.0.0.0:PORT/',
  'https://localhost:PORT/',
  'https://LOCALHOST:PORT/',
  'https://api.localhost:PORT/',
  'https://[::1]:PORT/',
  'https://[0:0:0:0:0:0:0:1]:PORT/',
  'https://[::]:PORT/',
  'https://[::ffff:127.0.0.1]:PORT/',
  'https://[::ffff:7f00:1]:PORT/',
  'https://[::ffff:10.0.0.1]:PORT/',
  'https://[64:ff9b::127.0.0.1]:PORT/',
  'https://[64:ff9b::a9fe:a9fe]:PORT/',
  'https://[2002:7f00:1::]:PORT/',
  'https://[fe80::1]:PORT/',
  'https://[fc00::1]:PORT/',
  'https://[fd00:ec2::254]:PORT/',
  'https://[ff02::1]:PORT/',
  'https://10.0.0.1/',
  'https://10.255.255.255/',
  'https://172.16.0.1/',
  'https://172.31.255.254/',
  'https://192.168.1.1/',
  'https://169.254.169.254/latest/meta-data/',
  'https://169.254.0.1/',
  'https://100.64.0.1/',
  'https://100.127.255.254/',
  'https://224.0.0.1/',
  'https://255.255.255.255/',
  'https://192.0.0.1/',
  'https://198.18.0.1/',
  'https://240.0.0.1/',
  'https://0xa9fea9fe/',
  'https://2852039166/',
  'https://HOSTNAME:PORT/',
  'https://localhost.:PORT/',
  'https://[::ffff:a9fe:a9fe]/',
  // IPv4-compatible (::/96, deprecated): ipaddr.js files these as unicast
  'https://[::127.0.0.1]:PORT/',
  'https://[::7f00:1]:PORT/',
  'https://[::a9fe:a9fe]/latest/meta-data/',
  'https://[::10.0.0.1]/',
  'https://[::8.8.8.8]/',
  // other forms carrying an IPv4 address
  'https://[::ffff:0:7f00:1]:PORT/',
  'https://[64:ff9b:1::a9fe:a9fe]/',
  'https://[2002:a9fe:a9fe::1]/',
  'https://[2002:808:808::1]/',
  'https://[2001:0:4136:e378:8000:63bf:80ff:fffe]:PORT/',
  // special-purpose and reserved IPv6 blocks
  'https://[100::1]/',
  'https://[2001:db8::1]/',
  'https://[3fff::1]/',
  'https://[5f00::1]/',
  'https://[fec0::1]/',
  'https://[4000::1]/',
  'https://198.51.100.7/',
  'https://203.0.113.7/',
  'https://192.88.99.1/',
  'https://192.0.0.9/',
  'http://example.com/',
  'ftp://example.com/',
  'file:///etc/passwd',
  'https://user:pass@example.com/',
  'not a url',
];

describe('forbiddenAddressReason', () => {
  it.each([
    ['127.0.0.1', 'Loopback'],
    ['10.1.2.3', 'Private-Use'],
    ['169.254.169.254', 'Link Local'],
    ['100.64.1.1', 'Shared Address Space'],
    ['0.1.2.3', 'This network'],
    ['192.0.0.9', 'Port Control Protocol Anycast'],
    ['224.0.0.251', 'Multicast'],
    ['::1', 'Loopback'],
    ['::', 'Unspecified'],
    ['::ffff:192.168.0.1', 'Private-Use'],
    ['fd00::1', 'Unique-Local'],
    ['64:ff9b::7f00:1', 'Loopback'],
    ['64:ff9b::a9fe:a9fe', 'Link Local'],
    ['::7f00:1', 'IPv4-compatible'],
    ['::a9fe:a9fe', 'IPv4-compatible'],
    ['::808:808', 'IPv4-compatible'],
    ['::ffff:0:7f00:1', 'outside 2000::/3'],
    ['64:ff9b:1::808:808', 'local use'],
    ['2002:808:808::1', '6to4'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'TEREDO'],
    ['2001:2::1', 'Benchmarking'],
    ['2001:20::1', 'ORCHIDv2'],
    ['3fff::1', 'Documentation'],
    ['5f00::1', 'SRv6'],
    ['100:0:0:1::1', 'Dummy'],
    ['fec0::1', 'Site-Local'],
    ['ff02::1', 'Multicast'],
    ['4000::1', 'outside 2000::/3'],
  ])('%s is refused (%s)', (address, name) => {
    expect(forbiddenAddressReason(address)).toContain(name);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.15.255.255',
    '172.32.0.0',
    '100.128.0.0',
    '2606:4700:4700::1111',
    '2001:200::1',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('%s is allowed', (address) => {
    expect(forbiddenAddressReason(address)).toBeNull();
  });

  it.each([...SPECIAL_IPV4_BLOCKS, ...SPECIAL_IPV6_BLOCKS].map((block) => [block.cidr, block] as const))(
    '%s: its first and last addresses are refused, by name',
    (_cidr, block) => {
      const [network, bits] = ipaddr.parseCIDR(block.cidr);
      const bytes = network.toByteArray();
      const last = bytes.map((byte, i) => {
        const hostBits = Math.min(8, Math.max(0, (i + 1) * 8 - bits));
        return byte | ((1 << hostBits) - 1);
      });
      for (const address of [network, ipaddr.fromByteArray(last)].map(String)) {
        const reason = forbiddenAddressReason(address);
        if (block.embedsIpv4) {
          // judged by the IPv4 address inside: 0.0.0.0 and 255.255.255.255 are both refused
          expect(reason, address).toContain(block.name);
        } else {
          expect(reason, address).not.toBeNull();
        }
      }
    },
  );
});

describe('safeLookup', () => {
  it.each(['::7f00:1', '::a9fe:a9fe', '127.0.0.1', '::ffff:169.254.169.254'])(
    'refuses a name resolving to %s',
    async (address) => {
      // dns.lookup answers an address literal with itself: the same path a resolved name takes.
      const error = await new Promise<Error | null>((resolve) =>
        safeLookup(strict)(address, {}, (err) => resolve(err)),
      );
      expect(error).toBeInstanceOf(UnsafeTargetError);
    },
  );
});

describe('hostile targets', () => {
  let server: Server;
  let port = 0;
  let accepted = 0;

  beforeAll(async () => {
    server = createServer((socket) => {
      accepted += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it(`refuses all ${HOSTILE.length} at check time or connect time, and none reaches the listening socket`, async () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(40);
    const dispatcher = createSafeDispatcher({ ...strict, timeoutMs: 2_000 });
    const outcomes = await Promise.all(
      HOSTILE.map(async (template) => {
        const target = template.replace('PORT', String(port)).replace('HOSTNAME', hostname());
        try {
          const url = checkTargetUrl(target, strict);
          await request(url, { method: 'POST', body: '{}', dispatcher });
          return `${target}: reached`;
        } catch (error) {
          return error instanceof UnsafeTargetError ? 'refused' : `${target}: ${(error as Error).message}`;
        }
      }),
    );
    expect(outcomes.filter((outcome) => outcome !== 'refused')).toEqual([]);
    expect(accepted).toBe(0);
    await dispatcher.close();
  });

  it('refuses at connect time a name that resolves to a private address', async () => {
    // The machine's own name passes the URL check and resolves (through /etc/hosts) to itself.
    const name = hostname();
    const resolved = await lookup(name, { all: true });
    expect(
      resolved.some(({ address }) => forbiddenAddressReason(address) !== null),
      name,
    ).toBe(true);
    const dispatcher = createSafeDispatcher({ ...strict, timeoutMs: 2_000 });
    const url = checkTargetUrl(`https://${name}:${port}/`, strict);
    await expect(request(url, { method: 'POST', body: '{}', dispatcher })).rejects.toBeInstanceOf(
      UnsafeTargetError,
    );
    expect(accepted).toBe(0);
    await dispatcher.close();
  });

  it('allows local plain-http targets when private targets are allowed', async () => {
    expect(checkTargetUrl(`http://127.0.0.1:${port}/hook`, { allowPrivate: true }).port).toBe(String(port));
    expect(() => checkTargetUrl('ftp://127.0.0.1/', { allowPrivate: true })).toThrow(UnsafeTargetError);
  });
});

describe('refusals a local developer can lift', () => {
  const HINT = /NHX_WEBHOOK_ALLOW_PRIVATE_TARGETS=true/;
  const refusal = (target: string) => {
    try {
      checkTargetUrl(target, strict);
    } catch (error) {
      return (error as Error).message;
    }
    return 'allowed';
  };

  it.each([
    ['http://shop.example.com/hook', /^must use https; /],
    [
      'https://127.0.0.1:3000/hook',
      /^must not point at a private or reserved address \(127\.0\.0\.1 is in 127\.0\.0\.0\/8, Loopback/,
    ],
    ['https://10.1.2.3/hook', /^must not point at a private or reserved address/],
    ['https://localhost/hook', /^must be a public host name; /],
  ])('%s names the variable that allows it', (target, reason) => {
    const message = refusal(target);
    expect(message).toMatch(reason);
    expect(message).toMatch(HINT);
    expect(() => checkTargetUrl(target, { allowPrivate: true })).not.toThrow();
  });

  it.each(['ftp://shop.example.com/hook', 'https://user:pw@shop.example.com/hook'])(
    '%s is refused without the hint: the variable does not allow it',
    (target) => {
      expect(refusal(target)).not.toMatch(HINT);
      expect(() => checkTargetUrl(target, { allowPrivate: true })).toThrow(UnsafeTargetError);
    },
  );

  it('names it at connect time too', async () => {
    const error = await new Promise<Error | null>((resolve) =>
      safeLookup(strict)('127.0.0.1', {}, (err) => resolve(err)),
    );
    expect(error?.message).toMatch(HINT);
  });
});
