import { useEffect, useState } from 'preact/hooks';
import { api, type Me } from './api';

/**
 * `/dashboard/sign-in#token=…`: the token is taken from the fragment (never sent to a server),
 * removed from the address bar at once, and traded for a session.
 */
export function SignInPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [message, setMessage] = useState<string>('Signing you in…');

  useEffect(() => {
    const token = new URLSearchParams(location.hash.slice(1)).get('token');
    history.replaceState(null, '', '/dashboard/sign-in');
    if (!token) {
      setMessage('This page needs a sign-in link. Ask your operator for a new one.');
      return;
    }
    void api.POST('/api/v1/auth/session', { body: { token } }).then(({ data, response }) => {
      if (data) return onSignedIn(data);
      setMessage(
        response.status === 410
          ? 'This sign-in link was already used or has expired. Ask your operator for a new one.'
          : 'This sign-in link is not valid. Ask your operator for a new one.',
      );
    });
  }, []);

  return (
    <main class="narrow">
      <h1>Sign in</h1>
      <p role="status">{message}</p>
    </main>
  );
}
