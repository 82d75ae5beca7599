import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-app';

/**
 * Requests Node's HTTP parser refuses never reach Fastify's routing: they are sent here over raw
 * sockets, since no HTTP client would write them.
 */

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes `request` on a fresh connection and reads until the server closes it. */
function exchange(port: number, request: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within 5 s; received ${JSON.stringify(Buffer.concat(chunks).toString())}`));
    }, 5_000);
    socket.on('data', (chunk) => chunks.push(chunk));
    // A reset after the answer was read still leaves the answer to check.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.write(request);
  });
}

/** Splits a byte stream of HTTP/1.1 responses (each with a Content-Length) into responses. */
function parseResponses(raw: string): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    expect(end, `an incomplete response: ${JSON.stringify(rest)}`).toBeGreaterThan(0);
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const headers = Object.fromEntries(
      lines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
      }),
    );
    const length = Number(headers['content-length']);
    responses.push({
      status: Number(statusLine.split(' ')[1]),
      headers,
      body: rest.slice(end + 4, end + 4 + length),
    });
    rest = rest.slice(end + 4 + length);
  }
  return responses;
}

function expectEnvelope(response: RawResponse, status: number, code: string): void {
  expect(response.status, JSON.stringify(response)).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const requestId = response.headers['x-request-id'];
  expect(requestId).toMatch(/^req_[0-9A-Za-z]+$/);
  expect(JSON.parse(response.body)).toEqual({
    error: { code, message: expect.any(String), requestId, details: [] },
  });
}

describe('requests the HTTP parser refuses', () => {
  let api: TestApi;
  let port: number;

  beforeAll(async () => {
    api = await startTestApi();
    port = Number(new URL(api.baseUrl).port);
  });
  afterAll(async () => {
    await api?.close();
  });

  const only = async (request: string | Buffer) => {
    const responses = parseResponses(await exchange(port, request));
    expect(responses).toHaveLength(1);
    return responses[0];
  };

  it('answers headers over 16 KiB with 431 in the envelope', async () => {
    const response = await only(
      `GET /api/v1/bots HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(17 * 1024)}\r\n\r\n`,
    );
    expectEnvelope(response, 431, 'payload_too_large');
    expect(response.headers.connection).toBe('close');
  });

  it('answers a URL over the limit with 431 in the envelope', async () => {
    const response = await only(
      `GET /api/v1/bots?cursor=${'a'.repeat(20 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expectEnvelope(response, 431, 'payload_too_large');
  });

  it('answers a bare CR in a header with 400 in the envelope', async () => {
    const response = await only('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Evil: a\rb\r\n\r\n');
    expectEnvelope(response, 400, 'validation_failed');
  });

  it('answers Content-Length together with Transfer-Encoding with 400 in the envelope', async () => {
    const response = await only(
      'POST /api/v1/auth/keys HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    );
    expectEnvelope(response, 400, 'validation_failed');
  });

  it('answers garbage that is not HTTP with 400 in the envelope', async () => {
    expectEnvelope(await only('\u0016\u0003\u0001\u0000\u00a5\u0001\r\n\r\n'), 400, 'validation_failed');
  });

  it('answers a refused request after an answered one on the same connection, each in its own response', async () => {
    const responses = parseResponses(
      await exchange(
        port,
        'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nX-Evil: a\rb\r\n\r\n',
      ),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 400]);
    expect(JSON.parse(responses[0].body)).toEqual({ status: 'ok' });
    expectEnvelope(responses[1], 400, 'validation_failed');
    expect(responses[1].headers['x-request-id']).not.toBe(responses[0].headers['x-request-id']);
  });

  it('keeps serving well-formed requests', async () => {
    const response = await only('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(response.status).toBe(200);
    expect(response.headers['x-request-id']).toMatch(/^req_/);
  });
});
