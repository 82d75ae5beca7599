/** A page's answer to what the member just did: an error as an alert, a success as a status. */
export function Feedback({ error, notice }: { error: string | null; notice?: string | null }) {
  return (
    <>
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
    </>
  );
}
