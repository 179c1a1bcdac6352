/** The plain-text account of an import: what each file was, what it gave, what was left out, and problems. */
import type { MergedImport, Provenance } from './merge';
import { periodRanges } from './periods';
import { describeImportProblem, type ImportProblem } from './problems';
import { describeChange } from './splice';
import type { FileResult } from './result';

const LEFT_OUT_SHOWN = 6;

function thousands(n: number): string {
  return n.toLocaleString('en-GB');
}

function fileLines(r: FileResult): string[] {
  const lines: string[] = [];
  const periods = Object.entries(r.latest).map(([table]) => {
    const all = new Set(r.series.filter((s) => s.table === table).flatMap((s) => [...s.byPeriod.keys()]));
    return `${table === 'ew_population' ? 'England and Wales population' : table} ${periodRanges(all)}`;
  });
  const what = r.format ? r.format.label : 'not imported';
  const rows = r.boundaries ? `${r.boundaries.features} features` : `${thousands(r.rows)} rows (${thousands(r.rowsUsed)} used)`;
  lines.push(`  ${r.file}: ${what}; ${rows}${r.encoding === 'windows-1252' ? '; read as Windows-1252' : ''}`);
  if (periods.length > 0) lines.push(`    holds: ${periods.join('; ')}`);
  if (r.leftOut.length > 0) {
    const shown = r.leftOut.slice(0, LEFT_OUT_SHOWN).map((l) => `${l.label} (${thousands(l.rows)})`).join('; ');
    const more = r.leftOut.length > LEFT_OUT_SHOWN ? `; and ${r.leftOut.length - LEFT_OUT_SHOWN} more` : '';
    lines.push(`    left out: ${shown}${more}`);
  }
  return lines;
}

function seriesName(p: Provenance): string {
  return p.table === 'ew_population' ? 'England and Wales population' : p.table === 'population' ? 'population' : `${p.table} ${p.series}`;
}

/** Series with the same sources are listed together ("offences rape, other_sexual"). */
function provenanceLines(merged: MergedImport): string[] {
  const bySeries = new Map<string, Provenance[]>();
  for (const p of merged.provenance) bySeries.set(seriesName(p), [...(bySeries.get(seriesName(p)) ?? []), p]);
  const groups = new Map<string, { names: string[]; entries: Provenance[] }>();
  for (const [name, entries] of bySeries) {
    const signature = JSON.stringify(entries.map((e) => [e.file, e.periods, e.superseded]));
    const group = groups.get(signature) ?? { names: [], entries };
    group.names.push(name);
    groups.set(signature, group);
  }
  const lines: string[] = [];
  for (const { names, entries } of groups.values()) {
    const [first, ...rest] = names;
    lines.push(`  ${[first, ...rest.map((n) => n.replace(/^offences |^england_wales /, ''))].join(', ')}:`);
    const used = entries.filter((e) => e.periods.length > 0).sort((a, b) => (a.periods[0]! < b.periods[0]! ? -1 : 1));
    for (const e of used) lines.push(`    ${periodRanges(e.periods)} from ${e.file}`);
    const replaced = entries.filter((e) => e.superseded.length > 0);
    if (replaced.length > 0) {
      lines.push(`    supplied instead by other files: ${replaced.map((e) => `${e.file} ${periodRanges(e.superseded)}${e.periods.length === 0 ? ' (none of it used)' : ''}`).join('; ')}`);
    }
  }
  return lines;
}

const seriesList = (series: readonly string[]) => `offences ${series.join(", ")},`;

export function formatReport(results: readonly FileResult[], merged: MergedImport | null): string[] {
  const lines = ['Files:'];
  for (const r of results) lines.push(...fileLines(r));
  if (merged) {
    lines.push(
      'Where each period came from (overlapping files are never added together: each month comes from the file that allocates most offences to boroughs, then the newest):',
    );
    lines.push(...provenanceLines(merged));
    if (merged.changes.length > 0) {
      lines.push('Changes of counting (no change is computed across these months):');
      const bySentence = new Map<string, string[]>();
      for (const c of merged.changes) {
        const sentence = `${c.month}: ${describeChange(c)}`;
        bySentence.set(sentence, [...(bySentence.get(sentence) ?? []), c.series]);
      }
      for (const [sentence, series] of bySentence) lines.push(`  ${seriesList(series)} ${sentence}`);
    }
    lines.push('Tables:');
    for (const [table, rows] of Object.entries(merged.tables)) {
      const periods = periodRanges(new Set(rows.map((r) => r[0]!)));
      lines.push(`  ${table}.csv: ${thousands(rows.length)} rows, ${periods}`);
    }
    if (merged.boundaries) lines.push(`  boundaries.geojson: from ${merged.boundaries.file}`);
    if (merged.latestMonth) lines.push(`Latest month: ${merged.latestMonth}`);
  }
  const problems: ImportProblem[] = [...results.flatMap((r) => r.problems), ...(merged?.problems ?? [])];
  lines.push(problems.length === 0 ? 'Problems: none' : 'Problems:');
  for (const p of problems) lines.push(`  ${describeImportProblem(p).replace(/\n/g, '\n    ')}`);
  return lines;
}
