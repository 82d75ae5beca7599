import { useEffect, useState } from 'preact/hooks';
import { api, atLeast, problem, type Conversation, type ConversationDetail, type Me } from './api';
import { navigate } from './router';
import { Choice } from './choice';
import { Feedback } from './feedback';
import { usePagedList } from './paged-list';

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
  const { items, error, loadMore } = usePagedList<Conversation>(
    async (after) => {
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
      return data
        ? { items: data.conversations, nextCursor: data.nextCursor }
        : { error: problem(error, response) };
    },
    [botId, status, since],
  );
  useEffect(() => {
    void api.GET('/api/v1/bots').then(({ data }) => {
      if (data) setBots(data.bots.map((bot) => ({ id: bot.id, name: bot.name })));
    });
  }, []);

  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">Conversations</h1>
      <div class="filters">
        <Choice
          label="Bot"
          value={botId}
          options={bots.map((bot) => ({ value: bot.id, label: bot.name }))}
          anyLabel="All bots"
          onChange={setBotId}
        />
        <Choice label="Status" value={status} options={STATUSES} anyLabel="Any status" onChange={setStatus} />
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
      {loadMore && (
        <button type="button" class="secondary" onClick={loadMore}>
          Load more
        </button>
      )}
    </section>
  );
}

/** One conversation's transcript; a reply as the team, a lead and resolving (agents and above). */
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
          {atLeast(me.member.role, 'agent') && <LeadForm conversation={detail} />}
        </>
      )}
    </section>
  );
}

const LEAD_FIELDS = [
  { name: 'email', label: 'Email', mode: 'email', max: 320 },
  { name: 'name', label: 'Name', mode: 'text', max: 200 },
  { name: 'phone', label: 'Phone', mode: 'tel', max: 32 },
] as const;
type LeadField = (typeof LEAD_FIELDS)[number]['name'];

/**
 * Records a lead from the conversation (`lead.captured` fires), with the fields filled in; the
 * customer's known name and email are filled in to start with. Plain text inputs: the API checks
 * each field and its answer names what is wrong, rather than the browser's own e-mail check.
 */
function LeadForm({ conversation }: { conversation: ConversationDetail }) {
  const [fields, setFields] = useState<Record<LeadField, string>>({
    email: conversation.customer.email ?? '',
    name: conversation.customer.name ?? '',
    phone: '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const filled = Object.fromEntries(
    Object.entries(fields)
      .map(([name, value]) => [name, value.trim()])
      .filter(([, value]) => value !== ''),
  ) as Record<string, string>;

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setNotice(null);
    const { data, error, response } = await api.POST('/api/v1/actions/create-lead', {
      body: { conversationId: conversation.id, capturedFields: filled },
    });
    setBusy(false);
    if (data) {
      setError(null);
      setNotice(`Lead ${data.leadId} recorded with ${Object.keys(data.capturedFields).join(', ')}.`);
    } else setError(problem(error, response));
  };

  return (
    <form class="card" onSubmit={(event) => void submit(event)} aria-labelledby="lead-title">
      <h2 id="lead-title">Record a lead</h2>
      <p class="muted small">At least one field. Your webhooks get lead.captured.</p>
      <div class="fields lead-fields">
        {LEAD_FIELDS.map((field) => (
          <label key={field.name}>
            {field.label}
            <input
              name={field.name}
              inputMode={field.mode}
              autoComplete="off"
              maxLength={field.max}
              value={fields[field.name]}
              onInput={(event) => setFields({ ...fields, [field.name]: event.currentTarget.value })}
            />
          </label>
        ))}
      </div>
      <Feedback error={error} notice={notice} />
      <button type="submit" disabled={busy || Object.keys(filled).length === 0}>
        Record lead
      </button>
    </form>
  );
}
