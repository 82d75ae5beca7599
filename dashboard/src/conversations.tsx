import { useEffect, useState } from 'preact/hooks';
import { api, atLeast, problem, type Conversation, type ConversationDetail, type Me } from './api';
import { navigate } from './router';
import { Feedback } from './feedback';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
const STATUSES = ['open', 'escalated', 'resolved'] as const;
type Status = (typeof STATUSES)[number];

/** The inbox: newest activity first, filtered by bot and status, paged by the API's cursor. */
export function ConversationsPage() {
  const [bots, setBots] = useState<{ id: string; name: string }[]>([]);
  const [botId, setBotId] = useState('');
  const [status, setStatus] = useState<Status | ''>('');
  // A local date and time from the input; sent as an instant (ISO 8601, UTC).
  const [since, setSince] = useState('');
  const [items, setItems] = useState<Conversation[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (after: string | null) => {
    const { data, error, response } = await api.GET('/api/v1/conversations', {
      params: {
        query: {
          limit: 25,
          ...(botId ? { botId } : {}),
          ...(status ? { status } : {}),
          ...(since ? { since: new Date(since).toISOString() } : {}),
          ...(after ? { cursor: after } : {}),
        },
      },
    });
    if (!data) return setError(problem(error, response));
    setError(null);
    setItems((shown) => (after && shown ? [...shown, ...data.conversations] : data.conversations));
    setCursor(data.nextCursor);
  };
  useEffect(() => {
    void api.GET('/api/v1/bots').then(({ data }) => {
      if (data) setBots(data.bots.map((bot) => ({ id: bot.id, name: bot.name })));
    });
  }, []);
  useEffect(() => void load(null), [botId, status, since]);

  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">Conversations</h1>
      <div class="filters">
        <label>
          Bot
          <select value={botId} onChange={(event) => setBotId(event.currentTarget.value)}>
            <option value="">All bots</option>
            {bots.map((bot) => (
              <option key={bot.id} value={bot.id}>
                {bot.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(event) => setStatus(event.currentTarget.value as Status | '')}>
            <option value="">Any status</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <label>
          Active since
          <input
            type="datetime-local"
            value={since}
            onChange={(event) => setSince(event.currentTarget.value)}
          />
        </label>
      </div>
      <Feedback error={error} />
      {items === null ? (
        <p class="loading">Loading conversations…</p>
      ) : items.length === 0 ? (
        <p>No conversations match.</p>
      ) : (
        <ul class="inbox" aria-label="Conversations">
          {items.map((item) => (
            <li key={item.id}>
              <a
                href={`/dashboard/conversations/${item.id}`}
                onClick={(event) => {
                  event.preventDefault();
                  navigate(`/conversations/${item.id}`);
                }}
              >
                <strong>{item.customer.name ?? item.customer.email ?? 'Visitor'}</strong>
                <span class={`badge status-${item.status}`}>{item.status}</span>
                <span class="muted small">
                  {item.messageCount} messages · {item.handler === 'team' ? 'team' : 'bot'} ·{' '}
                  {when(item.updatedAt)}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" class="secondary" onClick={() => void load(cursor)}>
          Load more
        </button>
      )}
    </section>
  );
}

/** One conversation's transcript, and a reply as the team (agents and above). */
export function ConversationPage({ me, id }: { me: Me; id: string }) {
  const [detail, setDetail] = useState<ConversationDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reply, setReply] = useState('');
  const [busy, setBusy] = useState(false);

  const load = async () => {
    const { data, error, response } = await api.GET('/api/v1/conversations/{conversationId}', {
      params: { path: { conversationId: id } },
    });
    if (data) setDetail(data);
    else setError(problem(error, response));
  };
  useEffect(() => void load(), [id]);

  const send = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const { error, response } = await api.POST('/api/v1/actions/send-message', {
      body: { conversationId: id, message: reply.trim() },
    });
    setBusy(false);
    if (response.ok) {
      setReply('');
      setError(null);
      await load();
    } else setError(problem(error, response));
  };

  const resolve = async () => {
    setBusy(true);
    const { error, response } = await api.POST('/api/v1/actions/resolve-conversation', {
      body: { conversationId: id },
    });
    setBusy(false);
    if (response.ok) await load();
    else setError(problem(error, response));
  };

  return (
    <section aria-labelledby="conversation-title">
      <p>
        <a
          href="/dashboard/conversations"
          onClick={(event) => {
            event.preventDefault();
            navigate('/conversations');
          }}
        >
          ← All conversations
        </a>
      </p>
      <h1 id="conversation-title">
        {detail ? (detail.customer.name ?? detail.customer.email ?? 'Visitor') : 'Conversation'}
      </h1>
      <Feedback error={error} />
      {detail && (
        <>
          <p class="muted">
            <span class={`badge status-${detail.status}`}>{detail.status}</span> · handled by {detail.handler}{' '}
            · started {when(detail.createdAt)}
          </p>
          {detail.messagesTruncated && <p class="muted">Only the latest 500 messages are shown.</p>}
          <ol class="transcript" aria-label="Transcript">
            {detail.messages.map((message) => (
              <li key={message.id} class={`message ${message.author}`}>
                <span class="author">
                  {message.author === 'team' ? `Team (${message.channel})` : message.author}
                </span>
                <p>{message.text}</p>
                <time class="muted small" dateTime={message.sentAt}>
                  {when(message.sentAt)}
                </time>
              </li>
            ))}
          </ol>
          {atLeast(me.member.role, 'agent') && (
            <form class="card" onSubmit={(event) => void send(event)}>
              <label>
                Reply as the team
                <textarea
                  name="reply"
                  rows={3}
                  maxLength={5000}
                  value={reply}
                  onInput={(event) => setReply(event.currentTarget.value)}
                />
              </label>
              <p class="muted small">The bot pauses on this conversation once the team replies.</p>
              <div class="actions">
                <button type="submit" disabled={busy || reply.trim() === ''}>
                  Send reply
                </button>
                {detail.status !== 'resolved' && (
                  <button type="button" class="secondary" disabled={busy} onClick={() => void resolve()}>
                    Resolve conversation
                  </button>
                )}
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}
