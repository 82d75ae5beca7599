import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTarget, fetchOrder, isPublicAddress, OrderFetchError } from './fetch-order';
import { lookupOrder, orderUrl } from './order-source';

describe('order lookup over HTTP', () => {
  let server: Server;
  let base: string;
  const seen: { url?: string; headers: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ url: request.url, headers: request.headers });
      const json = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      switch (request.url) {
        case '/orders/1001':
          return json(200, { status: 'shipped' });
        case '/orders/2002':
          return json(200, { state: 'shipped' });
        case '/orders/3003':
          return json(500, { status: 'broken' });
        case '/orders/4004':
          response.writeHead(200, { 'content-type': 'application/json' });
          return response.end('{"status": "ship');
        case '/orders/5005':
          response.writeHead(302, { location: '/orders/1001' });
          return response.end();
        case '/orders/6006':
          return; // never answers
        case '/orders/7007':
          return json(200, { status: 'x'.repeat(100), padding: 'y'.repeat(70 * 1024) });
        default:
          return json(404, { error: 'not found' });
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const source = () => ({
    type: 'http' as const,
    urlTemplate: `${base}/orders/{orderId}`,
    headers: { Authorization: 'Bearer shop' },
  });
  const allow = { allowPrivate: true, timeoutMs: 300 };

  it('fills the template and sends the source headers', async () => {
    expect(orderUrl(source(), '1001')).toBe(`${base}/orders/1001`);
    const found = await lookupOrder(source(), '1001', allow);
    expect(found).toEqual({ outcome: 'found', status: 'shipped', lookedUpAt: expect.any(String) });
    expect(seen.at(-1)).toMatchObject({
      url: '/orders/1001',
      headers: { authorization: 'Bearer shop', accept: 'application/json' },
    });
  });

  it('answers not_found on 404 and failed on anything else, never throwing', async () => {
    expect(await lookupOrder(source(), '9999', allow)).toEqual({ outcome: 'not_found' });
    for (const id of ['2002', '3003', '4004', '5005', '7007']) {
      const result = await lookupOrder(source(), id, allow);
      expect(result.outcome, id).toBe('failed');
      expect(result).toHaveProperty('reason');
    }
  });

  it('gives up after the timeout', async () => {
    const started = Date.now();
    const result = await lookupOrder(source(), '6006', allow);
    expect(result.outcome).toBe('failed');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses loopback, private and local targets unless private targets are allowed', async () => {
    await expect(fetchOrder(`${base}/orders/1001`, { timeoutMs: 300, allowPrivate: false })).rejects.toThrow(
      OrderFetchError,
    );
    const refused = [
      'https://127.0.0.1/orders/1',
      'https://[::1]/orders/1',
      'https://localhost/orders/1',
      'https://shop.localhost/orders/1',
      'https://10.1.2.3/orders/1',
      'https://192.168.0.10/orders/1',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.0.1/orders/1',
      'https://2130706433/orders/1', // 127.0.0.1 spelled as a number
      'https://0x7f.1/orders/1',
      'https://[::ffff:127.0.0.1]/orders/1',
      'https://[::127.0.0.1]/orders/1', // IPv4-compatible, deprecated
      'https://[::a9fe:a9fe]/latest/meta-data',
      'https://[2002:a9fe:a9fe::1]/orders/1',
      'https://0.0.0.0/orders/1',
      'http://shop.example.com/orders/1', // plain http
    ];
    for (const url of refused) expect(() => checkTarget(new URL(url), false), url).toThrow(OrderFetchError);
    expect(() => checkTarget(new URL('https://shop.example.com/orders/1'), false)).not.toThrow();
    expect(() => checkTarget(new URL('http://127.0.0.1/orders/1'), true)).not.toThrow();
    expect(() => checkTarget(new URL('ftp://shop.example.com/1'), true)).toThrow(OrderFetchError);
    const result = await lookupOrder(source(), '1001', { allowPrivate: false, timeoutMs: 300 });
    expect(result.outcome).toBe('failed');
  });

  it('classifies addresses', () => {
    expect(isPublicAddress('93.184.216.34')).toBe(true);
    expect(isPublicAddress('2606:2800:220:1:248:1893:25c8:1946')).toBe(true);
    for (const address of [
      '127.0.0.1',
      '::1',
      '10.0.0.1',
      'fd00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
      '::7f00:1',
      '::a9fe:a9fe',
      'nonsense',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });
});

describe('order lookup in a sample source', () => {
  const source = { type: 'sample' as const, orders: { '1001': 'shipped', '42': 'being packed' } };

  it('answers the listed orders with their status, and any other id as not found', async () => {
    const found = await lookupOrder(source, '1001', { allowPrivate: false });
    expect(found).toEqual({ outcome: 'found', status: 'shipped', lookedUpAt: expect.any(String) });
    expect(Date.now() - Date.parse((found as { lookedUpAt: string }).lookedUpAt)).toBeLessThan(5_000);
    expect(await lookupOrder(source, '42', { allowPrivate: false })).toMatchObject({
      status: 'being packed',
    });
    for (const id of ['1002', '01001', 'constructor', '__proto__', 'toString']) {
      expect(await lookupOrder(source, id, { allowPrivate: false })).toEqual({ outcome: 'not_found' });
    }
  });
});
