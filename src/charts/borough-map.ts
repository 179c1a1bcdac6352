/**
 * London's 33 local authorities shaded by a measure, as a square tile map (every borough the same size,
 * so small inner boroughs are as visible as Bromley) or as a geographic map. The map doubles as a
 * borough picker: each shape is a toggle button reachable with the keyboard.
 *
 * Read without hovering (a phone shows no tooltips, and paper none at all): under the map (or beside
 * it, where there is room) the chosen borough's full name and figure, and every borough from highest
 * to lowest with its code, which is the key to the three-letter codes on the tiles, and on the
 * geographic map's shapes wherever the code fits inside the shape.
 */

import { geoMercator, geoPath, polygonContains, type GeoProjection } from 'd3';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { BOROUGHS, type Borough } from '../data/boroughs';
import { classIndex, quantileClasses, rampForClasses, type ValueClass } from './classes';
import { textColourOn } from './contrast';
import { dataTable } from './data-table';
import { html, idFromTitle, resolveDocument, svg } from './dom';
import { chartFigure } from './figure';
import { autoFormat } from './format';
import { windForD3 } from './geo-winding';
import { legend, swatch, type LegendItem } from './legend';
import { FOCUS_COLOUR, NO_DATA_HATCH, SEQUENTIAL_BLUES, TEXT_COLOUR } from './palette';
import { directionForKey, nearestInDirection, type Point } from './spatial-nav';

export interface BoroughMapRow {
  /** ONS name (see src/data/boroughs.ts). */
  borough: string;
  /** The shaded value; null when there is none (the shape is hatched). */
  value: number | null;
  /** The value in words, e.g. "1,234 offences" or "3.4 per 1,000 residents". */
  label: string;
  /** Why there is no value, e.g. "Policed by the City of London Police: no MPS data". */
  noData?: string;
}

export interface BoroughFeatureProperties {
  NAME: string;
  GSS_CODE: string;
}

export type BoroughFeatureCollection = FeatureCollection<Geometry, BoroughFeatureProperties>;

export interface BoroughMapOptions {
  title: string;
  subtitle?: string;
  /** Text summary for screen readers; defaults to one naming the highest and lowest boroughs. */
  description?: string;
  source: string;
  /** Legend title, e.g. "Domestic abuse offences per 1,000 residents". */
  measureLabel: string;
  /** 'tiles' (default) or 'geo'; 'geo' needs `geojson` and falls back to tiles without it. */
  mode?: 'tiles' | 'geo';
  /** Borough boundaries (WGS84, properties NAME and GSS_CODE). */
  geojson?: BoroughFeatureCollection;
  /** ONS name of the selected borough. */
  selected?: string;
  /** Called with the ONS name when a shape is clicked, tapped, or activated with Enter or Space. */
  onSelect?: (borough: string) => void;
  /** Formats values in the legend and on tiles; defaults to counts or one decimal place. */
  formatValue?: (value: number) => string;
  /** Number of colour classes (at most 5). */
  classes?: number;
  /** Available width in CSS pixels; the map scales to it. */
  width?: number;
  /** The height the map may take (a presentation slide): the map is drawn no taller. */
  height?: number;
  id?: string;
  document?: Document;
}

/** One drawable borough: its outline as an SVG path, and where its centre is for arrow-key movement. */
interface MapShape {
  borough: Borough;
  d: string;
  centre: Point;
  /** Tile maps only: the square, for placing the label. */
  tile?: { x: number; y: number; size: number };
  /** Geographic maps only: where the code goes, and its size, when it fits inside the shape. */
  label?: { x: number; y: number; size: number };
  /**
   * Where the chosen and focus outlines are drawn: around a tile, outside it, so that the thick line
   * never covers the tile's label (on a phone's 33 px tile, "NWM" fills it); a shape's own outline on
   * the geographic map.
   */
  outline: { selection: string; focus: string };
}

