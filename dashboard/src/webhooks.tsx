import { useEffect, useState } from 'preact/hooks';
import { EVENT_TYPES } from '../../clients/typescript/generated/events';
import { api, problem, type Delivery, type Hook, type Sample, type TestDelivery } from './api';
import { Choice } from './choice';
import { Confirm } from './confirm';
import { Feedback } from './feedback';
import { ShownOnce } from './shown-once';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** What an endpoint answered: its status, or why there was none; an error only when it says more. */
function answerOf(outcome: { statusCode: number | null; error: string | null }): string {
  if (!outcome.statusCode) return outcome.error ?? 'no answer';
  const status = `HTTP ${outcome.statusCode}`;
  return outcome.error && outcome.error !== status ? `${status} (${outcome.error})` : status;
}

type EventType = (typeof EVENT_TYPES)[number];

/**
 * Webhooks: the workspace's subscriptions, paused ones first with why they paused, each resumable
 * with or without a replay of what the pause held back; a test send, a secret rotation and deleting
 * on each; a form to add one (its secret shown once); and the sample payload of every event type.
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

  const remove = async (hook: Hook) => {
    setError(null);
    const { error, response } = await api.DELETE('/api/v1/hooks/{hookId}', {
      params: { path: { hookId: hook.hookId } },
    });
    if (response.ok) setNotice(`Deleted ${hook.event} → ${hook.targetUrl}; nothing more is delivered there.`);
    else setError(problem(error, response));
    await load();
  };

  const paused = hooks?.filter((hook) => hook.status === 'paused') ?? [];
  const others = hooks?.filter((hook) => hook.status !== 'paused') ?? [];

  return (
    <section aria-labelledby="hooks-title">
      <h1 id="hooks-title">Webhooks</h1>
      <Feedback error={error} notice={notice} />
      {hooks === null ? (
        <p class="loading">Loading subscriptions…</p>
      ) : hooks.length === 0 ? (
        <p>No subscriptions yet: add one below.</p>
      ) : (
        <>
          {paused.length > 0 && (
            <section class="attention" aria-labelledby="paused-title">
              <h2 id="paused-title">Paused: needs your attention ({paused.length})</h2>
              <ul class="hooks" aria-label="Paused subscriptions">
                {paused.map((hook) => (
                  <HookRow key={hook.hookId} hook={hook} onResume={resume} onDelete={remove} />
                ))}
              </ul>
            </section>
          )}
          {others.length > 0 && (
            <section aria-labelledby="active-title">
              <h2 id="active-title">Subscriptions</h2>
              <ul class="hooks" aria-label="Subscriptions">
                {others.map((hook) => (
                  <HookRow key={hook.hookId} hook={hook} onResume={resume} onDelete={remove} />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
      <NewSubscription
        onCreated={async () => {
          setError(null);
          setNotice(null);
          await load();
        }}
      />
      <SamplePayloads />
    </section>
  );
}

function HookRow({
  hook,
  onResume,
  onDelete,
}: {
  hook: Hook;
  onResume: (hook: Hook, replay: boolean) => Promise<void>;
  onDelete: (hook: Hook) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tested, setTested] = useState<TestDelivery | null>(null);
  const [confirmingRotation, setConfirmingRotation] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [rotated, setRotated] = useState<{ secret: string; previousUntil: string } | null>(null);
  const what = `${hook.event} to ${hook.targetUrl}`;

  const resume = async (replay: boolean) => {
    setBusy(true);
    await onResume(hook, replay);
    setBusy(false);
  };
  const test = async () => {
    setBusy(true);
    setError(null);
    setTested(null);
    const { data, error, response } = await api.POST('/api/v1/hooks/{hookId}/test', {
      params: { path: { hookId: hook.hookId } },
    });
    setBusy(false);
    if (data) setTested(data);
    else setError(problem(error, response));
  };
  const rotate = async () => {
    setConfirmingRotation(false);
    setBusy(true);
    setError(null);
    const { data, error, response } = await api.POST('/api/v1/hooks/{hookId}/rotate-secret', {
      params: { path: { hookId: hook.hookId } },
    });
    setBusy(false);
    if (data) setRotated({ secret: data.signingSecret, previousUntil: data.previousSecretExpiresAt });
    else setError(problem(error, response));
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
      <Deliveries hook={hook} />
      <Feedback error={error} />
      {tested && <TestResult result={tested} />}
      {confirmingRotation && (
        <Confirm
          id={`rotate-${hook.hookId}`}
          title="Rotate the signing secret?"
          actionLabel="Rotate secret"
          onConfirm={() => void rotate()}
          onCancel={() => setConfirmingRotation(false)}
        >
          Deliveries of {what} get a new secret. For 24 hours they carry a signature by the old one too, so
          your receiver can switch without a gap.
        </Confirm>
      )}
      {confirmingDelete && (
        <Confirm
          id={`delete-${hook.hookId}`}
          title="Delete the subscription?"
          actionLabel="Delete subscription"
          onConfirm={() => void onDelete(hook)}
          onCancel={() => setConfirmingDelete(false)}
        >
          Nothing more is delivered for {what}, and its pending deliveries are dropped. This cannot be undone.
        </Confirm>
      )}
      {rotated && (
        <ShownOnce
          id={`secret-${hook.hookId}`}
          title="New signing secret"
          label={`New signing secret for ${what}`}
          value={rotated.secret}
          onDone={() => setRotated(null)}
        >
          <p class="muted">The previous secret still signs deliveries until {when(rotated.previousUntil)}.</p>
        </ShownOnce>
      )}
      <div class="actions">
        {hook.status === 'paused' && (
          <>
            <button
              type="button"
              disabled={busy}
              aria-label={`Resume and replay: ${what}`}
              onClick={() => void resume(true)}
            >
              Resume and replay
            </button>
            <button
              type="button"
              class="secondary"
              disabled={busy}
              aria-label={`Resume without replay: ${what}`}
              onClick={() => void resume(false)}
            >
              Resume without replay
            </button>
          </>
        )}
        <button type="button" class="secondary" disabled={busy} onClick={() => void test()}>
          Send test<span class="sr-only">: {what}</span>
        </button>
        <button
          type="button"
          class="secondary"
          disabled={busy || confirmingRotation || rotated !== null}
          onClick={() => setConfirmingRotation(true)}
        >
          Rotate secret<span class="sr-only">: {what}</span>
        </button>
        <button
          type="button"
          class="secondary danger-text"
          disabled={busy || confirmingDelete}
          onClick={() => setConfirmingDelete(true)}
        >
          Delete<span class="sr-only">: {what}</span>
        </button>
      </div>
    </li>
  );
}

/**
 * Adds a subscription. The API checks the URL (https on a public address, unless the operator
 * allows private targets) and its answer is shown as is; the signing secret is shown once.
 */
