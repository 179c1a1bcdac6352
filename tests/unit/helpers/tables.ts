import { buildAllTableRows } from '../../../src/charts/data-table';

/**
 * The body rows of the data tables under `root`, built first as a reader opening them would have
 * them built (a table's rows wait until it is opened, read or the page is idle).
 */
export function tableRows(root: ParentNode): HTMLTableRowElement[] {
  buildAllTableRows(root);
  return [...root.querySelectorAll<HTMLTableRowElement>('tbody tr')];
}
