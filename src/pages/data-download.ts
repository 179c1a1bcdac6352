/**
 * "Download the data" on the Methodology page: what a chart's download holds, and the whole dataset
 * behind the site (the contract CSVs it loaded, sample or published, and manifest.json) file by file
 * or as one zip with a README and a datapackage.json, with a data dictionary from the data contract
 * (src/data/contract.ts), so that every column a reader downloads is explained in one place.
 */
import { fetchBytes, type DataInfo } from '../app/data-info';
import { dataPackageJson, readmeText, type PackageResource } from '../charts/data-package';
import type { ColumnType, DatasetColumn } from '../charts/dataset';
import { downloadBlob } from '../charts/export';
import { zipFiles } from '../charts/zip';
import { tableSpec, type ColumnKind, type ManifestFile } from '../data/contract';
import { SMALL_COUNT } from '../data/changes';
import { el, scrollingTable } from './prose';

const TYPES: Record<ColumnKind, ColumnType> = { month: 'yearmonth', year: 'year', financial_year: 'string', borough: 'string', enum: 'string', count: 'integer' };
const TYPE_WORDS: Record<ColumnType, string> = { yearmonth: 'month (YYYY-MM)', year: 'year', string: 'text', integer: 'whole number', number: 'number' };

const fileName = (path: string) => path.split('/').pop() ?? path;

/** A contract file's columns, as a download describes them. */
function columnsOf(file: ManifestFile): DatasetColumn[] {
  return tableSpec(file.table).columns.map((c) => ({
    name: c.name,
    type: TYPES[c.kind],
    // Each description of a column of fixed values names them.
    description: c.description ?? (c.values ? `One of: ${c.values.join(', ')}.` : ''),
  }));
}

/** The whole dataset as one zip: every file the manifest lists, manifest.json, README.txt and datapackage.json. */
async function datasetZip(data: DataInfo): Promise<Uint8Array> {
  const { manifest } = data;
  const files = await Promise.all(manifest.files.map(async (f) => ({ name: fileName(f.path), data: await fetchBytes(f.path) })));
  const resources: PackageResource[] = manifest.files.map((f) => ({ path: fileName(f.path), title: f.table, description: tableSpec(f.table).description, columns: columnsOf(f) }));
  const about = {
    name: manifest.sample ? 'london-dsv-dashboard-sample-data' : 'london-dsv-dashboard-data',
    title: `London Domestic and Sexual Violence Dashboard: ${manifest.sample ? 'sample data (generated, not official statistics)' : 'the data behind the figures'}`,
    description: `${manifest.title}. Files ${manifest.sample ? 'generated' : 'imported'} on ${manifest.generated}; manifest.json says which file gave which months.`,
    sources: [...new Set(manifest.files.map((f) => f.source))],
    licences: [...new Set(manifest.files.map((f) => f.licence))],
    url: location.href,
    created: new Date(),
    months: data.offences ? { first: data.offences.first, last: data.offences.latest } : null,
    notes: [
      "London's figures on the pages are the sum of every row, including areas that are not boroughs (Unknown, airports); borough figures leave those out.",
      'The MPS changed its crime recording system in February 2024: domestic abuse figures before and after are not comparable.',
    ],
  };
  return zipFiles([
    ...files,
    { name: 'manifest.json', data: await fetchBytes('manifest.json') },
    { name: 'README.txt', data: readmeText(about, resources) },
    { name: 'datapackage.json', data: dataPackageJson(about, resources) },
  ]);
}

/** The data dictionary: for each file, what a row is and what each column holds. */
function dictionary(files: readonly ManifestFile[]): HTMLElement[] {
  return files.flatMap((file) => {
    const { scroll, body } = scrollingTable(`Columns of ${fileName(file.path)}`, ['Column', 'Type', 'What it holds'], 'methodology__sources methodology__dictionary');
    for (const column of columnsOf(file)) {
      const row = el('tr');
      const name = el('th');
      name.scope = 'row';
      name.append(el('code', column.name));
      row.append(name, el('td', TYPE_WORDS[column.type]), el('td', column.description));
      body.append(row);
    }
    const heading = el('h3');
    heading.append(el('code', fileName(file.path)));
    return [heading, el('p', tableSpec(file.table).description ?? ''), scroll];
  });
}

export function downloadTheData(data: DataInfo): HTMLElement {
  const { manifest } = data;
  const section = el('section', undefined, 'prose__section data-download');
  section.id = 'download-the-data';
  section.append(
    el('h2', 'Download the data'),
    el(
      'p',
      'Every chart has a \u201cData (CSV, zip)\u201d button. It gives a zip of a CSV and two files saying what it is: README.txt, for people, and datapackage.json (a Frictionless Data Package), for programs. They give the chart\u2019s title, its source line (which files the figures came from), the licence, the address of the view and when it was downloaded, and what every column means.',
    ),
    el(
      'p',
      'The CSV loads as it is in pandas, R and Excel: one header row of column names, then one row per area and period. Numbers are plain (a point for decimals, no thousands separators). Each rate stands beside the count and the population it was worked out from, and the population\u2019s year; each percentage beside its numerator and denominator; each area beside its GSS code; each period as its first and last month. An empty cell has no figure, and the status column says why: missing (not in the data, never a 0), suppressed (a small count) or withheld (a count that would give a small one away).',
    ),
  );

  const what = manifest.sample ? 'the generated sample files (not official statistics)' : 'the files imported from the published sources';
  const intro = el('p', `The whole dataset behind this site is ${what}, in the form the dashboard reads, with manifest.json, which names each file\u2019s source and licence (and, for imported files, which published file gave which months). Files you load yourself with \u201cUse your own data files\u201d stay in your browser and are not among them.`);
  const list = el('ul', undefined, 'data-download__files');
  for (const file of [...manifest.files.map((f) => ({ path: f.path, about: tableSpec(f.table).description ?? '' })), { path: 'manifest.json', about: 'What the files are, their sources and licences.' }]) {
    const item = el('li');
    const link = el('a', fileName(file.path));
    link.href = `./data/${file.path}`;
    link.setAttribute('download', fileName(file.path));
    item.append(link, ` \u2014 ${file.about}`);
    list.append(item);
  }
  const button = el('button', 'Download every file (zip)', 'chart-export__button data-download__all');
  button.type = 'button';
  const status = el('span', '', 'data-download__status');
  status.setAttribute('role', 'status');
  let busy = false;
  button.addEventListener('click', () => {
    if (busy) return;
    busy = true;
    status.textContent = 'Preparing the zip\u2026';
    const name = manifest.sample ? 'london-dsv-dashboard-sample-data.zip' : 'london-dsv-dashboard-data.zip';
    datasetZip(data)
      .then((bytes) => {
        downloadBlob(new Blob([bytes as BlobPart], { type: 'application/zip' }), name);
        status.textContent = `Downloaded ${name}`;
      })
      .catch((error: unknown) => {
        status.textContent = `The zip could not be made: ${error instanceof Error ? error.message : String(error)}`;
      })
      .finally(() => (busy = false));
  });
  const actions = el('p', undefined, 'data-download__actions');
  actions.append(button, ' ', status);
  section.append(el('h3', 'The whole dataset'), intro, actions, list, el('h3', 'Data dictionary'), ...dictionary(manifest.files));
  section.append(
    el(
      'p',
      `Changes between two years on the pages follow one rule: none across a change of counting, none across a material change in the share of offences not allocated to a borough, and none as a percentage where either year has fewer than ${SMALL_COUNT} (see \u201cChanges and small numbers\u201d above).`,
    ),
  );
  return section;
}