const GRID_COLUMNS = 8;
const GRID_ROWS = 7;
const TILE_GAP = 3;
/** Big enough for a projector, small enough that the whole grid fits beside a legend on a laptop. */
const MAX_TILE = 76;
const MIN_TILE = 34;
const MAX_GEO_WIDTH = 820;
const GEO_PADDING = 6;
/** The chosen borough's outline and the focus ring's halo are this wide (the ring's line is 3). */
const SELECTION_STROKE = 4;
const FOCUS_HALO = 9;
/** Room the list and legend need to sit beside the map rather than under it. */
const SIDE_MIN = 240;
const SIDE_GAP = 24;

/** A square path: the tile's, or one around it `by` pixels out (stroke centred on it, so that half sits outside). */
const square = (x: number, y: number, side: number, by = 0) => `M${x - by},${y - by}h${side + 2 * by}v${side + 2 * by}h${-(side + 2 * by)}Z`;

function tileShapes(width: number, maxHeight: number): { shapes: MapShape[]; width: number; height: number } {
  // The outlines round the outer tiles are drawn past the map's edge, into the card's padding
  // (charts.css lets the map's drawing overflow): every pixel of the width goes to the tiles.
  const size = Math.max(MIN_TILE, Math.min(MAX_TILE, Math.floor(Math.min(width / GRID_COLUMNS, maxHeight / GRID_ROWS))));
  const shapes = BOROUGHS.map((borough) => {
    const x = (borough.col - 1) * size + TILE_GAP / 2;
    const y = (borough.row - 1) * size + TILE_GAP / 2;
    const side = size - TILE_GAP;
    return {
      borough,
      d: square(x, y, side),
      centre: { x: x + side / 2, y: y + side / 2 },
      tile: { x, y, size: side },
      outline: { selection: square(x, y, side, SELECTION_STROKE / 2), focus: square(x, y, side, FOCUS_HALO / 2) },
    };
  });
  return { shapes, width: size * GRID_COLUMNS, height: size * GRID_ROWS };
}

/**
 * The geographic map's shapes, worked out once per boundaries, width and height: projecting every
 * outline and finding where each code fits is the costly part of drawing the map (about a second on
 * a slow phone), and the page draws the same map again when DuckDB takes over, and on every redraw.
 * The shapes are plain data, never changed by the map that uses them.
 */
const geoShapesMade = new WeakMap<BoroughFeatureCollection, Map<string, ReturnType<typeof makeGeoShapes>>>();

function geoShapes(geojson: BoroughFeatureCollection, width: number, maxHeight: number): { shapes: MapShape[]; width: number; height: number } {
  let made = geoShapesMade.get(geojson);
  if (!made) geoShapesMade.set(geojson, (made = new Map()));
  const key = `${width}×${maxHeight}`;
  let shapes = made.get(key);
  if (!shapes) {
    made.set(key, (shapes = makeGeoShapes(geojson, width, maxHeight)));
    // A window resized by hand passes through many widths: keep the last few.
    if (made.size > 6) made.delete(made.keys().next().value!);
  }
  return shapes;
}

function makeGeoShapes(geojson: BoroughFeatureCollection, width: number, maxHeight: number): { shapes: MapShape[]; width: number; height: number } {
  const byCode = new Map<string, Feature<Geometry, BoroughFeatureProperties>>();
  for (const feature of geojson.features) byCode.set(feature.properties.GSS_CODE, windForD3(feature));
  const features = BOROUGHS.flatMap((b) => {
    const feature = byCode.get(b.code);
    return feature ? [{ borough: b, feature }] : [];
  });
  const collection: FeatureCollection = { type: 'FeatureCollection', features: features.map((f) => f.feature) };

  let drawWidth = Math.min(width, MAX_GEO_WIDTH);
  // Fit to the width first to learn London's aspect ratio, then fit inside the padded box (narrower,
  // when that would be taller than the map may be).
  const probe = geoPath(geoMercator().fitWidth(drawWidth - 2 * GEO_PADDING, collection)).bounds(collection);
  const aspect = (probe[1][1] - probe[0][1]) / (probe[1][0] - probe[0][0]);
  if ((drawWidth - 2 * GEO_PADDING) * aspect + 2 * GEO_PADDING > maxHeight) drawWidth = Math.floor((maxHeight - 2 * GEO_PADDING) / aspect + 2 * GEO_PADDING);
  const height = Math.ceil((drawWidth - 2 * GEO_PADDING) * aspect) + 2 * GEO_PADDING;
  const projection = geoMercator().fitExtent(
    [
      [GEO_PADDING, GEO_PADDING],
      [drawWidth - GEO_PADDING, height - GEO_PADDING],
    ],
    collection,
  );
  const path = geoPath(projection).digits(1);
  const shapes = features.map(({ borough, feature }) => {
    const [x, y] = path.centroid(feature);
    const d = path(feature) ?? '';
    const label = geoLabelPlace(feature, projection, borough.short, { x, y }, path.bounds(feature));
    return { borough, d, centre: { x, y }, ...(label ? { label } : {}), outline: { selection: d, focus: d } };
  });
  return { shapes, width: drawWidth, height };
}

