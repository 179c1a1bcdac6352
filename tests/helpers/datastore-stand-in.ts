/**
 * A local stand-in for the London Datastore, for unit tests, browser tests and CI: an HTTP server
 * on 127.0.0.1 (a random port unless told) that publishes the datasets of datastore-catalogue.ts
 * as the Datastore does, so that `npm run data:fetch -- --base <its url>` works against it with
 * no other address contacted:
 *
 *   GET api/dataset/<id or slug>                 the Datastore's own API (DataPress): the dataset
 *                                                with `resources` keyed by resource id, as the
 *                                                GLA's client reads it (ldndatar2); 404 if none
 *   GET api/action/package_show?id=<id or slug>  its CKAN-compatible API: { success, result:
 *   (and api/3/action/package_show)              { resources: [...] } }, newest first
 *   GET download/<id or slug>/<resource id>/<file name>   the file
 *   GET files/<name>                             any file of the folder, in no dataset
 *
 * It can be told to misbehave as the real one may: a renamed resource, a missing dataset, a
 * download that is a 404, a truncated body or an HTML error page, and an API that cannot be
 * reached, answers with a web page, or is gone (leaving only the CKAN one).
 *
 * As a command (for CI, or by hand), serving until stopped:
 *
 *   npx tsx tests/helpers/datastore-stand-in.ts [--folder DIR] [--port N]
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultCatalogue, REAL_FOLDER, type StandInDataset, type StandInResource } from './datastore-catalogue';

export type { StandInDataset, StandInResource } from './datastore-catalogue';

/** How a download misbehaves. */
export type BrokenDownload = 'not-found' | 'truncated' | 'html';
/** How the datasets' API behaves: up; the connection dropped; a web page; only the CKAN API left. */
export type ApiState = 'up' | 'unreachable' | 'html' | 'ckan-only';

export interface StandInOptions {
  /** Where the real files are (default ../shared/data/real beside the repository). */
  folder?: string;
  /** The datasets (default: defaultCatalogue(folder)). */
  datasets?: StandInDataset[];
  port?: number;
  /**
   * The host in the addresses the API gives: the stand-in's own (default), or the real
   * Datastore's, as a mirror of its API would answer (data:fetch must then keep to the base).
   */
  addresses?: 'self' | 'datastore';
}

export interface DatastoreStandIn {
  /** The root, like https://data.london.gov.uk/: pass it to data:fetch as --base. */
  url: string;
  /** Every path asked for, in order (with its query). */
  requests: string[];
  /** The datasets as published now. */
  datasets(): StandInDataset[];
  /** Gives every resource titled `from` (in any dataset) a new title and file name. */
  rename(from: string, to: string): void;
  /** Takes a dataset off the Datastore: its API answers 404 and its files are gone. */
  removeDataset(id: string): void;
  /** Publishes one more resource (a monthly refresh, say). */
  addResource(dataset: string, resource: StandInResource): void;
  /** Makes the download of every resource with this file name misbehave. */
  breakDownload(fileName: string, how: BrokenDownload): void;
  setApi(state: ApiState): void;
  /** Back to the catalogue it started with, behaving well. */
  reset(): void;
  close(): Promise<void>;
}

