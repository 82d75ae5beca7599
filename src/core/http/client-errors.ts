import { STATUS_CODES, maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { ApiError, errorBody } from '../../common/http/errors';
import { newId } from '../../common/ids/ids';

/** How long a refused connection may take to read the answer before it is closed regardless. */
const LINGER_MS = 2_000;

/** The answer to a request Node's HTTP parser refused, by the parser's error code. */
function errorFor(code: string | undefined): ApiError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError(
        431,
        'payload_too_large',
        `The request line and headers are larger than ${maxHeaderSize / 1024} KiB.`,
      );
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new ApiError(
        413,
        'payload_too_large',
        'The chunk extensions of the request body are too large.',
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError(408, 'validation_failed', 'The request was not received in time.');
    default:
      return new ApiError(400, 'validation_failed', 'The request is not valid HTTP/1.1.');
  }
}

interface InFlightResponse {
  writableFinished: boolean;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

type ParsingSocket = Socket & { _httpMessage?: InFlightResponse | null };

/**
 * Fastify's `clientErrorHandler`: requests the HTTP parser refuses (headers or URL over the size
 * limit, a bare CR, `Content-Length` with `Transfer-Encoding`, a timeout) never become a request,
 * so no hook or filter sees them. They are answered here in the error envelope with a request id,
 * while the socket still allows an answer (not after a reset), and only once the responses to the
 * requests before it on the same connection have been sent: written earlier, the error would take
 * their place, and the client would read it as the answer to its previous request.
 */
export function clientErrorHandler(logger: Logger) {
  const handled = new WeakSet<Socket>();
  return (error: Error & { code?: string }, socket: ParsingSocket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed || handled.has(socket)) return;
    handled.add(socket);
    socket.on('error', () => undefined);
    const answerWhenIdle = () => {
      const inFlight = socket._httpMessage;
      if (inFlight && !inFlight.writableFinished) {
        let waited = false;
        const next = () => {
          if (waited) return;
          waited = true;
          answerWhenIdle();
        };
        inFlight.once('finish', next);
        inFlight.once('close', next);
        return;
      }
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      answer(socket, errorFor(error.code), error.code, logger);
    };
    answerWhenIdle();
  };
}

function answer(socket: Socket, error: ApiError, reason: string | undefined, logger: Logger): void {
  const requestId = newId('request');
  const status = error.getStatus();
  const body = JSON.stringify(errorBody(error, requestId));
  logger.info({ requestId, status, reason }, 'request refused by the HTTP parser');
  // End (rather than destroy) and drain what the client still sends: closing a socket with unread
  // bytes makes the kernel reset the connection, and the client could lose the answer.
  socket.resume();
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${requestId}\r\n` +
      'Connection: close\r\n' +
      `\r\n${body}`,
  );
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}
