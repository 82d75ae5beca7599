import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, atLeast, setSession, type Me } from './api';
import { ApiKeysPage } from './api-keys';
import { ConversationPage, ConversationsPage } from './conversations';
import { EventsPage } from './events';
import { navigate, usePath } from './router';
import { SignInPage } from './sign-in';
import { WebhooksPage } from './webhooks';

/** The app's sections: the path below `/dashboard`, its tab's name, and who may open it. */
const SECTIONS = [
  { path: '/conversations', name: 'Conversations', role: 'viewer' },
  { path: '/settings/api-keys', name: 'Settings → API keys', role: 'viewer' },
  { path: '/webhooks', name: 'Webhooks', role: 'admin' },
  { path: '/events', name: 'Events', role: 'viewer' },
] as const;

type State = { status: 'loading' } | { status: 'signed-out' } | { status: 'in'; me: Me };

function App() {
  const path = usePath();
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    if (path === '/sign-in' || state.status !== 'loading') return;
    void api.GET('/api/v1/auth/me').then(({ data }) => {
      // A key can't reach this page (it never sends one): only a session counts.
      if (data?.via === 'session') {
        setSession(data);
        setState({ status: 'in', me: data });
      } else {
        setState({ status: 'signed-out' });
      }
    });
  }, [path, state.status]);

  if (path === '/sign-in') {
    return (
      <SignInPage
        onSignedIn={(me) => {
          setSession(me);
          setState({ status: 'in', me });
          navigate('/conversations', true);
        }}
      />
    );
  }
  if (state.status === 'loading') return <p class="loading">Loading…</p>;
  if (state.status === 'signed-out') return <SignedOut />;

  const signOut = async () => {
    await api.DELETE('/api/v1/auth/session');
    setSession(null);
    setState({ status: 'signed-out' });
  };
  const me = state.me;
  const sections = SECTIONS.filter((section) => atLeast(me.member.role, section.role));
  const current =
    path === '/' ? sections[0] : sections.find((s) => path === s.path || path.startsWith(`${s.path}/`));
  const conversationId = path.startsWith('/conversations/') ? path.slice('/conversations/'.length) : null;
  return (
    <>
      <header class="top">
        <a class="brand" href="/dashboard/settings/api-keys">
          NebulaHex
        </a>
        <span class="who">
          <span>{me.workspace.name}</span>
          <span class="muted">
            {me.member.email} · {me.member.role}
          </span>
        </span>
        <button type="button" class="secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <nav class="tabs" aria-label="Sections">
        {sections.map((section) => (
          <a
            key={section.path}
            href={`/dashboard${section.path}`}
            aria-current={section === current ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault();
              navigate(section.path);
            }}
          >
            {section.name}
          </a>
        ))}
      </nav>
      <main>
        {current?.path === '/webhooks' ? (
          <WebhooksPage />
        ) : current?.path === '/events' ? (
          <EventsPage />
        ) : conversationId ? (
          <ConversationPage me={me} id={conversationId} />
        ) : current?.path === '/conversations' ? (
          <ConversationsPage />
        ) : current ? (
          <ApiKeysPage me={me} />
        ) : (
          <p>
            No such page. <a href="/dashboard/settings/api-keys">Go to the API keys</a>.
          </p>
        )}
      </main>
    </>
  );
}

function SignedOut() {
  return (
    <main class="narrow">
      <h1>Signed out</h1>
      <p>
        Sign in with a link from your operator. They print one with{' '}
        <code>nebulahex member login-link --workspace W --email E</code>; it works once, within 15 minutes.
      </p>
    </main>
  );
}

render(<App />, document.getElementById('app')!);