function NewSubscription({ onCreated }: { onCreated: () => Promise<void> }) {
  const [event, setEvent] = useState<EventType>(EVENT_TYPES[0]);
  const [targetUrl, setTargetUrl] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ what: string; secret: string } | null>(null);

  const submit = async (submitted: Event) => {
    submitted.preventDefault();
    setBusy(true);
    const { data, error, response } = await api.POST('/api/v1/hooks', {
      body: {
        event,
        targetUrl: targetUrl.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
      },
    });
    setBusy(false);
    if (!data) return setError(problem(error, response));
    setError(null);
    setTargetUrl('');
    setDescription('');
    setCreated({ what: `${data.event} to ${data.targetUrl}`, secret: data.signingSecret });
    await onCreated();
  };

  if (created) {
    return (
      <ShownOnce
        id="new-hook"
        title="Subscription added"
        label={`Signing secret for ${created.what}`}
        value={created.secret}
        onDone={() => setCreated(null)}
      >
        <p class="muted">
          Deliveries of {created.what} are signed with this secret: your receiver checks each one with it.
        </p>
      </ShownOnce>
    );
  }
  return (
    <form class="card" onSubmit={(submitted) => void submit(submitted)} aria-labelledby="new-hook-title">
      <h2 id="new-hook-title">Add a subscription</h2>
      <div class="fields hook-fields">
        <Choice
          label="Event"
          value={event}
          options={EVENT_TYPES}
          onChange={(chosen) => chosen && setEvent(chosen)}
        />
        <label>
          Endpoint URL
          <input
            name="targetUrl"
            inputMode="url"
            autoComplete="off"
            required
            maxLength={2048}
            placeholder="https://yourapp.example/hooks/nebulahex"
            value={targetUrl}
            onInput={(changed) => setTargetUrl(changed.currentTarget.value)}
          />
        </label>
        <label>
          Description (optional)
          <input
            name="description"
            maxLength={500}
            value={description}
            onInput={(changed) => setDescription(changed.currentTarget.value)}
          />
        </label>
      </div>
      <Feedback error={error} />
      <button type="submit" disabled={busy || targetUrl.trim() === ''}>
        Add subscription
      </button>
    </form>
  );
}

