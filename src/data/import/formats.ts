/**
 * Every format the importer knows, and detection: the header and the first data rows are matched
 * against each format by the meaning of its columns (their names, header.ts, and for the MPS
 * files what they hold, columns.ts); the most complete match wins. A file that looks like a
 * format but lacks a required column gets a message naming the column, what was looked for and
 * what the columns hold; one whose columns cannot be told apart gets a message saying which;
 * a header like no format gets a message listing every format and its header.
 */
import type { Sample } from './columns';
import type { FormatDefinition, FormatMatch } from './format';
import { homeOfficeFormat } from './home-office';
import { mpsBoroughFormat } from './mps-borough';
import { mpsDashboardFormat } from './mps-dashboard';
import {
  censusDescriptionsFormat,
  censusKs101Format,
  glaDensityFormat,
  glaWidePopulationFormat,
  onsMidYearFormat,
} from './population';
import type { FormatInfo } from './result';

export const FORMATS: readonly FormatDefinition[] = [
  mpsBoroughFormat,
  mpsDashboardFormat,
  onsMidYearFormat,
  glaWidePopulationFormat,
  glaDensityFormat,
  censusKs101Format,
  homeOfficeFormat,
  censusDescriptionsFormat,
];

/** The boundary GeoJSON is recognised by its content (it is JSON, not CSV). */
export const BOUNDARY_FORMAT: FormatInfo = {
  id: 'borough-boundaries-geojson',
  label: 'London borough boundaries (GeoJSON)',
  source: 'Greater London Authority, Statistical GIS Boundary Files for London (contains National Statistics and Ordnance Survey data © Crown copyright and database right)',
};

export type Detection =
  | { ok: true; format: FormatDefinition; match: FormatMatch }
  | { ok: false; message: string; /** 0-based, when the problem is one column. */ column?: number };

/** The formats and their headers, one per line, for messages. */
export function knownFormatsList(): string {
  return FORMATS.map((f) => `  - ${f.info.label}: ${f.expects}`).join('\n') + `\n  - ${BOUNDARY_FORMAT.label}: a FeatureCollection with NAME and GSS_CODE`;
}

/** How far a match is from complete: each missing column counts, and so does an ambiguity. */
function shortfall(match: FormatMatch): number {
  return match.missing.length + (match.ambiguity !== undefined ? 1 : 0);
}

/** The format of a file, from its header and its first data rows (none for a header alone). */
export function detectFormat(header: readonly string[], sample: Sample = []): Detection {
  const candidates = FORMATS.map((format) => ({ format, match: format.match(header, sample) }))
    .filter((c): c is { format: FormatDefinition; match: FormatMatch } => c.match !== null);
  const complete = candidates.filter((c) => shortfall(c.match) === 0).sort((a, b) => b.match.score - a.match.score);
  if (complete[0]) return { ok: true, ...complete[0] };
  const closest = candidates.sort((a, b) => shortfall(a.match) - shortfall(b.match) || b.match.score - a.match.score)[0];
  const names = header.map((h) => h.trim()).join(', ');
  if (closest) {
    const { match } = closest;
    const found = match.found ?? `The header has: ${names}`;
    const column = match.column !== undefined ? { column: match.column } : {};
    if (match.ambiguity !== undefined) return { ok: false, message: `looks like ${closest.format.info.label} but ${match.ambiguity}. ${found}`, ...column };
    const lacks = match.missing.map((r) => `a ${r.label} column (looked for: ${r.examples.join(', ')})`).join('; ');
    return { ok: false, message: `looks like ${closest.format.info.label} but lacks ${lacks}. ${found}`, ...column };
  }
  return {
    ok: false,
    message: `has a header that matches no format the importer knows. The header has: ${names}\nKnown formats:\n${knownFormatsList()}`,
  };
}