/** The sizes a code on the geographic map is tried at, largest first: below 10 px it is not legible. */
const GEO_LABEL_SIZES = [12, 10];
/** Roughly how wide a capital is, in ems, in the regular weight of a sans-serif (W is the widest). */
const capWidth = (letter: string) => (letter === 'W' || letter === 'M' ? 0.95 : 0.72);

/**
 * Where a borough's code fits wholly inside its shape (every corner, edge middle and the centre of
 * the code's box, with a pixel to spare, inside the boundary as drawn), at the larger size if it can:
 * at the shape's centroid, else the point nearest it that fits (a long, narrow borough's middle may be
 * outside it, or too thin there). Null when it fits nowhere (a small inner borough on a phone: its code
 * is in the list, and a tap names it).
 */
function geoLabelPlace(
  feature: Feature<Geometry, BoroughFeatureProperties>,
  projection: GeoProjection,
  code: string,
  centroid: Point,
  bounds: [[number, number], [number, number]],
): { x: number; y: number; size: number } | null {
  const polygons = projectedPolygons(feature.geometry, projection);
  const inside = (x: number, y: number) => polygons.some(([outer, ...holes]) => !!outer && polygonContains(outer, [x, y]) && !holes.some((hole) => polygonContains(hole, [x, y])));
  // The centroid, then a grid over the shape's box, nearest the centroid first.
  const [[left, top], [right, bottom]] = bounds;
  const steps = 8;
  const grid: Point[] = [];
  for (let i = 1; i < steps; i++) {
    for (let j = 1; j < steps; j++) grid.push({ x: left + ((right - left) * i) / steps, y: top + ((bottom - top) * j) / steps });
  }
  const distance = (p: Point) => (p.x - centroid.x) ** 2 + (p.y - centroid.y) ** 2;
  const places = [centroid, ...grid.sort((a, b) => distance(a) - distance(b))];
  for (const size of GEO_LABEL_SIZES) {
    const halfWidth = ([...code].reduce((sum, letter) => sum + capWidth(letter), 0) * size) / 2 + 1;
    const halfHeight = (size * 0.75) / 2 + 1;
    for (const { x, y } of places) {
      if ([-1, 0, 1].every((dx) => [-1, 0, 1].every((dy) => inside(x + dx * halfWidth, y + dy * halfHeight)))) return { x, y, size };
    }
  }
  return null;
}

/** A Polygon's or MultiPolygon's rings in the map's pixels: each polygon its outer ring, then its holes. */
function projectedPolygons(geometry: Geometry, projection: GeoProjection): [number, number][][][] {
  const ring = (points: number[][]) => points.flatMap((p) => {
    const xy = projection([p[0]!, p[1]!]);
    return xy ? [xy] : [];
  });
  if (geometry.type === 'Polygon') return [geometry.coordinates.map(ring)];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.map((polygon) => polygon.map(ring));
  return [];
}

/** "Policed by …" → "policed by …" so that it reads on after "City of London: ". */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/**
 * "Croydon: 3,000 offences". On the tile map, whose tiles show a short name ("CRD") and the value, the
 * short name follows the borough's ("Croydon: CRD, 3,000 offences"), so that the name contains the
 * words on the tile, in order: someone using speech input can say what they see (WCAG 2.5.3).
 */
