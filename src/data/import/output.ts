/**
 * The contract files an import produces: CSV texts in the contract's column order, and a
 * manifest that says the data are official (sample: false), where each table came from, and the
 * Open Government Licence attribution. Pure: the caller writes the files (fs, or memory in the browser).
 */
import type { FeatureCollection } from 'geojson';
import { tableSpec, type Manifest, type ProvenanceEntry, type TableName } from '../contract';
import type { MergedImport, Provenance } from './merge';
import { periodRanges } from './periods';
import { describeChange } from './splice';
import { monthLabel } from '../months';
import { boundariesForDisplay } from './display-boundaries';

export const OGL_ATTRIBUTION = 'Contains public sector information licensed under the Open Government Licence v3.0';
export const BOUNDARY_FILE = 'boundaries.geojson';

/** The manifest, with its record of which periods came from which published file. */
export interface ImportedManifest extends Manifest {
  provenance: ProvenanceEntry[];
}

/**
 * What each population format's figures are, for the manifest's populationNote: rates are only as
 * good as their denominators, and readers must be told when these are projections, or persons only.
 */
const POPULATION_FIGURES: Record<string, string> = {
  'ons-mid-year-estimates': 'ONS mid-year population estimates, by sex and age',
  'gla-borough-population':
    "the GLA's borough population for all persons (not by sex or age): the values of the GLA's population projections, not ONS mid-year estimates",
  'gla-population-density':
    "the GLA's Land Area and Population Density figures for all persons: ONS mid-year estimates where the file gives them, GLA projections for other years",
  'ons-census-2011-ks101ew': 'the 2011 Census count of usual residents, by sex',
};

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

function provenanceEntry(p: Provenance): ProvenanceEntry {
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
  const population = (merged.sources.population ?? []).map((f) => POPULATION_FIGURES[f.id] ?? f.source);
  if (population.length > 0) manifest.populationNote = population.join('; and ');
  if (merged.changes.length > 0) {
    manifest.countingChanges = merged.changes.map((c) => ({ ...c, table: c.table, note: describeChange(c, monthLabel) }));
  }
  if (merged.boundaries) {
    // Outlines for the map, simplified for the screen (display-boundaries.ts); the source says so.
    const display = boundariesForDisplay(JSON.parse(merged.boundaries.text) as FeatureCollection);
    const points = (n: number) => n.toLocaleString('en-GB');
    files.push({ name: BOUNDARY_FILE, text: display.text });
    manifest.boundaries = BOUNDARY_FILE;
    manifest.boundarySource =
      `${merged.boundaries.source.source}, file ${merged.boundaries.file}, simplified for the map ` +
      `(${points(display.points.published)} points to ${points(display.points.kept)}; borders between boroughs kept shared)`;
  }
  files.push({ name: 'manifest.json', text: `${JSON.stringify(manifest, null, 2)}\n` });
  return { files, manifest };
}
