/**
 * Borough names in published files → the registry's ONS names (boroughs.ts), with a
 * nearest-name suggestion for a name nobody knows. Pseudo-boroughs the MPS publishes
 * ("Unknown", "London Heathrow and London City Airports", "Aviation Security") keep their
 * registry spelling: the contract allows them, borough views leave them out, and London totals
 * count them where the source does.
 */
import { BOROUGHS, findBorough, isNonBoroughArea, NON_BOROUGH_AREAS, spellingKey } from '../boroughs';

export type AreaMatch =
  | { kind: 'borough'; name: string; code: string }
  | { kind: 'non_borough'; name: string }
  | { kind: 'unknown'; suggestion: string };

/**
 * Names of non-boroughs vary more than borough names do ("Aviation Security (SO18)",
 * "Heathrow Airport"), so these fall back to a keyword. They are never boroughs, so a wrong
 * guess can only move counts between two areas that borough views leave out anyway.
 */
function nonBoroughByKeyword(key: string): string | undefined {
  if (/\baviation\b/.test(key)) return 'Aviation Security';
  if (/\bairports?\b|\bheathrow\b/.test(key)) return 'London Heathrow and London City Airports';
  // "Other / NK" (not known) is how the MPS's CONNECT-era files label offences without a borough.
  if (/^(unknown|not known|no borough|unallocated|other ?\/ ?(nk|not known))$/.test(key)) return 'Unknown';
  return undefined;
}

export function resolveArea(raw: string): AreaMatch {
  const borough = findBorough(raw);
  if (borough) return { kind: 'borough', name: borough.name, code: borough.code };
  const key = spellingKey(raw);
  if (isNonBoroughArea(raw)) return { kind: 'non_borough', name: NON_BOROUGH_AREAS.find((a) => spellingKey(a) === key)! };
  const byKeyword = nonBoroughByKeyword(key);
  if (byKeyword) return { kind: 'non_borough', name: byKeyword };
  return { kind: 'unknown', suggestion: nearestAreaName(raw) };
}

/** Every spelling the registry knows, with the canonical name each stands for. */
const SPELLINGS: readonly { key: string; name: string }[] = [
  ...BOROUGHS.flatMap((b) => [b.name, ...b.aliases].map((s) => ({ key: spellingKey(s), name: b.name }))),
  ...NON_BOROUGH_AREAS.map((a) => ({ key: spellingKey(a), name: a })),
];

/** Longer than any area's name: a longer cell is compared by its start only (edit distance is quadratic). */
const LONGEST_COMPARED = 80;

/** The registry spelling fewest edits away from a cell, and how many edits. */
function nearestSpelling(raw: string): { name: string; spelling: string; distance: number } {
  const key = spellingKey(raw.slice(0, LONGEST_COMPARED));
  let best = SPELLINGS[0]!;
  let bestDistance = Infinity;
  for (const s of SPELLINGS) {
    const d = levenshtein(key, s.key);
    if (d < bestDistance) {
      best = s;
      bestDistance = d;
    }
  }
  return { name: best.name, spelling: best.key, distance: bestDistance };
}

/** The registry name whose spelling (name or alias) is fewest edits away. */
export function nearestAreaName(raw: string): string {
  return nearestSpelling(raw).name;
}

/**
 * How far a cell looks like the name of an area, for finding the borough column by what it
 * holds: "exact" when it resolves (a borough in any spelling or code, "Unknown", airports),
 * "near" when it is a typo away from a known spelling (at most a quarter of its letters
 * changed, as "Barnett" or "Kingston-upon-Thame"), "no" otherwise. A column of near names is
 * still the borough column; its cells are then reported one by one, with the nearest name.
 */
export function areaLikeness(raw: string): 'exact' | 'near' | 'no' {
  const text = raw.trim();
  if (text === '' || /^[\d\s.,-]+$/.test(text)) return 'no';
  if (resolveArea(text).kind !== 'unknown') return 'exact';
  const key = spellingKey(text.slice(0, LONGEST_COMPARED));
  if (key.length < 4) return 'no';
  // Lengths alone rule out most spellings, so a long cell costs little.
  const close = SPELLINGS.some((s) => Math.abs(s.key.length - key.length) <= Math.max(s.key.length, key.length) / 4);
  if (!close) return 'no';
  const nearest = nearestSpelling(text);
  return nearest.distance <= Math.max(nearest.spelling.length, key.length) / 4 ? 'near' : 'no';
}

/** Edit distance (insertions, deletions, substitutions), two rows of the table at a time. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}
