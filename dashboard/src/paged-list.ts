import { useEffect, useRef, useState } from 'preact/hooks';

/** One page as a list endpoint answers it, or what to tell the member when it failed. */
export type PageResult<T> = { items: T[]; nextCursor: string | null } | { error: string };

/**
 * A list read page by page through the API's cursor, from the first page again whenever `filters`
 * change. Answers that arrive out of order never show: each first page starts a new generation, and
 * an answer (a first page or a "Load more") counts only while no newer generation has begun.
 */
export function usePagedList<T>(
  fetchPage: (cursor: string | null) => Promise<PageResult<T>>,
  filters: readonly unknown[],
): { items: T[] | null; error: string | null; loadMore: (() => void) | null } {
  const [items, setItems] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  const load = async (after: string | null) => {
    const mine = after === null ? ++generation.current : generation.current;
    const page = await fetchPage(after);
    if (mine !== generation.current) return;
    if ('error' in page) return setError(page.error);
    setError(null);
    setItems((shown) => (after && shown ? [...shown, ...page.items] : page.items));
    setCursor(page.nextCursor);
  };
  useEffect(() => void load(null), filters);

  return { items, error, loadMore: cursor ? () => void load(cursor) : null };
}
