/**
 * Asking the London Datastore which files a dataset has, and picking the one wanted.
 *
 * Two APIs answer for a dataset, both keyed by its id (the code at the end of its page's address)
 * or its slug, and we ask the first, then the second:
 *
 * - The Datastore's own (DataPress): GET api/dataset/<id> gives the dataset as JSON whose
 *   `resources` maps each resource id to { title, url, format, order, check_timestamp,
 *   check_size, check_mimetype, temporal_coverage_from, temporal_coverage_to, … }; a missing
 *   dataset is HTTP 404 (Greater-London-Authority/ldndatar2, the GLA's own client:
 *   R/lds_download_metadata.R and its test fixture tests/testthat/data.london.gov.uk/api/dataset/
 *   test-dataset.json; it is also read so for dataset exy3m in public code resolving the newest
 *   "most recent 24 months" file by temporal_coverage_to and check_timestamp).
 * - Its CKAN-compatible one: GET api/action/package_show?id=<id> gives { success, result:
 *   { resources: [{ id, name, url, format, created, last_modified, … }] } }
 *   (fenneh/london-crime-data, london_crime/_fetch.py, for exy3m, e5n6w and 2yod5).
 *
 * Each monthly refresh is a new resource, so a dataset may list several files that match: the
 * newest is the one covering the latest period, then the one uploaded last (see newer()).
 */

export interface DatastoreFile {
  /** The resource id (a new one for each upload). */
  resource: string;
  title: string;
  /** The last segment of its address, decoded: the file's own name. */
  fileName: string;
  /** Its address as the API gave it, resolved against the API's address. */
  url: URL;
  /** Lower case: csv, xlsx, zip, … (from the API, else the file name's extension). */
  format: string;
  /** The end of the period it covers, when the publisher said (ms since 1970). */
  coverageEnd: number | null;
  /** When it was uploaded or last changed, when the API says. */
  uploaded: number | null;
  /** When the Datastore last checked its link (a weak sign of age: every link is checked). */
  checked: number | null;
  /** Position in the API's list. */
  position: number;
}

export type Listing =
  | { ok: true; files: DatastoreFile[]; /** The address that answered. */ from: string }
  | { ok: false; /** Why no list was had, in plain words, for each API asked. */ reason: string; /** Every API said the dataset does not exist. */ missing: boolean };

/** The two API addresses for a dataset, in the order they are asked. */
export function apiAddresses(root: URL, dataset: string): URL[] {
  const id = encodeURIComponent(dataset);
  return [new URL(`api/dataset/${id}`, root), new URL(`api/action/package_show?id=${id}`, root)];
}

/** Lists a dataset's files: the first API that answers with a list wins. */
export async function listDataset(root: URL, dataset: string, timeoutMs: number): Promise<Listing> {
  const failures: string[] = [];
  let missing = 0;
  const addresses = apiAddresses(root, dataset);
  for (const address of addresses) {
    const answer = await askApi(address, timeoutMs);
    if (answer.ok) return { ok: true, files: answer.files, from: address.href };
    if (answer.missing) missing++;
    failures.push(`${address.href} ${answer.reason}`);
  }
  return { ok: false, reason: failures.join('; '), missing: missing === addresses.length };
}

type Answer = { ok: true; files: DatastoreFile[] } | { ok: false; reason: string; missing: boolean };

