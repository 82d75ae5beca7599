import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs one read with a statement timeout (`SET LOCAL`, so it ends with the read's own transaction):
 * for figures read at scrape time, where a slow database must fail the read rather than hold the
 * scrape, and the statement must not keep running on the server after the scraper gave up.
 */
export async function readWithin<Row>(
  em: EntityManager,
  timeoutMs: number,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  return em.fork().transactional(async (tx) => {
    await tx.execute(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
    return tx.execute<Row[]>(sql, params);
  });
}
