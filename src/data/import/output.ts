/**
 * The contract files an import produces: CSV texts in the contract's column order, and a
 * manifest that says the data are official (sample: false), where each table came from, and the
 * Open Government Licence attribution. Pure: the caller writes the files (fs, or memory in the browser).
 */
import { tableSpec, type Manifest, type TableName } from '../contract';
import type { MergedImport, Provenance } from './merge';
import { periodRanges } from './periods';

export const OGL_ATTRIBUTION = 'Contains public sector information licensed under the Open Government Licence v3.0';
export const BOUNDARY_FILE = 'boundaries.geojson';

/** The manifest, plus a record of which periods came from which published file. */
export interface ImportedManifest extends Manifest {
  provenance: { table: string; series: string; file: string; periods: string; superseded?: string }[];
  boundarySource?: string;
}

export interface OutputFile {
  name: string;
  text: string;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(table: TableName, rows: readonly (readonly string[])[]): string {
  const header = tableSpec(table).columns.map((c) => c.name).join(',');
  const lines = [header];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

function provenanceEntry(p: Provenance): ImportedManifest['provenance'][number] {
  return {
    table: p.table,
    series: p.series,
    file: p.file,
    periods: periodRanges(p.periods) || 'none',
    ...(p.superseded.length > 0 ? { superseded: periodRanges(p.superseded) } : {}),
  };
}

export function buildOutput(merged: MergedImport, options: { generated: string }): { files: OutputFile[]; manifest: ImportedManifest } {
  const files: OutputFile[] = [];
  const entries: Manifest['files'] = [];
  for (const table of ['offences', 'population', 'england_wales'] as const) {
    const rows = merged.tables[table];
    if (!rows || rows.length === 0) continue;
    const path = `${table}.csv`;
    files.push({ name: path, text: toCsv(table, rows) });
    entries.push({
      table,
      path,
      source: (merged.sources[table] ?? []).map((f) => f.source).join('; '),
      licence: OGL_ATTRIBUTION,
    });
  }
  const manifest: ImportedManifest = {
    sample: false,
    title: 'Official data imported from published files',
    generated: options.generated,
    files: entries,
    provenance: merged.provenance.filter((p) => p.table !== 'ew_population' || p.periods.length > 0).map(provenanceEntry),
  };
  if (merged.boundaries) {
    files.push({ name: BOUNDARY_FILE, text: merged.boundaries.text });
    manifest.boundaries = BOUNDARY_FILE;
    manifest.boundarySource = `${merged.boundaries.source.source}; ${OGL_ATTRIBUTION}`;
  }
  files.push({ name: 'manifest.json', text: `${JSON.stringify(manifest, null, 2)}\n` });
  return { files, manifest };
}