/** What a test send did: the endpoint's answer, and the sample that was sent. */
function TestResult({ result }: { result: TestDelivery }) {
  const answer = answerOf(result);
  return (
    <div class={`test-result ${result.delivered ? 'ok' : 'failed'}`} role="status">
      <p>
        <strong>{result.delivered ? 'Test delivered' : 'Test not delivered'}</strong>: {answer} in{' '}
        {result.latencyMs} ms
      </p>
      {result.responseSnippet && <code class="snippet">{result.responseSnippet}</code>}
      <details>
        <summary>What was sent</summary>
        <pre>{JSON.stringify(result.payload, null, 2)}</pre>
      </details>
    </div>
  );
}

/** The subscription's delivery log (latest 20): each attempt's status, duration and answer; retry one. */
function Deliveries({ hook }: { hook: Hook }) {
  const [open, setOpen] = useState(false);
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = async () => {
    const { data, error, response } = await api.GET('/api/v1/hooks/{hookId}/deliveries', {
      params: { path: { hookId: hook.hookId }, query: { limit: 20 } },
    });
    if (data) setDeliveries(data.deliveries);
    else setError(problem(error, response));
  };
  useEffect(() => {
    if (open) void load();
  }, [open, hook]);

  const retry = async (delivery: Delivery) => {
    setError(null);
    const { error, response } = await api.POST('/api/v1/hooks/{hookId}/deliveries/{deliveryId}/retry', {
      params: { path: { hookId: hook.hookId, deliveryId: delivery.deliveryId } },
    });
    if (response.ok) setNotice(`Delivery of ${delivery.eventType} scheduled again.`);
    else setError(problem(error, response));
    await load();
  };

  const id = `deliveries-${hook.hookId}`;
  return (
    <div class="deliveries">
      <button
        type="button"
        class="link"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide deliveries' : 'Deliveries'}
        <span class="sr-only">
          {' '}
          of {hook.event} to {hook.targetUrl}
        </span>
      </button>
      {open && (
        <div id={id}>
          <Feedback error={error} notice={notice} />
          {deliveries === null ? (
            <p class="loading">Loading deliveries…</p>
          ) : deliveries.length === 0 ? (
            <p class="muted">No deliveries yet.</p>
          ) : (
            <ol class="delivery-log" aria-label={`Deliveries of ${hook.event} to ${hook.targetUrl}`}>
              {deliveries.map((delivery) => (
                <li key={delivery.deliveryId}>
                  <div class="hook-main">
                    <strong>{delivery.eventType}</strong>
                    <span class={`badge delivery-${delivery.status}`}>{delivery.status}</span>
                    <span class="muted small">{new Date(delivery.createdAt).toLocaleString()}</span>
                    {delivery.status !== 'pending' && (
                      <button
                        type="button"
                        class="secondary"
                        aria-label={`Retry delivery ${delivery.deliveryId}`}
                        onClick={() => void retry(delivery)}
                      >
                        Retry
                      </button>
                    )}
                  </div>
                  <ul class="attempts">
                    {delivery.attempts.map((attempt) => (
                      <li key={attempt.attempt}>
                        #{attempt.attempt} {answerOf(attempt)} · {attempt.latencyMs} ms
                        {attempt.responseSnippet && <code class="snippet">{attempt.responseSnippet}</code>}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </div>
  );
}

/** One sample envelope per event type, exactly as a delivery carries it. */
function SamplePayloads() {
  const [samples, setSamples] = useState<Sample[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api.GET('/api/v1/triggers/samples').then(({ data, error, response }) => {
      if (data) setSamples(data.samples);
      else setError(problem(error, response));
    });
  }, []);
  return (
    <section aria-labelledby="samples-title">
      <h2 id="samples-title">Sample payloads</h2>
      <p class="muted">
        One of each event type, exactly as a delivery's body carries it (with your workspace id), to build a
        receiver against.
      </p>
      <Feedback error={error} />
      {samples === null ? (
        !error && <p class="loading">Loading samples…</p>
      ) : (
        <ul class="events" aria-label="Sample payloads">
          {samples.map((sample) => (
            <li key={sample.event} class="event">
              <details>
                <summary>
                  <strong>{sample.event}</strong>
                </summary>
                <pre>{JSON.stringify(sample.payload, null, 2)}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
