import { useState } from 'preact/hooks';
import { EVENT_TYPES } from '../../clients/typescript/generated/events';
import { api, problem, type FeedEvent } from './api';
import { Choice } from './choice';
import { Feedback } from './feedback';
import { usePagedList } from './paged-list';

type EventType = (typeof EVENT_TYPES)[number];

/** The outbox feed, newest first, optionally of one type; paged by the API's cursor. */
export function EventsPage() {
  const [type, setType] = useState<EventType | ''>('');
  const {
    items: events,
    error,
    loadMore,
  } = usePagedList<FeedEvent>(
    async (after) => {
      const { data, error, response } = await api.GET('/api/v1/events', {
        params: {
          query: { order: 'desc', limit: 25, ...(type ? { type } : {}), ...(after ? { cursor: after } : {}) },
        },
      });
      return data ? { items: data.events, nextCursor: data.nextCursor } : { error: problem(error, response) };
    },
    [type],
  );

  return (
    <section aria-labelledby="events-title">
      <h1 id="events-title">Events</h1>
      <p class="muted">
        What happened in the workspace over the last 30 days, newest first: what webhooks deliver.
      </p>
      <div class="filters">
        <Choice label="Type" value={type} options={EVENT_TYPES} anyLabel="All types" onChange={setType} />
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
      {loadMore && (
        <button type="button" class="secondary" onClick={loadMore}>
          Load more
        </button>
      )}
    </section>
  );
}
