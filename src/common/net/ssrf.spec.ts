import { lookup } from 'node:dns/promises';
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { checkTargetUrl, createSafeDispatcher, forbiddenAddressReason, UnsafeTargetError } from './ssrf';

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
  'http://example.com/',
  'ftp://example.com/',
  'file:///etc/passwd',
  'https://user:pass@example.com/',
  'not a url',
];

describe('forbiddenAddressReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.1.1', 'carrierGradeNat'],
    ['::1', 'loopback'],
    ['::ffff:192.168.0.1', 'private'],
    ['fd00::1', 'uniqueLocal'],
    ['64:ff9b::7f00:1', 'loopback'],
  ])('%s is refused (%s)', (address, range) => {
    expect(forbiddenAddressReason(address)).toContain(range);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    '%s is allowed',
    (address) => {
      expect(forbiddenAddressReason(address)).toBeNull();
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
