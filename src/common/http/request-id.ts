import type { IncomingMessage } from 'node:http';
import { newId } from '../ids/ids';

const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echoes a caller's well-formed `X-Request-Id`; otherwise mints `req_…`. */
export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : newId('request');
}