async function askApi(address: URL, timeoutMs: number): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(address, { signal: AbortSignal.timeout(timeoutMs), headers: { Accept: 'application/json' }, redirect: 'follow' });
  } catch (error) {
    return { ok: false, reason: `could not be reached (${describe(error)})`, missing: false };
  }
  const text = await response.text().catch(() => '');
  if (response.status === 404) return { ok: false, reason: 'answered HTTP 404: no such dataset', missing: true };
  if (!response.ok) return { ok: false, reason: `answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, missing: false };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const page = /^\s*</.test(text) ? 'a web page' : 'something';
    return { ok: false, reason: `answered with ${page}, not JSON`, missing: false };
  }
  const files = readResources(json, address);
  if (!files) return { ok: false, reason: 'answered JSON without a list of files', missing: false };
  return { ok: true, files };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The resources of either API's answer, or null when it has none of the known shapes. */
export function readResources(json: unknown, base: URL): DatastoreFile[] | null {
  if (!isObject(json)) return null;
  // CKAN: { success: true, result: { resources: [...] } }
  if (isObject(json.result) && Array.isArray(json.result.resources)) {
    if (json.success === false) return null;
    return json.result.resources.filter(isObject).flatMap((r, i) => toFile(r, text(r.id), i, base));
  }
  // DataPress: { resources: { <id>: {...} } } (a list is accepted too)
  const resources = json.resources;
  if (isObject(resources)) return Object.entries(resources).flatMap(([id, r], i) => (isObject(r) ? toFile(r, id, i, base) : []));
  if (Array.isArray(resources)) return resources.filter(isObject).flatMap((r, i) => toFile(r, text(r.id), i, base));
  return null;
}

function toFile(r: Json, resource: string, position: number, base: URL): DatastoreFile[] {
  if (!text(r.url)) return [];
  let url: URL;
  try {
    url = new URL(text(r.url), base);
  } catch {
    return [];
  }
  const last = url.pathname.split('/').filter(Boolean).at(-1) ?? '';
  let fileName = last;
  try {
    fileName = decodeURIComponent(last);
  } catch {
    // Keep the segment as it is.
  }
  const title = text(r.title) || text(r.name) || fileName;
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1] ?? '';
  return [
    {
      resource,
      title,
      fileName,
      url,
      format: (text(r.format) || extension).toLowerCase().replace(/^\./, ''),
      coverageEnd: date(r.temporal_coverage_to ?? r.timeframeTo),
      uploaded: date(r.last_modified ?? r.timestamp ?? r.created),
      checked: date(r.check_timestamp),
      position,
    },
  ];
}

function date(value: unknown): number | null {
  const ms = Date.parse(text(value));
  return Number.isFinite(ms) ? ms : null;
}

/** The files whose title or file name matches the pattern (without regard to case). */
export function matching(files: readonly DatastoreFile[], pattern: string): DatastoreFile[] {
  const re = new RegExp(pattern, 'i');
  return files.filter((f) => re.test(f.title) || re.test(f.fileName));
}

/** A CSV: the importer reads CSV (and GeoJSON) only, so a matching spreadsheet is no use. */
export function isCsv(file: DatastoreFile): boolean {
  return file.format === 'csv' || /\.csv$/i.test(file.fileName);
}

/**
 * Whether a is newer than b: compared by the period covered when both say, else by upload time
 * when both say, else by the last link check; with nothing to tell them apart, the one listed
 * first (CKAN lists the newest first).
 */
export function newer(a: DatastoreFile, b: DatastoreFile): boolean {
  for (const key of ['coverageEnd', 'uploaded', 'checked'] as const) {
    const x = a[key];
    const y = b[key];
    if (x !== null && y !== null && x !== y) return x > y;
  }
  return a.position < b.position;
}

/** The newest of the files, or null when there are none. */
export function newest(files: readonly DatastoreFile[]): DatastoreFile | null {
  return files.reduce<DatastoreFile | null>((best, f) => (best === null || newer(f, best) ? f : best), null);
}

/** How a file was told from the others, for the report: its dates, where known. */
export function describeDates(file: DatastoreFile): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const parts = [
    file.coverageEnd !== null ? `covering to ${day(file.coverageEnd)}` : '',
    file.uploaded !== null ? `uploaded ${day(file.uploaded)}` : '',
    file.coverageEnd === null && file.uploaded === null && file.checked !== null ? `link checked ${day(file.checked)}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'undated';
}
