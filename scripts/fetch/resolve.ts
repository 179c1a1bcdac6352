/**
 * Where to download each published file from: the address its dataset's API gives for the newest
 * matching file, or, when the API cannot be reached or lists no such file, the fixed address in
 * the list, with the reason said.
 *
 * Every download stays on the base: an address the API gives on the Datastore's own host is
 * moved to the base (so `--base` moves the API and the downloads together, and a local stand-in
 * or mirror is never bypassed); an address on any other host is used only with the default base.
 */
import { describeDates, isCsv, listDataset, matching, newest, type Listing } from './datastore-api';
import type { PublishedFile } from './published-files';

/** The London Datastore: its API under api/, its files under download/. */
export const DATASTORE_ROOT = 'https://data.london.gov.uk/';

export interface Address {
  url: URL;
  /** The file name to save it under (the published one). */
  fileName: string;
  /** How the address was found, as a sentence for the report. */
  found: string;
  /** Where the address came from, as a phrase for a failed download's message. */
  origin: string;
  /** True when it is the fixed address from the list, not the API's. */
  fixed: boolean;
}

/** Asks each dataset's API once per run, however many files it has. */
export class DatasetLookup {
  private readonly listings = new Map<string, Promise<Listing>>();
  constructor(
    readonly root: URL,
    private readonly timeoutMs: number,
  ) {}
  list(dataset: string): Promise<Listing> {
    let listing = this.listings.get(dataset);
    if (!listing) {
      listing = listDataset(this.root, dataset, this.timeoutMs);
      this.listings.set(dataset, listing);
    }
    return listing;
  }
}

export async function resolveAddress(file: PublishedFile, lookup: DatasetLookup): Promise<Address> {
  const fixed = (why: string | null): Address => ({
    url: new URL(file.path, new URL('download/', lookup.root)),
    fileName: file.name,
    found: why
      ? `${file.name}: using the fixed address in data:fetch's list, which may be out of date, because ${why}.`
      : `${file.name}: using the fixed address in data:fetch's list (no dataset is named for it).`,
    origin: why ? `the fixed address in data:fetch's list, used because ${why}` : "the fixed address in data:fetch's list",
    fixed: true,
  });
  if (!file.dataset || !file.pattern) return fixed(null);

  const listing = await lookup.list(file.dataset);
  if (!listing.ok) {
    return fixed(
      listing.missing
        ? `the Datastore's API has no dataset ${file.dataset} (${listing.reason})`
        : `the Datastore's API for dataset ${file.dataset} could not be used (${listing.reason})`,
    );
  }
  const named = matching(listing.files, file.pattern);
  const csv = named.filter(isCsv);
  const chosen = newest(csv);
  if (!chosen) {
    const titles = listing.files.map((f) => `"${f.title}"`);
    const shown = titles.length > 12 ? [...titles.slice(0, 12), `and ${titles.length - 12} more`] : titles;
    return fixed(
      named.length > 0
        ? `dataset ${file.dataset} (${listing.from}) lists ${named.map((f) => `"${f.fileName}"`).join(', ')} but no CSV of it (the importer reads CSV)`
        : `dataset ${file.dataset} (${listing.from}) lists no file named like /${file.pattern}/i; it lists ${shown.length > 0 ? shown.join(', ') : 'no files'}`,
    );
  }
  const url = onBase(chosen.url, lookup.root);
  if (!url) {
    return fixed(`dataset ${file.dataset}'s API gives an address on another host (${chosen.url.href}), and with --base only ${lookup.root.origin} is used`);
  }
  const among = csv.length > 1 ? `, the newest of ${csv.length} matching files` : '';
  return {
    url,
    fileName: chosen.fileName,
    found: `${file.name}: dataset ${file.dataset}'s API (${listing.from}) lists it as "${chosen.title}" (resource ${chosen.resource}, ${describeDates(chosen)}${among}).`,
    origin: `the address dataset ${file.dataset}'s API gave`,
    fixed: false,
  };
}

/**
 * The address to download from, on the base: the Datastore's own host is replaced by the base's
 * (keeping the path); another host is kept only when the base is the Datastore itself.
 */
export function onBase(url: URL, root: URL): URL | null {
  if (url.origin === root.origin) return url;
  const datastore = new URL(DATASTORE_ROOT);
  if (url.origin === datastore.origin) return new URL(`${url.pathname.replace(/^\//, '')}${url.search}`, root);
  return root.origin === datastore.origin ? url : null;
}
