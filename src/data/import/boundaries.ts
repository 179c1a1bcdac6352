/**
 * Borough boundary GeoJSON (GLA "Statistical GIS Boundary Files for London",
 * London_Borough_Excluding_MHW, in WGS84): checked against the registry, for the map (which
 * draws its outlines simplified for the screen: display-boundaries.ts). Every feature must name a
 * London borough (by GSS_CODE or NAME), name and code must agree, and each of the 33 must appear
 * exactly once.
 */
import { BOROUGHS, findBorough } from '../boroughs';
import { nearestAreaName } from './areas';
import type { ProblemList } from './problems';

const CODE_KEYS = ['GSS_CODE', 'gss_code', 'code', 'CODE', 'LAD23CD', 'LAD22CD', 'LAD21CD', 'lad23cd', 'ctyua_code'];
const NAME_KEYS = ['NAME', 'name', 'Name', 'LAD23NM', 'LAD22NM', 'LAD21NM', 'lad23nm', 'borough'];

function firstString(properties: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = properties[k];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return undefined;
}

export interface BoundaryCheck {
  features: number;
  /** Registry names in feature order. */
  names: string[];
}

/** Checks the text of a boundary file; problems go to the list. Returns null when it is not usable. */
export function checkBoundaries(text: string, problems: ProblemList): BoundaryCheck | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    problems.error(`is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  const collection = json as { type?: unknown; features?: unknown };
  if (collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    problems.error('is JSON but not a GeoJSON FeatureCollection of borough boundaries');
    return null;
  }
  const names: string[] = [];
  const seen = new Map<string, number>();
  collection.features.forEach((feature: unknown, i: number) => {
    const f = feature as { properties?: Record<string, unknown> | null; geometry?: { type?: unknown } | null };
    const properties = f.properties ?? {};
    const code = firstString(properties, CODE_KEYS);
    const name = firstString(properties, NAME_KEYS);
    const byCode = code ? findBorough(code) : undefined;
    const byName = name ? findBorough(name) : undefined;
    const label = `feature ${i + 1}${name ? ` ("${name}")` : ''}`;
    const type = f.geometry?.type;
    if (type !== 'Polygon' && type !== 'MultiPolygon') problems.error(`${label} has no Polygon or MultiPolygon geometry`);
    const borough = byCode ?? byName;
    if (!borough) {
      problems.error(`${label} is not a London borough the dashboard knows${name ? ` (nearest known name: "${nearestAreaName(name)}")` : ' (it has no NAME or GSS_CODE)'}`);
      return;
    }
    if (byCode && byName && byCode !== byName) {
      problems.error(`${label} has the code ${code} of ${byCode.name} but the name of ${byName.name}`);
    }
    const before = seen.get(borough.name);
    if (before !== undefined) problems.error(`${label} repeats ${borough.name} (also feature ${before})`);
    seen.set(borough.name, i + 1);
    names.push(borough.name);
  });
  const absent = BOROUGHS.filter((b) => !seen.has(b.name)).map((b) => b.name);
  if (absent.length > 0) problems.error(`has no boundary for ${absent.join(', ')} (the map needs all ${BOROUGHS.length})`);
  return { features: collection.features.length, names };
}
