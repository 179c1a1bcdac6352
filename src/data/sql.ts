/**
 * The few places SQL text is assembled. Only constants we own (contract column names, registry
 * names, enum values) are ever written into SQL; anything that comes from the URL or a user is a
 * bound `?` parameter.
 */

/** A SQL string literal for one of OUR constants (never for user input). */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A quoted identifier for one of our contract column or table names. */
export function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a contract identifier: ${name}`);
  return `"${name}"`;
}

/** `YYYY-MM` → a whole number of months, so rolling windows are plain integer ranges. */
export const MONTH_INDEX_SQL = (column: string) =>
  `(CAST(substr(${column}, 1, 4) AS INTEGER) * 12 + CAST(substr(${column}, 6, 2) AS INTEGER) - 1)`;

/** SQL VALUES list of (name, ord) from our own constants, so results keep a fixed order. */
export function orderedValues(values: readonly string[]): string {
  return values.map((value, i) => `(${literal(value)}, ${i + 1})`).join(', ');
}
