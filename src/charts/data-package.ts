/**
 * What travels with downloaded data: a README.txt for people and a datapackage.json for programs
 * (the Frictionless Data Package standard: https://specs.frictionlessdata.io/), both saying what the
 * figures are, where they came from, under what licence, the view they were downloaded from and when,
 * the months they cover, and what every column means.
 */
import type { DatasetColumn } from './dataset';

export interface PackageResource {
  /** File name inside the download. */
  path: string;
  title?: string;
  description?: string;
  columns: readonly DatasetColumn[];
}

export interface PackageAbout {
  /** Lower case letters, digits and hyphens: the package's name. */
  name: string;
  title: string;
  description?: string;
  /** Where the figures came from: the source line(s) the site shows. */
  sources: readonly string[];
  licences: readonly string[];
  /** The view the data was downloaded from. */
  url?: string;
  created: Date;
  /** First and last month covered. */
  months?: { first: string; last: string } | null;
  /** Sentences a reader needs (breaks in counting, small numbers, what London means). */
  notes?: readonly string[];
}

/** "2026-11-22 11:20" in local time: sorts and reads the same everywhere. */
export function formatDateTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** datapackage.json: the package and each CSV's table schema. */
export function dataPackageJson(about: PackageAbout, resources: readonly PackageResource[]): string {
  const descriptor = {
    profile: 'tabular-data-package',
    name: about.name,
    title: about.title,
    ...(about.description || about.notes?.length ? { description: [about.description, ...(about.notes ?? [])].filter(Boolean).join(' ') } : {}),
    created: about.created.toISOString(),
    ...(about.url ? { homepage: about.url } : {}),
    ...(about.months ? { temporalCoverage: { start: about.months.first, end: about.months.last } } : {}),
    sources: about.sources.map((title) => ({ title })),
    licenses: about.licences.map((title) => ({ title })),
    resources: resources.map((r) => ({
      profile: 'tabular-data-resource',
      name: r.path.replace(/\.[a-z]+$/, '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-'),
      path: r.path,
      ...(r.title ? { title: r.title } : {}),
      ...(r.description ? { description: r.description } : {}),
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      dialect: { delimiter: ',', header: true, lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true },
      schema: {
        fields: r.columns.map((c) => ({ name: c.name, type: c.type, description: c.description })),
        missingValues: [''],
      },
    })),
  };
  return `${JSON.stringify(descriptor, null, 2)}\n`;
}

/** README.txt: the same, for people, with a line per column. */
export function readmeText(about: PackageAbout, resources: readonly PackageResource[]): string {
  const lines: string[] = [about.title];
  if (about.description) lines.push('', about.description);
  lines.push('');
  about.sources.forEach((s, i) => lines.push(`${i === 0 ? 'Source:     ' : '            '}${s}`));
  about.licences.forEach((l, i) => lines.push(`${i === 0 ? 'Licence:    ' : '            '}${l}`));
  if (about.url) lines.push(`View:       ${about.url}`);
  lines.push(`Downloaded: ${formatDateTime(about.created)}`);
  if (about.months) lines.push(`Months:     ${about.months.first} to ${about.months.last}`);
  if (about.notes?.length) {
    lines.push('', 'Notes');
    for (const note of about.notes) lines.push(`- ${note}`);
  }
  lines.push(
    '',
    'Files',
    ...resources.map((r) => `- ${r.path}${r.title ? `: ${r.title}` : ''}`),
    '- datapackage.json: the same description for programs (Frictionless Data Package)',
    '',
    'Each CSV has one header row of column names, then one row per observation. Numbers are plain',
    '(a point for decimals, no thousands separators); an empty cell has no figure, and where a',
    'file has a status column it says why.',
  );
  for (const r of resources) {
    lines.push('', `Columns of ${r.path}`);
    for (const c of r.columns) lines.push(`- ${c.name} (${typeName(c)}): ${c.description}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

function typeName(c: DatasetColumn): string {
  switch (c.type) {
    case 'integer':
      return 'whole number';
    case 'number':
      return c.decimals !== undefined ? `number, ${c.decimals} decimal places` : 'number';
    case 'yearmonth':
      return 'month, YYYY-MM';
    case 'year':
      return 'year';
    default:
      return 'text';
  }
}