function accessibleName(borough: Borough, row: BoroughMapRow | undefined, tileValue: string | null | undefined): string {
  if (tileValue === undefined) {
    if (!row) return `${borough.name}: no data`;
    if (row.value === null && row.noData) return `${borough.name}: ${lowerFirst(row.noData)}`;
    return `${borough.name}: ${row.label}`;
  }
  if (!row) return `${borough.name}: ${borough.short}, no data`;
  if (row.value === null && row.noData) return `${borough.name}: ${borough.short}, ${lowerFirst(row.noData)}`;
  // The value on the tile, unless the label already starts with it.
  const value = tileValue !== null && !row.label.startsWith(tileValue) ? ` ${tileValue}` : '';
  return `${borough.name}: ${borough.short}${value}, ${row.label}`;
}

function defaultDescription(rows: readonly BoroughMapRow[], measureLabel: string): string {
  const withValues = rows.filter((r): r is BoroughMapRow & { value: number } => r.value !== null);
  const parts = [`Map of London's ${BOROUGHS.length} local authorities shaded by ${measureLabel}.`];
  if (withValues.length > 0) {
    const sorted = [...withValues].sort((a, b) => b.value - a.value);
    const high = sorted[0]!;
    const low = sorted[sorted.length - 1]!;
    parts.push(`Highest: ${high.borough}, ${high.label}. Lowest: ${low.borough}, ${low.label}.`);
  }
  const missing = BOROUGHS.filter((b) => !withValues.some((r) => r.borough === b.name)).map((b) => b.name);
  if (missing.length > 0) parts.push(`No data for ${missing.join(', ')}.`);
  parts.push('The data table below lists every borough.');
  return parts.join(' ');
}

