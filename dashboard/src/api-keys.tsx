import { useEffect, useState } from 'preact/hooks';
import { api, atLeast, problem, rank, ROLES, type ApiKey, type Me } from './api';
import { Confirm } from './confirm';
import { Feedback } from './feedback';
import { ShownOnce } from './shown-once';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** Who made a key: a member with a key or from the dashboard, or the operator's CLI. */
function creator(key: ApiKey, me: Me): string {
  if (key.createdByMemberId === null) return 'the operator (CLI)';
  const who = key.createdByMemberId === me.member.id ? 'you' : key.createdByMemberId;
  return `${who}, ${key.createdByKeyId ? 'with an API key' : 'in the dashboard'}`;
}

/**
 * Settings → API keys: the keys this member may see (admins: the workspace's; others: their own),
 * a new key shown once, and revoking with a confirmation. What the API would refuse is not offered:
 * creating needs admin, a key acts with its member's role (so roles above the member's are disabled
 * choices), and a key of a member above you cannot be revoked.
 */
export function ApiKeysPage({ me }: { me: Me }) {
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [confirming, setConfirming] = useState<ApiKey | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = async () => {
    const { data, error, response } = await api.GET('/api/v1/auth/keys', {
      params: { query: { limit: 100 } },
    });
    if (data) setKeys(data.keys);
    else setError(problem(error, response));
  };
  useEffect(() => void load(), []);

  const mayCreate = atLeast(me.member.role, 'admin');
  const mayRevoke = (key: ApiKey) =>
    !key.revokedAt &&
    (key.memberId === me.member.id || (mayCreate && rank(key.role) <= rank(me.member.role)));

  // A deferred key's value can be revealed once, by an admin, until its window closes.
  const mayReveal = (key: ApiKey) =>
    mayCreate &&
    !key.revokedAt &&
    key.revealExpiresAt !== null &&
    Date.parse(key.revealExpiresAt) > Date.now();
  const reveal = async (key: ApiKey) => {
    const { data, error, response } = await api.POST('/api/v1/auth/keys/{keyId}/reveal', {
      params: { path: { keyId: key.id } },
    });
    setNotice(null);
    if (data) setCreated({ name: key.name, key: data.key });
    else setError(problem(error, response));
    await load();
  };

  const revoke = async (key: ApiKey) => {
    const { error, response } = await api.DELETE('/api/v1/auth/keys/{keyId}', {
      params: { path: { keyId: key.id } },
    });
    setConfirming(null);
    if (!response.ok) setError(problem(error, response));
    await load();
  };

  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">API keys</h1>
      <p class="muted">
        A key acts with its member's role and never outranks the member who created it. Its value is shown
        once, when it is created.
      </p>
      <Feedback error={error} />
      {notice && !created && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {created && (
        <ShownOnce
          id="created"
          title={`Key “${created.name}” created`}
          label="New key value"
          value={created.key}
          onDone={() => setCreated(null)}
        />
      )}
      {mayCreate && !created && (
        <CreateKey
          me={me}
          onCreated={async (name, key) => {
            setError(null);
            if (key) setCreated({ name, key });
            else setNotice(`Key “${name}” created. Reveal its value from the list within 15 minutes.`);
            await load();
          }}
          onError={setError}
        />
      )}
      {confirming && (
        <Confirm
          key={confirming.id}
          id="confirm"
          title={`Revoke “${confirming.name}”?`}
          actionLabel="Revoke key"
          onConfirm={() => void revoke(confirming)}
          onCancel={() => setConfirming(null)}
        >
          Every request with <code>{confirming.prefix}…</code> fails from now on. This cannot be undone.
        </Confirm>
      )}
      {keys === null ? (
        <p class="loading">Loading keys…</p>
      ) : keys.length === 0 ? (
        <p>No keys yet.</p>
      ) : (
        <ul class="keys" aria-label="Keys">
          {keys.map((key) => (
            <li key={key.id} class={key.revokedAt ? 'key revoked' : 'key'}>
              <div class="key-main">
                <strong>{key.name}</strong>
                <code>{key.prefix}…</code>
                <span class={`badge role-${key.role}`}>{key.role}</span>
                {key.revokedAt && <span class="badge revoked">revoked</span>}
              </div>
              <dl class="key-meta">
                <div>
                  <dt>Created</dt>
                  <dd>{when(key.createdAt)}</dd>
                </div>
                <div>
                  <dt>Last used</dt>
                  <dd>{when(key.lastUsedAt)}</dd>
                </div>
                <div>
                  <dt>Created by</dt>
                  <dd>{creator(key, me)}</dd>
                </div>
              </dl>
              {mayReveal(key) && (
                <button type="button" aria-label={`Reveal ${key.name}`} onClick={() => void reveal(key)}>
                  Reveal
                </button>
              )}
              {mayRevoke(key) && (
                <button
                  type="button"
                  class="secondary"
                  aria-label={`Revoke ${key.name}`}
                  onClick={() => setConfirming(key)}
                >
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CreateKey({
  me,
  onCreated,
  onError,
}: {
  me: Me;
  onCreated: (name: string, key: string | null) => Promise<void>;
  onError: (message: string) => void;
}) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [deferred, setDeferred] = useState(false);
  const own = me.member.role;

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const { data, error, response } = await api.POST('/api/v1/auth/keys', {
      body: { name: name.trim(), ...(deferred ? { deferReveal: true } : {}) },
    });
    setBusy(false);
    if (data) {
      setName('');
      setDeferred(false);
      await onCreated(data.name, data.key ?? null);
    } else onError(problem(error, response));
  };

  return (
    <form class="card" onSubmit={(event) => void submit(event)} aria-labelledby="new-key-title">
      <h2 id="new-key-title">New key</h2>
      <div class="fields">
        <label>
          Name
          <input
            name="name"
            required
            maxLength={200}
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
            placeholder="CRM sync"
          />
        </label>
        <label>
          Role
          <select name="role" value={own} aria-describedby="role-help">
            {ROLES.map((role) => (
              <option key={role} value={role} disabled={role !== own}>
                {role}
                {rank(role) > rank(own)
                  ? ' (above your role)'
                  : role === own
                    ? ''
                    : ' (a key for that member)'}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p id="role-help" class="muted">
        A key acts as you, with your role ({own}); a key never outranks its creator.
      </p>
      <label class="check">
        <input
          type="checkbox"
          checked={deferred}
          onChange={(event) => setDeferred(event.currentTarget.checked)}
        />
        Reveal the value later (once, within 15 minutes)
      </label>
      <button type="submit" disabled={busy || name.trim() === ''}>
        Create key
      </button>
    </form>
  );
}
