/**
 * The support list as the site ships it: the CSV is bundled as text (a few KB), so the Get support
 * page draws at once, needing neither DuckDB nor a fetch. The build has already refused a list with
 * problems, and read when it was last checked from SOURCES.md (vite.config.ts); the development
 * server only warns, and the page then lists the problems.
 */
import csv from '../../../data/support/services.csv?raw';
import { readServices, type SupportList } from './services';

let list: SupportList | null = null;

/** Read once, when first asked for. */
export function supportList(): SupportList {
  list ??= { ...readServices(csv), checked: import.meta.env.SUPPORT_LIST_CHECKED ?? null };
  return list;
}
