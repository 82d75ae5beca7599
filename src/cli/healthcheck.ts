import type { AppConfig } from '../core/config/config';

/** How long the probe waits for an answer: well under a container runtime's usual probe timeout. */
const TIMEOUT_MS = 3_000;

export interface HealthResult {
  ok: boolean;
  target: 'api' | 'worker';
  url: string | null;
  /** The HTTP status `/readyz` answered; null when it did not answer. */
  status: number | null;
  /** The `checks` of what `/readyz` answered (its whole JSON body if it has none); null without JSON. */
  checks: unknown;
  error?: string;
}

/**
 * `nebulahex healthcheck [--worker]`: one GET of `/readyz` on the loopback address, for container
 * health checks in an image without curl. It reads the configuration only: no database, no Redis.
 */
export async function checkHealth(
  target: 'api' | 'worker',
  config: Pick<AppConfig, 'port' | 'workerPort'>,
): Promise<HealthResult> {
  const port = target === 'api' ? config.port : config.workerPort;
  if (port === 0) {
    const variable = target === 'api' ? 'PORT' : 'NHX_WORKER_PORT';
    return {
      ok: false,
      target,
      url: null,
      status: null,
      checks: null,
      error: `${variable} is 0: no listener to check`,
    };
  }
  const url = `http://127.0.0.1:${port}/readyz`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'manual' });
    const text = await response.text();
    let checks: unknown = null;
    try {
      const body: unknown = JSON.parse(text);
      checks = (body as { checks?: unknown } | null)?.checks ?? body;
    } catch {
      checks = null;
    }
    return { ok: response.status === 200, target, url, status: response.status, checks };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${TIMEOUT_MS} ms`
        : (cause ?? (error as Error).message);
    return { ok: false, target, url, status: null, checks: null, error: reason };
  }
}
