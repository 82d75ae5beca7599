/**
 * Raw SQL through MikroORM (`em.execute`) hands `timestamptz` columns over as PostgreSQL's text
 * (`2026-03-14 09:21:47.12+00`): MikroORM turns the driver's date parsing off and converts dates in
 * its own hydration, which raw rows skip. A repository that reads rows with raw SQL passes them
 * through here, so its callers get the entity's types and never that text.
 */
export function withDates<Row>(raw: Record<string, unknown>, fields: readonly (keyof Row & string)[]): Row {
  for (const field of fields) {
    const value = raw[field];
    if (typeof value === 'string') raw[field] = new Date(value);
  }
  return raw as Row;
}
