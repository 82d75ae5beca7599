import { useEffect, useState } from 'preact/hooks';
import { EVENT_TYPES } from '../../clients/typescript/generated/events';
import { api, problem, type FeedEvent } from './api';
import { Feedback } from './feedback';
import { useGeneration } from './generation';

type EventType = (typeof EVENT_TYPES)[number];

/** The outbox feed, newest first, optionally of one type; paged by the API's cursor. */
export function EventsPage() {
  const [type, setType] = useState<EventType | ''>('');
  const [events, setEvents] = useState<FeedEvent[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const begin = useGeneration();
  const load = async (after: string | null) => {
    const current = begin(after === null);
    const { data, error, response } = await api.GET('/api/v1/events', {
      params: {
        query: { order: 'desc', limit: 25, ...(type ? { type } : {}), ...(after ? { cursor: after } : {}) },
      },
    });
    if (!current()) return;
    if (!data) return setError(problem(error, response));
    setError(null);
    setEvents((shown) => (after && shown ? [...shown, ...data.events] : data.events));
    setCursor(data.nextCursor);
  };
  useEffect(() => void load(null), [type]);

  return (
    <section aria-labelledby="events-title">
      <h1 id="events-title">Events</h1>
      <p class="muted">
        What happened in the workspace over the last 30 days, newest first: what webhooks deliver.
      </p>
      <div class="filters">
        <label>
          Type
          <select value={type} onChange={(event) => setType(event.currentTarget.value as EventType | '')}>
            <option value="">All types</option>
            {EVENT_TYPES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Feedback error={error} />
      {events === null ? (
        <p class="loading">Loading events…</p>
      ) : events.length === 0 ? (
        <p>No events.</p>
      ) : (
        <ul class="events" aria-label="Events">
          {events.map((event) => (
            <li key={event.id} class="event">
              <details>
                <summary>
                  <strong>{event.type}</strong>{' '}
                  <time class="muted small" dateTime={event.createdAt}>
                    {new Date(event.createdAt).toLocaleString()}
                  </time>
                </summary>
                <pre>{JSON.stringify(event, null, 2)}</pre>
              </details>
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
