/**
 * The borough map as pages use it: a picker as well as a chart. Clicking the chosen borough again
 * returns to London; focus stays on the map when it is redrawn under the reader's keyboard; a
 * boundary file named by the manifest gives the geographic map, otherwise tiles.
 */
import { boroughMap, focusBorough, showSelectedBorough, type BoroughFeatureCollection } from '../charts';
import { isBoroughArea, type ViewState } from '../app/state';
import { LONDON } from '../data/boroughs';
import type { PageContext } from './page';

export const CITY_NO_DATA = 'Policed by the City of London Police: no MPS data';

/** The map's line under its title on paper, which cannot be tapped: what the map and its list show. */
export const PRINTED_MAP_NOTE = 'Each borough is shaded by its figure; the list beside the map gives every borough from highest to lowest.';

export interface AreaMapValue {
  borough: string;
  /** The shaded value, or null where the borough has no data at all. */
  value: number | null;
  /** The value in words, e.g. "3.4 per 1,000 residents". */
  label: string;
  /** True when the borough has no rows (as opposed to a zero). */
  missing: boolean;
}

export function areaMap(
  values: readonly AreaMapValue[],
  options: {
    context: PageContext;
    state: ViewState;
    /** The card the map is drawn in: focus inside it is put back on the redrawn map. */
    card: HTMLElement;
    title: string;
    subtitle: string;
    source: string;
    measureLabel: string;
    formatValue: (value: number) => string;
    width: number;
    /** The height the map may take (a presentation slide). */
    height?: number | undefined;
    /** The area chosen now, if it can change without the map being drawn again (see markChosenArea). */
    currentArea?: () => string;
  },
): HTMLElement {
  const { context, state } = options;
  const currentArea = options.currentArea ?? (() => state.area);
  const rows = values.map((v) => {
    const noData = v.missing ? (v.borough === 'City of London' ? CITY_NO_DATA : 'No data') : undefined;
    return { borough: v.borough, value: v.value, label: v.value === null ? (noData ?? 'No data') : v.label, ...(noData ? { noData } : {}) };
  });
  const hadFocus = options.card.contains(document.activeElement);
  const geojson = context.data.boundaries as BoroughFeatureCollection | null;
  const figure = boroughMap(rows, {
    title: options.title,
    subtitle: options.subtitle,
    // The outlines are published data too: the geographic map names them (the tiles are our own drawing).
    source: geojson && context.data.manifest.boundarySource ? `${options.source}; borough outlines: ${context.data.manifest.boundarySource}` : options.source,
    measureLabel: options.measureLabel,
    mode: geojson ? 'geo' : 'tiles',
    ...(geojson ? { geojson } : {}),
    ...(isBoroughArea(state.area) ? { selected: state.area } : {}),
    onSelect: (borough) => context.navigate({ area: borough === currentArea() ? LONDON : borough }),
    formatValue: options.formatValue,
    width: options.width,
    // On a slide, or the first printed page, the card layer gives the height that fills it.
    ...(options.height ? { height: options.height } : {}),
  });
  if (hadFocus && isBoroughArea(state.area)) queueMicrotask(() => focusBorough(figure, state.area));
  return figure;
}

/**
 * On a borough switch the map's figures are the same (they are every borough's): the card keeps its
 * drawing, and this marks the newly chosen area on it (London: none).
 */
export function markChosenArea(card: HTMLElement, area: string): void {
  showSelectedBorough(card, isBoroughArea(area) ? area : undefined);
}
