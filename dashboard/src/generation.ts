import { useRef } from 'preact/hooks';

/**
 * Keeps a filtered list from showing answers that arrive out of order. Asking for a first page
 * (the filters changed) starts a new generation; an answer, a first page or a "Load more", counts
 * only while no newer generation has begun since it was asked for.
 */
export function useGeneration(): (fresh: boolean) => () => boolean {
  const current = useRef(0);
  return (fresh) => {
    const mine = fresh ? ++current.current : current.current;
    return () => mine === current.current;
  };
}
