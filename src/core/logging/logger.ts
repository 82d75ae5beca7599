import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Level, type Logger, type LoggerOptions } from 'pino';
import type { LogLevel } from '../config/config';
import { isErrorLike, maskTokens, safeErrorMessage, serializeError, stackFrames } from './redaction';

/** Paths pino blanks in every log line, wherever they appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'authorization',
  '*.authorization',
  'key',
  '*.key',
  'secret',
  '*.secret',
  'signingSecret',
  '*.signingSecret',
  'password',
  '*.password',
];

/**
 * The safety rules every process's log lines pass through (see `redaction.ts`): errors are
 * serialized by `serializeError`, a line whose message would default to an error's message gets
 * its safe message instead, and key-shaped tokens are masked in the finished line, whatever field
 * (path, message, stack) holds them.
 */
export const SAFE_LOGGING: Pick<LoggerOptions, 'serializers' | 'hooks'> = {
  serializers: { err: serializeError, error: serializeError },
  hooks: {
    logMethod(args, method) {
      const [first, second] = args as unknown[];
      if (isErrorLike(first)) {
        const rest = args.slice(typeof second === 'string' ? 2 : 1);
        const message = typeof second === 'string' ? second : safeErrorMessage(first);
        return method.apply(this, [{ err: first }, message, ...rest] as Parameters<typeof method>);
      }
      if (typeof first === 'object' && first !== null && second === undefined) {
        const fields = first as { err?: unknown; msg?: unknown };
        if (isErrorLike(fields.err) && fields.msg === undefined) {
          return method.apply(this, [first, safeErrorMessage(fields.err)] as Parameters<typeof method>);
        }
      }
      return method.apply(this, args);
    },
    streamWrite: maskTokens,
  },
};

/**
 * JSON lines on stdout, or on stderr (fd 2) for the CLI, whose stdout is its JSON answer (or into
 * any stream: the tests read what the service logs).
 */
export function createLogger(level: LogLevel, destination: 1 | 2 | DestinationStream = 1): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      ...SAFE_LOGGING,
    },
    typeof destination === 'number'
      ? pino.destination({ fd: destination, sync: destination === 2 })
      : destination,
  );
}

/**
 * Routes Nest's own log calls into the service's pino logger. Nest passes an error either as the
 * message (then it is logged as `err`, serialized safely) or as its stack in a string; of such a
 * string only the call frames are kept, since its first lines are the error's message, which for a
 * database error holds the statement and its values.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  /** Nest's start-up chatter (modules loaded, routes mapped) is debug detail, not news. */
  log(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    // Nest appends the logger's context as the last argument; a stack comes before it.
    let context: string | undefined;
    let trace: string | undefined;
    let err: unknown = isErrorLike(message) ? message : undefined;
    for (const param of params) {
      if (isErrorLike(param)) err ??= param;
      else if (typeof param === 'string' && /\n\s+at /.test(param)) trace = stackFrames(param);
      else if (typeof param === 'string') context = param;
    }
    const fields = { context, trace: err === undefined ? trace : undefined, err };
    if (isErrorLike(message)) this.logger[level](fields);
    else this.logger[level](fields, String(message));
  }
}