function hatchPattern(doc: Document, id: string): SVGPatternElement {
  return svg(
    doc,
    'pattern',
    { id, patternUnits: 'userSpaceOnUse', width: 6, height: 6, patternTransform: 'rotate(45)' },
    svg(doc, 'rect', { width: 6, height: 6, fill: '#FFFFFF' }),
    svg(doc, 'line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: NO_DATA_HATCH, 'stroke-width': 2.5 }),
  );
}

function mapLegend(
  doc: Document,
  classes: readonly ValueClass[],
  colours: readonly string[],
  noDataNames: readonly string[],
  measureLabel: string,
  format: (n: number) => string,
): HTMLElement {
  // "5.74 to under 8.20", "8.20 to under 9.53", … "11.99 to 18.09": each class starts where the one
  // before it ends.
  const items: LegendItem[] = classes.map((c, i) => ({
    label: c.lower === c.upper ? format(c.lower) : `${format(c.lower)} to ${c.upperIncluded ? '' : 'under '}${format(c.upper)}`,
    swatch: { kind: 'fill', colour: colours[i]! },
    data: { lower: String(c.lower), upper: String(c.upper), upperIncluded: String(c.upperIncluded), count: String(c.count) },
  }));
  if (noDataNames.length > 0) {
    items.push({ label: `No data (${noDataNames.join(', ')})`, swatch: { kind: 'hatch' }, data: { noData: 'true' } });
  }
  return legend({ title: measureLabel, items, document: doc });
}

/** A borough's code on the geographic map, centred where geoLabelPlace found it fits. */
function geoLabel(doc: Document, shape: MapShape, fill: string | null): SVGTextElement {
  const place = shape.label!;
  return svg(
    doc,
    'text',
    {
      class: 'map-geo-label',
      x: place.x,
      y: place.y,
      dy: '0.35em',
      'text-anchor': 'middle',
      fill: fill ? textColourOn(fill) : TEXT_COLOUR,
      'font-size': place.size,
      'aria-hidden': 'true',
      // Clicks and taps go to the shape under the code.
      'pointer-events': 'none',
      ...(fill ? {} : { stroke: '#FFFFFF', 'stroke-width': 3, 'paint-order': 'stroke', 'stroke-linejoin': 'round' }),
    },
    shape.borough.short,
  );
}

/** Text on a tile: the short name, and the value when the tile is big enough to hold it legibly. */
function tileLabel(doc: Document, shape: MapShape, fill: string | null, valueText: string | null): SVGTextElement {
  const tile = shape.tile!;
  const big = tile.size >= 56;
  const colour = fill ? textColourOn(fill) : TEXT_COLOUR;
  const text = svg(doc, 'text', {
    class: 'map-tile-label',
    x: tile.x + tile.size / 2,
    y: tile.y + tile.size / 2,
    'text-anchor': 'middle',
    fill: colour,
    'font-size': big ? 15 : 12,
    // Bold on a big tile; on a phone's 33 px tile bold "NWM" is wider than the tile, the regular weight not.
    'font-weight': big ? 700 : 400,
    'aria-hidden': 'true',
    // Over the hatching, a white halo keeps the letters readable.
    ...(fill ? {} : { stroke: '#FFFFFF', 'stroke-width': 3, 'paint-order': 'stroke', 'stroke-linejoin': 'round' }),
  });
  if (big && valueText) {
    text.append(svg(doc, 'tspan', { x: tile.x + tile.size / 2, dy: '-0.25em' }, shape.borough.short));
    // A break between the words, so that the tile's text reads "CRD 3,000", not "CRD3,000", to software
    // that compares it with the shape's name; zero-width, so it does not move the centred lines.
    text.append('\u200B');
    text.append(svg(doc, 'tspan', { x: tile.x + tile.size / 2, dy: '1.25em', 'font-weight': 400, 'font-size': 12 }, valueText));
  } else {
    text.setAttribute('dy', '0.35em');
    text.textContent = shape.borough.short;
  }
  return text;
}

/**
 * Whether the browser would show a focus indicator here: yes after keyboard use, no after a click or tap
 * (the thick selection outline already marks a clicked borough). Environments without :focus-visible
 * get the ring always.
 */
function showsFocusRing(el: Element): boolean {
  try {
    return el.matches(':focus-visible');
  } catch {
    return true;
  }
}

/** Moves keyboard focus to a borough's shape inside a map (e.g. after the page re-renders on select). */
export function focusBorough(container: ParentNode, borough: string): boolean {
  const area = [...container.querySelectorAll<SVGGElement>('.map-area')].find((el) => el.dataset.borough === borough);
  if (!area) return false;
  area.focus();
  return true;
}

/**
 * Marks `borough` (or none) as the chosen one on a map already drawn, as drawing it again with
 * `selected` would: its outline, aria-pressed, the map's one tab stop (unless focus is in the map,
 * where the reader's keys move it), its name and figure beside the map, and its place in the list.
 * A borough switch then need not draw the whole map again.
 */
export function showSelectedBorough(container: ParentNode, borough: string | undefined): void {
  const areas = [...container.querySelectorAll<SVGGElement>('.map-area')];
  if (areas.length === 0) return;
  const selected = areas.find((el) => el.dataset.borough === borough);
  const outline = container.querySelector('.map-selection');
  const d = selected?.dataset.outline;
  if (d) outline?.setAttribute('d', d);
  else outline?.removeAttribute('d');
  const focused = areas.find((el) => el === el.ownerDocument.activeElement);
  // Only the areas whose state changes are touched: the browser restyles each one that is.
  for (const el of areas) {
    setChanged(el, 'aria-pressed', el === selected ? 'true' : 'false');
    if (!focused) setChanged(el, 'tabindex', el === (selected ?? areas[0]) ? '0' : '-1');
  }
  for (const item of container.querySelectorAll<HTMLElement>('.map-ranking__item')) {
    const chosen = item.dataset.borough === selected?.dataset.borough;
    item.classList.toggle('is-chosen', chosen);
    if (chosen) item.setAttribute('aria-current', 'true');
    else item.removeAttribute('aria-current');
  }
  const readout = container.querySelector<HTMLElement>('.map-readout');
  if (readout) {
    readout.dataset.chosen = selected?.dataset.borough ?? '';
    showReadout(readout, selected);
  }
}

/**
 * Writes a borough's full name and figure in the readout ("Croydon (CRD): 10.52 per 1,000 residents"),
 * or, with none, how to choose one. It is not a live region: the button tapped already says the same.
 */
function showReadout(readout: HTMLElement, area: SVGGElement | undefined): void {
  const doc = readout.ownerDocument;
  readout.classList.toggle('map-readout--hint', !area);
  if (!area) {
    readout.replaceChildren(readout.dataset.hint ?? '');
    return;
  }
  const code = area.dataset.short ? ` (${area.dataset.short})` : '';
  readout.replaceChildren(html(doc, 'strong', {}, `${area.dataset.borough}${code}`), `: ${area.dataset.figure ?? ''}`);
}

function setChanged(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** A borough's figure in words, for the readout: its label, or why it has none. */
function figureText(row: BoroughMapRow | undefined): string {
  if (!row) return 'no data';
  if (row.value === null) return row.noData ? lowerFirst(row.noData) : 'no data';
  return row.label;
}

/**
 * Every borough from highest to lowest, each with its colour, its code on the map (so the list is the
 * key to the codes on the tiles and the geographic shapes) and its figure: the map read without hovering. Boroughs with no figure come last.
 * Open beside the map (paper, a projector); folded under it (a phone, where the readout answers a tap,
 * and a laptop, where pointing at a borough does), one tap away.
 */
function ranking(
  doc: Document,
  rows: readonly BoroughMapRow[],
  options: { fillFor: (value: number | null | undefined) => string | null; format: (n: number) => string; open: boolean },
): HTMLDetailsElement {
  const byName = new Map(rows.map((r) => [r.borough, r]));
  const entries = BOROUGHS.map((b) => ({ borough: b, row: byName.get(b.name) }));
  const valued = entries.filter((e) => e.row?.value != null).sort((a, b) => b.row!.value! - a.row!.value! || a.borough.name.localeCompare(b.borough.name, 'en-GB'));
  const without = entries.filter((e) => e.row?.value == null).sort((a, b) => a.borough.name.localeCompare(b.borough.name, 'en-GB'));
  const list = html(doc, 'ul', { class: 'map-ranking__list' });
  for (const { borough, row } of [...valued, ...without]) {
    const fill = options.fillFor(row?.value);
    list.append(
      html(
        doc,
        'li',
        { class: 'map-ranking__item', 'data-borough': borough.name },
        swatch(doc, fill ? { kind: 'fill', colour: fill } : { kind: 'hatch' }),
        html(doc, 'span', { class: 'map-ranking__code' }, borough.short),
        html(doc, 'span', { class: 'map-ranking__name' }, borough.name),
        html(doc, 'span', { class: 'map-ranking__value' }, row?.value != null ? options.format(row.value) : 'no data'),
      ),
    );
  }
  const summary = 'Every borough, highest first, with its code on the map';
  return html(doc, 'details', { class: 'map-ranking', open: options.open }, html(doc, 'summary', { class: 'map-ranking__summary' }, summary), list);
}

export function boroughMap(rows: readonly BoroughMapRow[], options: BoroughMapOptions): HTMLElement {
  const doc = resolveDocument(options.document);
  const id = options.id ?? idFromTitle(options.title);
  const width = options.width ?? 640;
  const mode = options.mode === 'geo' && options.geojson ? 'geo' : 'tiles';

  const rowByBorough = new Map(rows.map((r) => [r.borough, r]));
  const values = rows.filter((r) => BOROUGHS.some((b) => b.name === r.borough)).flatMap((r) => (r.value === null ? [] : [r.value]));
  const classes = quantileClasses(values, Math.min(5, options.classes ?? 5));
  const colours = rampForClasses(SEQUENTIAL_BLUES, classes.length);
  const format = options.formatValue ?? autoFormat(values);
  const fillFor = (value: number | null | undefined): string | null => {
    const i = classIndex(classes, value);
    return i < 0 ? null : colours[i]!;
  };

  const maxHeight = options.height ?? Infinity;
  const layout = mode === 'geo' ? geoShapes(options.geojson!, width, maxHeight) : tileShapes(width, maxHeight);
  // The legend, the chosen borough and the list go beside the map where there is room (paper, a
  // projector), under it otherwise (a phone, half a laptop screen).
  const beside = width - layout.width - SIDE_GAP >= SIDE_MIN;
  // Buttons in alphabetical order: the order a screen reader lists them in, and the order of Home/End.
  const shapes = [...layout.shapes].sort((a, b) => a.borough.name.localeCompare(b.borough.name, 'en-GB'));
  const patternId = `${id}-no-data`;

  const root = svg(doc, 'svg', {
    class: `chart-svg borough-map borough-map--${mode}`,
    width: layout.width,
    height: layout.height,
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    // A group, not an image: an image's children are hidden from assistive technology.
    role: 'group',
  });
  root.append(svg(doc, 'defs', {}, hatchPattern(doc, patternId)));

  const areas = svg(doc, 'g', { class: 'map-areas' });
  const noDataNames: string[] = [];
  const initiallySelected = shapes.some((s) => s.borough.name === options.selected) ? options.selected : undefined;
  shapes.forEach((shape, index) => {
    const row = rowByBorough.get(shape.borough.name);
    const fill = fillFor(row?.value);
    if (!fill) noDataNames.push(shape.borough.name);
    const valueText = row?.value != null ? format(row.value) : null;
    // The words drawn on the shape (a tile's code and value, a geographic shape's code) start its name.
    const name = accessibleName(shape.borough, row, shape.tile ? valueText : shape.label ? null : undefined);
    const isSelected = shape.borough.name === initiallySelected;
    const area = svg(
      doc,
      'g',
      {
        class: 'map-area',
        role: 'button',
        'aria-label': name,
        'aria-pressed': isSelected ? 'true' : 'false',
        // Roving tabindex: the map is one tab stop, on the selected borough (or the first one).
        tabindex: isSelected || (!initiallySelected && index === 0) ? 0 : -1,
        'data-borough': shape.borough.name,
        'data-code': shape.borough.code,
        // For the readout beside the map (showSelectedBorough): the code on the tile, and the figure.
        ...(shape.tile || shape.label ? { 'data-short': shape.borough.short } : {}),
        'data-figure': figureText(row),
        'data-outline': shape.outline.selection,
      },
      svg(doc, 'title', {}, name),
      svg(doc, 'path', {
        class: 'map-area-shape',
        d: shape.d,
        fill: fill ?? `url(#${patternId})`,
        // Grey, not white, boundaries: two neighbours in the lightest class must still look like two.
        stroke: NO_DATA_HATCH,
        'stroke-width': 0.5,
      }),
    );
    if (shape.tile) area.append(tileLabel(doc, shape, fill, valueText));
    else if (shape.label) area.append(geoLabel(doc, shape, fill));
    areas.append(area);
  });
  root.append(areas);

  // Selection and focus are drawn as overlays above every shape, so a thick outline is never hidden under
  // a neighbour, and the buttons keep their alphabetical order in the document.
  const selection = svg(doc, 'path', {
    class: 'map-selection',
    fill: 'none',
    stroke: TEXT_COLOUR,
    'stroke-width': SELECTION_STROKE,
    'stroke-linejoin': 'round',
    'aria-hidden': 'true',
    'pointer-events': 'none',
  });
  const focusHalo = svg(doc, 'path', { class: 'map-focus-halo', fill: 'none', stroke: FOCUS_COLOUR, 'stroke-width': FOCUS_HALO, 'stroke-linejoin': 'round' });
  const focusLine = svg(doc, 'path', { class: 'map-focus-line', fill: 'none', stroke: TEXT_COLOUR, 'stroke-width': 3, 'stroke-linejoin': 'round' });
  const focusRing = svg(doc, 'g', { class: 'map-focus-ring', 'aria-hidden': 'true', 'pointer-events': 'none', visibility: 'hidden' }, focusHalo, focusLine);
  root.append(selection, focusRing);

  const areaElements = [...areas.querySelectorAll<SVGGElement>('.map-area')];
  const centres = shapes.map((s) => s.centre);
  const shapeOf = (area: Element): MapShape | undefined => shapes[areaElements.indexOf(area as SVGGElement)];

  const moveFocus = (target: SVGGElement | undefined): void => {
    if (!target) return;
    for (const el of areaElements) el.setAttribute('tabindex', el === target ? '0' : '-1');
    target.focus();
  };

  const select = (area: SVGGElement): void => {
    const borough = area.dataset.borough!;
    showSelectedBorough(body, borough);
    moveFocus(area);
    options.onSelect?.(borough);
  };

  // Listeners go on this HTML wrapper, not the <svg>: Chrome makes any SVG element with focus listeners
  // a tab stop of its own, which would put an extra, unlabelled stop before the borough buttons.
  const readout = html(doc, 'p', {
    class: 'map-readout',
    'data-hint': `${options.onSelect ? 'Tap or click a borough to choose it: its name and figure show here.' : ''}`,
  });
  const body = html(
    doc,
    'div',
    { class: `borough-map-body borough-map-body--${mode} borough-map-body--${beside ? 'beside' : 'under'}` },
    mapLegend(doc, classes, colours, noDataNames, options.measureLabel, format),
    root,
    readout,
    ranking(doc, rows, { fillFor, format, open: beside }),
  );
  showSelectedBorough(body, initiallySelected);

  // Pointing at a borough, or moving the keyboard to it, shows its name and figure in the readout
  // until the pointer or focus leaves; then the chosen borough's again.
  const preview = (event: Event) => {
    const area = (event.target as Element | null)?.closest<SVGGElement>('.map-area') ?? undefined;
    showReadout(readout, area ?? areaElements.find((el) => el.dataset.borough === readout.dataset.chosen));
  };
  body.addEventListener('pointerover', preview);
  body.addEventListener('pointerleave', preview);
  body.addEventListener('focusin', preview);
  body.addEventListener('focusout', () => showReadout(readout, areaElements.find((el) => el.dataset.borough === readout.dataset.chosen)));

  body.addEventListener('click', (event) => {
    const area = (event.target as Element | null)?.closest<SVGGElement>('.map-area');
    if (area) select(area);
  });

  body.addEventListener('keydown', (event) => {
    const area = (event.target as Element | null)?.closest<SVGGElement>('.map-area');
    if (!area) return;
    const index = areaElements.indexOf(area);
    const direction = directionForKey(event.key);
    if (direction) {
      const next = nearestInDirection(centres, index, direction);
      if (next >= 0) moveFocus(areaElements[next]);
    } else if (event.key === 'Home') {
      moveFocus(areaElements[0]);
    } else if (event.key === 'End') {
      moveFocus(areaElements[areaElements.length - 1]);
    } else if (event.key === 'Enter' || event.key === ' ') {
      select(area);
    } else {
      return;
    }
    // Arrows and Space would otherwise scroll the page.
    event.preventDefault();
  });

  body.addEventListener('focusin', (event) => {
    const area = (event.target as Element | null)?.closest<SVGGElement>('.map-area');
    const shape = area ? shapeOf(area) : undefined;
    if (!area || !shape || !showsFocusRing(area)) return;
    focusHalo.setAttribute('d', shape.outline.focus);
    focusLine.setAttribute('d', shape.outline.focus);
    focusRing.setAttribute('visibility', 'visible');
  });
  body.addEventListener('focusout', () => focusRing.setAttribute('visibility', 'hidden'));

  const tableRows = BOROUGHS.map((b) => {
    const row = rowByBorough.get(b.name);
    return { borough: b.name, value: row ? (row.value === null && row.noData ? row.noData : row.label) : 'no data' };
  }).sort((a, b) => a.borough.localeCompare(b.borough, 'en-GB'));

  return chartFigure({
    title: options.title,
    subtitle: options.subtitle,
    description: options.description ?? defaultDescription(rows, options.measureLabel),
    source: options.source,
    id,
    document: doc,
    body,
    table: dataTable({
      caption: options.title,
      columns: [
        { key: 'borough', label: 'Borough' },
        { key: 'value', label: options.measureLabel, numeric: true },
      ],
      rows: tableRows,
      document: doc,
    }),
  });
}
