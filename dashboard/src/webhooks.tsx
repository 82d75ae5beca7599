import { useEffect, useState } from 'preact/hooks';
import { api, problem, type Hook } from './api';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/**
 * Webhooks: the workspace's subscriptions, paused ones first with why they paused, each resumable
 * with or without a replay of what the pause held back.
 */
export function WebhooksPage() {
  const [hooks, setHooks] = useState<Hook[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = async () => {
    const { data, error, response } = await api.GET('/api/v1/hooks', { params: { query: { limit: 100 } } });
    if (data) setHooks(data.hooks);
    else setError(problem(error, response));
  };
  useEffect(() => void load(), []);

  const resume = async (hook: Hook, replay: boolean) => {
    setError(null);
    const { error, response } = await api.POST('/api/v1/hooks/{hookId}/resume', {
      params: { path: { hookId: hook.hookId } },
      body: { replay },
    });
    if (response.ok) {
      setNotice(
        replay
          ? `Resumed ${hook.event} → ${hook.targetUrl}; what the pause held back is being delivered.`
          : `Resumed ${hook.event} → ${hook.targetUrl}; only new events will be delivered.`,
      );
    } else setError(problem(error, response));
    await load();
  };

  const paused = hooks?.filter((hook) => hook.status === 'paused') ?? [];
  const others = hooks?.filter((hook) => hook.status !== 'paused') ?? [];

  return (
    <section aria-labelledby="hooks-title">
      <h1 id="hooks-title">Webhooks</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {hooks === null ? (
        <p class="loading">Loading subscriptions…</p>
      ) : hooks.length === 0 ? (
        <p>No subscriptions yet. Create them with the API (`POST /api/v1/hooks`).</p>
      ) : (
        <>
          {paused.length > 0 && (
            <section class="attention" aria-labelledby="paused-title">
              <h2 id="paused-title">Paused: needs your attention ({paused.length})</h2>
              <ul class="hooks" aria-label="Paused subscriptions">
                {paused.map((hook) => (
                  <HookRow key={hook.hookId} hook={hook} onResume={resume} />
                ))}
              </ul>
            </section>
          )}
          {others.length > 0 && (
            <section aria-labelledby="active-title">
              <h2 id="active-title">Subscriptions</h2>
              <ul class="hooks" aria-label="Subscriptions">
                {others.map((hook) => (
                  <HookRow key={hook.hookId} hook={hook} onResume={resume} />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </section>
  );
}

function HookRow({
  hook,
  onResume,
}: {
  hook: Hook;
  onResume: (hook: Hook, replay: boolean) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const resume = async (replay: boolean) => {
    setBusy(true);
    await onResume(hook, replay);
    setBusy(false);
  };
  return (
    <li class={`hook ${hook.status}`}>
      <div class="hook-main">
        <strong>{hook.event}</strong>
        <span class={`badge status-${hook.status}`}>{hook.status}</span>
        <code class="target">{hook.targetUrl}</code>
        {hook.description && <span class="muted">{hook.description}</span>}
      </div>
      {hook.status === 'paused' && (
        <p class="reason">
          Paused {when(hook.pausedAt)}: {hook.pauseReason ?? 'no reason recorded'}
        </p>
      )}
      <p class="muted small">
        Last delivery:{' '}
        {hook.lastDelivery
          ? `${hook.lastDelivery.status}${hook.lastDelivery.lastStatusCode ? ` (HTTP ${hook.lastDelivery.lastStatusCode})` : ''}, ${when(hook.lastDelivery.createdAt)}`
          : 'none yet'}
      </p>
      {hook.status === 'paused' && (
        <div class="actions">
          <button
            type="button"
            disabled={busy}
            aria-label={`Resume and replay: ${hook.event} to ${hook.targetUrl}`}
            onClick={() => void resume(true)}
          >
            Resume and replay
          </button>
          <button
            type="button"
            class="secondary"
            disabled={busy}
            aria-label={`Resume without replay: ${hook.event} to ${hook.targetUrl}`}
            onClick={() => void resume(false)}
          >
            Resume without replay
          </button>
        </div>
      )}
    </li>
  );
}
