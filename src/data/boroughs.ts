/**
 * London's 33 local authorities: ONS names, GSS codes, the other spellings real files use,
 * and tile positions for the square tile map.
 *
 * Tile positions follow the widely used "London squared" arrangement: an 8 × 7 grid in which
 * every authority keeps roughly its place relative to its neighbours (Enfield alone at the top,
 * Sutton alone at the bottom, the City in the middle of the fourth row).
 */

export interface Borough {
  /** ONS name, the canonical spelling in data/ CSVs. */
  name: string;
  /** GSS code, E09000001–E09000033. */
  code: string;
  /** Three-letter label for map tiles. */
  short: string;
  inner: boolean;
  /** Tile map column (1–8) and row (1–7). */
  col: number;
  row: number;
  /** Spellings other than the ONS name seen in published files (matched case-insensitively). */
  aliases: readonly string[];
}

export const BOROUGHS: readonly Borough[] = [
  { name: 'City of London', code: 'E09000001', short: 'CTY', inner: true, col: 5, row: 4, aliases: ['City', 'City of Westminster and London'] },
  { name: 'Barking and Dagenham', code: 'E09000002', short: 'BAR', inner: false, col: 8, row: 4, aliases: ['Barking & Dagenham', 'Barking'] },
  { name: 'Barnet', code: 'E09000003', short: 'BRN', inner: false, col: 4, row: 2, aliases: [] },
  { name: 'Bexley', code: 'E09000004', short: 'BXL', inner: false, col: 8, row: 5, aliases: [] },
  { name: 'Brent', code: 'E09000005', short: 'BRT', inner: false, col: 3, row: 3, aliases: [] },
  { name: 'Bromley', code: 'E09000006', short: 'BRM', inner: false, col: 6, row: 6, aliases: [] },
  { name: 'Camden', code: 'E09000007', short: 'CMD', inner: true, col: 4, row: 3, aliases: [] },
  { name: 'Croydon', code: 'E09000008', short: 'CRD', inner: false, col: 5, row: 6, aliases: [] },
  { name: 'Ealing', code: 'E09000009', short: 'EAL', inner: false, col: 2, row: 3, aliases: [] },
  { name: 'Enfield', code: 'E09000010', short: 'ENF', inner: false, col: 5, row: 1, aliases: [] },
  { name: 'Greenwich', code: 'E09000011', short: 'GRN', inner: false, col: 7, row: 5, aliases: ['Royal Borough of Greenwich'] },
  { name: 'Hackney', code: 'E09000012', short: 'HCK', inner: true, col: 6, row: 3, aliases: [] },
  { name: 'Hammersmith and Fulham', code: 'E09000013', short: 'HMS', inner: true, col: 2, row: 4, aliases: ['Hammersmith & Fulham', 'Hammersmith'] },
  { name: 'Haringey', code: 'E09000014', short: 'HGY', inner: true, col: 5, row: 2, aliases: [] },
  { name: 'Harrow', code: 'E09000015', short: 'HRW', inner: false, col: 3, row: 2, aliases: [] },
  { name: 'Havering', code: 'E09000016', short: 'HAV', inner: false, col: 8, row: 3, aliases: [] },
  { name: 'Hillingdon', code: 'E09000017', short: 'HDN', inner: false, col: 1, row: 3, aliases: [] },
  { name: 'Hounslow', code: 'E09000018', short: 'HNS', inner: false, col: 1, row: 4, aliases: [] },
  { name: 'Islington', code: 'E09000019', short: 'ISL', inner: true, col: 5, row: 3, aliases: [] },
  { name: 'Kensington and Chelsea', code: 'E09000020', short: 'KNS', inner: true, col: 3, row: 4, aliases: ['Kensington & Chelsea', 'Kensington', 'Royal Borough of Kensington and Chelsea'] },
  { name: 'Kingston upon Thames', code: 'E09000021', short: 'KNG', inner: false, col: 3, row: 6, aliases: ['Kingston', 'Kingston-upon-Thames', 'Royal Borough of Kingston upon Thames'] },
  { name: 'Lambeth', code: 'E09000022', short: 'LAM', inner: true, col: 4, row: 5, aliases: [] },
  { name: 'Lewisham', code: 'E09000023', short: 'LEW', inner: true, col: 6, row: 5, aliases: [] },
  { name: 'Merton', code: 'E09000024', short: 'MRT', inner: false, col: 4, row: 6, aliases: [] },
  { name: 'Newham', code: 'E09000025', short: 'NWM', inner: true, col: 7, row: 4, aliases: [] },
  { name: 'Redbridge', code: 'E09000026', short: 'RDB', inner: false, col: 7, row: 3, aliases: [] },
  { name: 'Richmond upon Thames', code: 'E09000027', short: 'RCH', inner: false, col: 2, row: 5, aliases: ['Richmond', 'Richmond-upon-Thames'] },
  { name: 'Southwark', code: 'E09000028', short: 'SWR', inner: true, col: 5, row: 5, aliases: [] },
  { name: 'Sutton', code: 'E09000029', short: 'SUT', inner: false, col: 4, row: 7, aliases: [] },
  { name: 'Tower Hamlets', code: 'E09000030', short: 'TOW', inner: true, col: 6, row: 4, aliases: [] },
  { name: 'Waltham Forest', code: 'E09000031', short: 'WTH', inner: false, col: 6, row: 2, aliases: [] },
  { name: 'Wandsworth', code: 'E09000032', short: 'WNS', inner: true, col: 3, row: 5, aliases: [] },
  { name: 'Westminster', code: 'E09000033', short: 'WST', inner: true, col: 4, row: 4, aliases: ['City of Westminster'] },
];

/** Rows in real files that are not boroughs. Left out of borough views; counted in London totals. */
export const NON_BOROUGH_AREAS: readonly string[] = [
  'Unknown',
  'London Heathrow and London City Airports',
  'Aviation Security',
];

/** The whole-London row name used where distinct counts cannot be summed (repeat_victims.csv). */
export const LONDON = 'London';

export const BOROUGH_NAMES: readonly string[] = BOROUGHS.map((b) => b.name);

/** Every area a reader can choose, in the order the Area list (and a presentation) gives them. */
export const AREAS_IN_LIST_ORDER: readonly string[] = [LONDON, ...[...BOROUGH_NAMES].sort()];

/** Folds case, '&' for 'and', hyphens and spacing so that spellings can be compared. */
export function spellingKey(raw: string): string {
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[-_.,']/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const byKey = new Map<string, Borough>();
for (const b of BOROUGHS) {
  byKey.set(spellingKey(b.name), b);
  byKey.set(spellingKey(b.code), b);
  for (const alias of b.aliases) byKey.set(spellingKey(alias), b);
}

/** The borough a spelling (name, alias or GSS code, any case) refers to, or undefined. */
export function findBorough(raw: string): Borough | undefined {
  return byKey.get(spellingKey(raw));
}

export function boroughByName(name: string): Borough | undefined {
  return BOROUGHS.find((b) => b.name === name);
}

/** True when the name is one of the known non-borough areas (any case). */
export function isNonBoroughArea(raw: string): boolean {
  const key = spellingKey(raw);
  return NON_BOROUGH_AREAS.some((a) => spellingKey(a) === key);
}
