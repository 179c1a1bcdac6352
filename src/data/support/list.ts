/**
 * The support list as the site ships it: the CSV and SOURCES.md are bundled as text (a few KB), so
 * the Get support page draws at once, needing neither DuckDB nor a fetch. The build has already
 * refused a list with problems (vite.config.ts); the development server only warns, and the page
 * then lists the problems.
 */
import csv from '../../../data/support/services.csv?raw';
import sources from '../../../data/support/SOURCES.md?raw';
import { readSupportList, type SupportList } from './services';

let list: SupportList | null = null;

/** Read once, when first asked for. */
export function supportList(): SupportList {
  list ??= readSupportList(csv, sources);
  return list;
}
