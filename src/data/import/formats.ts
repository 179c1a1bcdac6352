/**
 * Every format the importer knows, and detection: a header is matched against each format by
 * the meaning of its columns (header.ts); the most complete match wins. A header that looks like
 * a format but lacks a required column gets a message naming the column and the spellings
 * looked for; a header like no format gets a message listing every format and its header.
 */
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
  | { ok: false; message: string };

/** The formats and their headers, one per line, for messages. */
export function knownFormatsList(): string {
  return FORMATS.map((f) => `  - ${f.info.label}: ${f.expects}`).join('\n') + `\n  - ${BOUNDARY_FORMAT.label}: a FeatureCollection with NAME and GSS_CODE`;
}

export function detectFormat(header: readonly string[]): Detection {
  const candidates = FORMATS.map((format) => ({ format, match: format.match(header) }))
    .filter((c): c is { format: FormatDefinition; match: FormatMatch } => c.match !== null);
  const complete = candidates.filter((c) => c.match.missing.length === 0).sort((a, b) => b.match.score - a.match.score);
  if (complete[0]) return { ok: true, ...complete[0] };
  const closest = candidates.sort((a, b) => a.match.missing.length - b.match.missing.length || b.match.score - a.match.score)[0];
  const found = header.map((h) => h.trim()).join(', ');
  if (closest) {
    const lacks = closest.match.missing.map((r) => `a ${r.label} column (looked for: ${r.examples.join(', ')})`).join('; ');
    return { ok: false, message: `looks like ${closest.format.info.label} but lacks ${lacks}. The header has: ${found}` };
  }
  return {
    ok: false,
    message: `has a header that matches no format the importer knows. The header has: ${found}\nKnown formats:\n${knownFormatsList()}`,
  };
}