const DATASTORE_ROOT = 'https://data.london.gov.uk/';
const TYPES: Record<string, string> = { csv: 'text/csv', geojson: 'application/geo+json', json: 'application/json', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', zip: 'application/zip' };
const ERROR_PAGE = '<!DOCTYPE html>\n<html lang="en"><head><title>Page not found – London Datastore</title></head><body><h1>Sorry, we could not find that page</h1></body></html>\n';

const formatOf = (r: StandInResource) => r.format ?? path.extname(r.title).slice(1).toLowerCase();
const clone = (datasets: StandInDataset[]): StandInDataset[] => datasets.map((d) => ({ ...d, aliases: [...d.aliases], resources: d.resources.map((r) => ({ ...r })) }));

export async function startDatastoreStandIn(options: StandInOptions = {}): Promise<DatastoreStandIn> {
  const folder = options.folder ?? REAL_FOLDER;
  const initial = clone(options.datasets ?? defaultCatalogue(folder));
  let datasets = clone(initial);
  let api: ApiState = 'up';
  const broken = new Map<string, BrokenDownload>();
  const requests: string[] = [];
  let root = '';

  const find = (key: string) => datasets.find((d) => d.id === key || d.slug === key || d.aliases.includes(key));
  const addressOf = (d: StandInDataset, r: StandInResource) =>
    `${options.addresses === 'datastore' ? DATASTORE_ROOT : root}download/${d.id}/${r.id}/${encodeURIComponent(r.title)}`;
  const sizeOf = async (r: StandInResource) => (await stat(r.source).catch(() => null))?.size ?? 0;

  /** The DataPress answer: the dataset, its resources keyed by id in upload order. */
  async function datapress(d: StandInDataset): Promise<unknown> {
    const resources: Record<string, unknown> = {};
    for (const [order, r] of d.resources.entries()) {
      resources[r.id] = {
        title: r.title,
        description: '',
        url: addressOf(d, r),
        format: formatOf(r),
        order,
        check_http_status: 200,
        check_size: await sizeOf(r),
        check_mimetype: TYPES[formatOf(r)] ?? 'application/octet-stream',
        check_timestamp: r.uploaded,
        ...(r.coverage ? { temporal_coverage_from: r.coverage.from, temporal_coverage_to: r.coverage.to } : {}),
      };
    }
    const updated = d.resources.map((r) => r.uploaded).sort().at(-1) ?? '2020-01-01T00:00:00.000Z';
    return {
      id: d.id,
      slug: d.slug,
      title: d.title,
      webpage: `${root}dataset/${d.slug}`,
      sharing: 'public',
      createdAt: '2015-01-01T00:00:00.000Z',
      updatedAt: updated,
      tags: [],
      topics: [],
      shares: [],
      readonly: [],
      resources,
    };
  }

  /** The CKAN answer: package_show's result, resources newest first. */
  async function ckan(d: StandInDataset): Promise<unknown> {
    const newestFirst = [...d.resources].sort((a, b) => b.uploaded.localeCompare(a.uploaded));
    const resources = [];
    for (const [position, r] of newestFirst.entries()) {
      resources.push({
        id: r.id,
        package_id: d.id,
        name: r.title,
        description: '',
        url: addressOf(d, r),
        format: formatOf(r).toUpperCase(),
        mimetype: TYPES[formatOf(r)] ?? null,
        size: await sizeOf(r),
        created: r.uploaded,
        last_modified: r.uploaded,
        position,
      });
    }
    return { help: `${root}api/3/action/help_show?name=package_show`, success: true, result: { id: d.id, name: d.slug, title: d.title, url: `${root}dataset/${d.slug}`, resources } };
  }

  function json(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  function page(res: http.ServerResponse, status: number): void {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(ERROR_PAGE) });
    res.end(ERROR_PAGE);
  }

  async function sendFile(res: http.ServerResponse, file: string, format: string, how: BrokenDownload | undefined): Promise<void> {
    if (how === 'not-found') return page(res, 404);
    // A web page where the file should be, with 200 OK, as a host's error page sometimes is.
    if (how === 'html') return page(res, 200);
    const bytes = await readFile(file);
    res.writeHead(200, { 'Content-Type': TYPES[format] ?? 'application/octet-stream', 'Content-Length': bytes.length });
    if (how === 'truncated') {
      // Half the body, then the connection drops, short of the promised Content-Length.
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
      return;
    }
    res.end(bytes);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    const parts = url.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));

    if (parts[0] === 'api') {
      if (api === 'unreachable') {
        req.socket.destroy();
        return;
      }
      if (api === 'html') return page(res, 200);
      const ckanPath = (parts[1] === 'action' && parts[2] === 'package_show') || (parts[1] === '3' && parts[2] === 'action' && parts[3] === 'package_show');
      if (ckanPath) {
        const d = find(url.searchParams.get('id') ?? '');
        if (!d) return json(res, 404, { help: `${root}api/3/action/help_show?name=package_show`, success: false, error: { message: 'Not found', __type: 'Not Found Error' } });
        return json(res, 200, await ckan(d));
      }
      if (parts[1] === 'dataset' && parts.length === 3 && api !== 'ckan-only') {
        const d = find(parts[2]!);
        if (!d) return json(res, 404, { error: 'Dataset not found' });
        return json(res, 200, await datapress(d));
      }
      return page(res, 404);
    }

    if (parts[0] === 'download' && parts.length === 4) {
      const d = find(parts[1]!);
      const r = d?.resources.find((x) => x.id === parts[2] && x.title === parts[3]);
      if (!r) return page(res, 404);
      return sendFile(res, r.source, formatOf(r), broken.get(r.title));
    }

    if (parts[0] === 'files' && parts.length === 2) {
      const names = await readdir(folder).catch(() => [] as string[]);
      const name = parts[1]!;
      if (!names.includes(name)) return page(res, 404);
      const file = path.join(folder, name);
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(name).slice(1)] ?? 'application/octet-stream', 'Content-Length': (await stat(file)).size });
      createReadStream(file).pipe(res);
      return;
    }
    page(res, 404);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    url: root,
    requests,
    datasets: () => clone(datasets),
    rename(from, to) {
      let found = false;
      for (const r of datasets.flatMap((d) => d.resources)) {
        if (r.title === from) {
          r.title = to;
          found = true;
        }
      }
      if (!found) throw new Error(`The stand-in publishes no file titled ${from}`);
    },
    removeDataset(id) {
      if (!find(id)) throw new Error(`The stand-in has no dataset ${id}`);
      datasets = datasets.filter((d) => d !== find(id));
    },
    addResource(dataset, resource) {
      const d = find(dataset);
      if (!d) throw new Error(`The stand-in has no dataset ${dataset}`);
      d.resources.push({ ...resource });
    },
    breakDownload(fileName, how) {
      broken.set(fileName, how);
    },
    setApi(state) {
      api = state;
    },
    reset() {
      datasets = clone(initial);
      api = 'up';
      broken.clear();
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function main(argv: readonly string[]): Promise<void> {
  const options: StandInOptions = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [arg, value] = [argv[i], argv[i + 1]];
    if (arg === '--folder' && value) options.folder = path.resolve(value);
    else if (arg === '--port' && value) options.port = Number(value);
    else throw new Error(`Usage: npx tsx tests/helpers/datastore-stand-in.ts [--folder DIR] [--port N] (not ${arg})`);
  }
  const standIn = await startDatastoreStandIn(options);
  const listed = standIn.datasets().map((d) => `${d.id} (${d.resources.length} files)`);
  console.log(`London Datastore stand-in at ${standIn.url}: datasets ${listed.join(', ')}; extra files at ${standIn.url}files/<name>.`);
  console.log(`Try: npm run data:fetch -- --base ${standIn.url} --out /tmp/fetched`);
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main(process.argv.slice(2));
}
