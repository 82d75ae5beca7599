import { Writable } from 'node:stream';
import type { LogLevel } from '../../src/core/config/config';
import { createLogger } from '../../src/core/logging/logger';

/** Every line the service logs at `level` and above, through the production logger (its redaction included). */
export function captureLogs(level: LogLevel = 'info') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return { logger: createLogger(level, stream), lines };
}
