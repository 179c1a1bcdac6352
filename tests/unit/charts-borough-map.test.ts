// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi, type TestContext } from 'vitest';
import { BOROUGHS } from '../../src/data/boroughs';
import { boroughMap, focusBorough, showSelectedBorough, type BoroughFeatureCollection, type BoroughMapRow } from '../../src/charts/borough-map';
import { contrastRatio } from '../../src/charts/contrast';
import { formatCount } from '../../src/charts/format';
import { needRealData, realFile } from '../helpers/real-data';
import { tableRows } from './helpers/tables';

const GEOJSON = 'london_boroughs_excluding_mhw_wgs84_5dp.geojson';
const CITY_NOTE = 'Policed by the City of London Police: no MPS data';

/** Deterministic values that differ by borough; the City has no MPS data. */
function sampleRows(): BoroughMapRow[] {
  return BOROUGHS.map((b, i) => {
    if (b.name === 'City of London') return { borough: b.name, value: null, label: 'no data', noData: CITY_NOTE };
    const value = 800 + ((i * 379) % 2900);
    return { borough: b.name, value, label: `${formatCount(value)} offences` };
  });
}

function render(options: Partial<Parameters<typeof boroughMap>[1]> = {}, rows = sampleRows()): HTMLElement {
  const figure = boroughMap(rows, { title: 'Domestic abuse offences by borough, London, 2024', source: 'Metropolitan Police Service', measureLabel: 'Offences', document, ...options });
  document.body.replaceChildren(figure);
  return figure;
}

const areas = (root: ParentNode): SVGGElement[] => [...root.querySelectorAll<SVGGElement>('.map-area')];
/** A square path's box: "M{x},{y}h{side}v{side}h-{side}Z". */
const squareOf = (d: string | null | undefined) => {
  const m = /^M([\d.]+),([\d.]+)h([\d.]+)v([\d.]+)h-[\d.]+Z$/.exec(d ?? '');
  if (!m) throw new Error(`not a square: ${d}`);
  const [x, y, w] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
  return { x, y, side: w };
};
/** Whether an outline drawn `stroke` wide along path `outline` stays wholly outside the square `tile`. */
const outside = (outline: string | null | undefined, tile: string | null | undefined, stroke: number) => {
  const o = squareOf(outline);
  const t = squareOf(tile);
  return Math.abs(t.x - (o.x + stroke / 2)) < 1e-9 && Math.abs(t.y - (o.y + stroke / 2)) < 1e-9 && Math.abs(t.side - (o.side - stroke)) < 1e-9;
};
const area = (root: ParentNode, borough: string): SVGGElement => areas(root).find((a) => a.dataset.borough === borough)!;
const key = (el: Element, k: string): void => {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
};

describe('boroughMap (tiles)', () => {
  it('draws one button per authority, named with its value', () => {
    const figure = render();
    const buttons = areas(figure);
    expect(buttons).toHaveLength(33);
    expect(new Set(buttons.map((b) => b.dataset.borough))).toEqual(new Set(BOROUGHS.map((b) => b.name)));
    for (const row of sampleRows().filter((r) => r.value !== null)) {
      const el = area(figure, row.borough);
      expect(el.getAttribute('role')).toBe('button');
      // The tile's short name follows the borough's, so the name holds the words on the tile (WCAG 2.5.3).
      const short = BOROUGHS.find((b) => b.name === row.borough)!.short;
      expect(el.getAttribute('aria-label')).toBe(`${row.borough}: ${short}, ${row.label}`);
      expect(el.querySelector('title')?.textContent).toBe(`${row.borough}: ${short}, ${row.label}`);
    }
    expect(area(figure, 'Croydon').getAttribute('aria-label')).toMatch(/^Croydon: CRD, [\d,]+ offences$/);
    expect(area(figure, 'City of London').getAttribute('aria-label')).toBe('City of London: CTY, policed by the City of London Police: no MPS data');
  });

  it('labels each tile with the short name', () => {
    const figure = render({ width: 360 });
    for (const b of BOROUGHS) expect(area(figure, b.name).querySelector('text')?.textContent).toContain(b.short);
  });

  it('marks only the selected borough as pressed, and makes it the one tab stop', () => {
    const figure = render({ selected: 'Croydon' });
    const pressed = areas(figure).filter((a) => a.getAttribute('aria-pressed') === 'true');
    expect(pressed.map((a) => a.dataset.borough)).toEqual(['Croydon']);
    expect(areas(figure).filter((a) => a.getAttribute('tabindex') === '0').map((a) => a.dataset.borough)).toEqual(['Croydon']);
    // The chosen tile's outline is drawn round it, wholly outside: it never covers the tile's label.
    const selection = figure.querySelector('.map-selection')!;
    expect(outside(selection.getAttribute('d'), area(figure, 'Croydon').querySelector('path')?.getAttribute('d'), Number(selection.getAttribute('stroke-width')))).toBe(true);
  });

  it('is a single tab stop on the first borough when nothing is selected', () => {
    const figure = render();
    const stops = areas(figure).filter((a) => a.getAttribute('tabindex') === '0');
    expect(stops.map((a) => a.dataset.borough)).toEqual(['Barking and Dagenham']);
    expect(figure.querySelector('.map-selection')?.hasAttribute('d')).toBe(false);
  });

  it('moves focus spatially with the arrow keys and selects with Enter', () => {
    const onSelect = vi.fn();
    const figure = render({ selected: 'Croydon', onSelect });
    area(figure, 'Croydon').focus();
    key(area(figure, 'Croydon'), 'ArrowRight');
    expect((document.activeElement as SVGGElement).dataset.borough).toBe('Bromley');
    expect(area(figure, 'Bromley').getAttribute('tabindex')).toBe('0');
    expect(area(figure, 'Croydon').getAttribute('tabindex')).toBe('-1');

    key(document.activeElement!, 'ArrowUp'); // Bromley (6,6) → Lewisham (6,5)
    expect((document.activeElement as SVGGElement).dataset.borough).toBe('Lewisham');
    key(document.activeElement!, 'ArrowLeft'); // → Southwark (5,5)
    expect((document.activeElement as SVGGElement).dataset.borough).toBe('Southwark');
    key(document.activeElement!, 'ArrowDown'); // → Croydon (5,6)
    expect((document.activeElement as SVGGElement).dataset.borough).toBe('Croydon');
    key(document.activeElement!, 'ArrowDown'); // Sutton is at (4,7): down and to the side
    expect((document.activeElement as SVGGElement).dataset.borough).toBe('Sutton');

    key(document.activeElement!, 'Enter');
    expect(onSelect).toHaveBeenCalledWith('Sutton');
    expect(area(figure, 'Sutton').getAttribute('aria-pressed')).toBe('true');
    expect(area(figure, 'Croydon').getAttribute('aria-pressed')).toBe('false');
  });

  it('selects with Space, Home and End jump to the first and last borough', () => {
    const onSelect = vi.fn();
    const figure = render({ onSelect });
    const first = areas(figure)[0]!;
    first.focus();
    key(first, 'End');
    expect((document.activeElement as SVGGElement).dataset.borough).toBe('Westminster');
    key(document.activeElement!, 'Home');
    expect((document.activeElement as SVGGElement).dataset.borough).toBe('Barking and Dagenham');
    key(document.activeElement!, ' ');
    expect(onSelect).toHaveBeenLastCalledWith('Barking and Dagenham');
  });

  it('selects on click, without the keyboard focus ring', () => {
    const onSelect = vi.fn();
    const figure = render({ onSelect });
    const hackney = area(figure, 'Hackney');
    hackney.querySelector('path')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(onSelect).toHaveBeenCalledWith('Hackney');
    expect(hackney.getAttribute('aria-pressed')).toBe('true');
    expect(document.activeElement).toBe(hackney);
    // jsdom, like a browser after a click, does not match :focus-visible.
    expect(figure.querySelector('.map-focus-ring')!.getAttribute('visibility')).toBe('hidden');
  });

  it('says the full name, code and figure of the chosen borough beside the map, and how to choose one when none is', () => {
    const figure = render({ selected: 'Croydon', onSelect: () => undefined });
    const readout = figure.querySelector<HTMLElement>('.map-readout')!;
    const croydon = sampleRows().find((r) => r.borough === 'Croydon')!;
    expect(readout.textContent).toBe(`Croydon (CRD): ${croydon.label}`);
    // A tap (a click) on another borough: its name and figure, at once, before the page redraws.
    area(figure, 'Hackney').querySelector('path')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(readout.textContent).toBe(`Hackney (HCK): ${sampleRows().find((r) => r.borough === 'Hackney')!.label}`);
    // The City has no figure: it says why.
    area(figure, 'City of London').querySelector('path')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(readout.textContent).toBe(`City of London (CTY): ${CITY_NOTE.charAt(0).toLowerCase()}${CITY_NOTE.slice(1)}`);
    // Chosen elsewhere (the Area list) on the map already drawn; then none.
    showSelectedBorough(figure, 'Barnet');
    expect(readout.textContent).toMatch(/^Barnet \(BRN\): /);
    showSelectedBorough(figure, undefined);
    expect(readout.textContent).toMatch(/^Tap or click a borough/);
    expect(readout.classList.contains('map-readout--hint')).toBe(true);
  });

  it('lists every borough from highest to lowest with its colour, code and figure (the key to the codes), no data last', () => {
    const rows = sampleRows();
    const figure = render({ selected: 'Croydon', width: 360 });
    const items = [...figure.querySelectorAll<HTMLElement>('.map-ranking__item')];
    expect(items).toHaveLength(33);
    const expected = rows.filter((r) => r.value !== null).sort((a, b) => b.value! - a.value!);
    expect(items.slice(0, expected.length).map((i) => i.dataset.borough)).toEqual(expected.map((r) => r.borough));
    expect(items.at(-1)!.dataset.borough).toBe('City of London');
    expect(items.at(-1)!.querySelector('.map-ranking__value')!.textContent).toBe('no data');
    for (const item of items) {
      const b = BOROUGHS.find((x) => x.name === item.dataset.borough)!;
      expect(item.querySelector('.map-ranking__code')!.textContent).toBe(b.short);
      expect(item.querySelector('.map-ranking__name')!.textContent).toBe(b.name);
      // The swatch is the colour the borough is drawn in.
      const fill = area(figure, b.name).querySelector('path')!.getAttribute('fill')!;
      if (!fill.startsWith('url(')) expect(item.querySelector('rect')!.getAttribute('fill')).toBe(fill);
    }
    expect(items.filter((i) => i.getAttribute('aria-current') === 'true').map((i) => i.dataset.borough)).toEqual(['Croydon']);
    // Folded on a phone, where a tap's readout comes first; open beside a map with room for it.
    expect(figure.querySelector<HTMLDetailsElement>('details.map-ranking')!.open).toBe(false);
    const wide = render({ width: 1100 });
    expect(wide.querySelector('.borough-map-body--beside')).not.toBeNull();
    expect(wide.querySelector<HTMLDetailsElement>('details.map-ranking')!.open).toBe(true);
  });

  it('draws no taller than the height it is given', () => {
    const svg = render({ width: 1000, height: 300 }).querySelector('svg.borough-map')!;
    expect(Number(svg.getAttribute('height'))).toBeLessThanOrEqual(300);
    expect(Number(svg.getAttribute('height'))).toBeGreaterThan(250);
  });

  it('draws the focus ring round the shape that has keyboard focus', () => {
    // Stand in for a browser after keyboard use, where the focused element matches :focus-visible.
    const matches = Element.prototype.matches;
    const spy = vi.spyOn(Element.prototype, 'matches').mockImplementation(function (this: Element, selector: string) {
      return selector === ':focus-visible' ? this === document.activeElement : matches.call(this, selector);
    });
    try {
      const figure = render({ selected: 'Croydon' });
      area(figure, 'Croydon').focus();
      key(area(figure, 'Croydon'), 'ArrowRight');
      const ring = figure.querySelector('.map-focus-ring')!;
      expect(ring.getAttribute('visibility')).toBe('visible');
      // Round Bromley's tile, outside it, so that the label inside stays whole.
      const halo = ring.querySelector('path')!;
      expect(outside(halo.getAttribute('d'), area(figure, 'Bromley').querySelector('path')?.getAttribute('d'), Number(halo.getAttribute('stroke-width')))).toBe(true);
      area(figure, 'Bromley').blur();
      expect(ring.getAttribute('visibility')).toBe('hidden');
    } finally {
      spy.mockRestore();
    }
  });

  it('can put focus back on a borough after a re-render', () => {
    const figure = render();
    expect(focusBorough(figure, 'Harrow')).toBe(true);
    expect((document.activeElement as SVGGElement).dataset.borough).toBe('Harrow');
    expect(focusBorough(figure, 'Atlantis')).toBe(false);
  });

  it('has a legend whose classes cover the values from minimum to maximum, each starting where the one before ends', () => {
    const rows = sampleRows();
    const values = rows.flatMap((r) => (r.value === null ? [] : [r.value]));
    const figure = render({}, rows);
    const bins = [...figure.querySelectorAll<HTMLElement>('.chart-legend-item[data-lower]')];
    expect(bins).toHaveLength(5);
    expect(Number(bins[0]!.dataset.lower)).toBe(Math.min(...values));
    expect(Number(bins[bins.length - 1]!.dataset.upper)).toBe(Math.max(...values));
    expect(bins.reduce((n, b) => n + Number(b.dataset.count), 0)).toBe(values.length);
    expect(bins[0]!.textContent).toBe(`${formatCount(Math.min(...values))} to under ${formatCount(Number(bins[0]!.dataset.upper))}`);
    expect(bins.at(-1)!.textContent).toBe(`${formatCount(Number(bins.at(-1)!.dataset.lower))} to ${formatCount(Math.max(...values))}`);
    // No gaps: each class's upper bound is the next one's lower bound.
    for (let i = 1; i < bins.length; i++) expect(bins[i]!.dataset.lower).toBe(bins[i - 1]!.dataset.upper);
    expect(figure.querySelector('.chart-legend-title')?.textContent).toBe('Offences');

    // Every shaded borough's fill is the colour of the bin its value falls in.
    const swatchColours = bins.map((b) => b.querySelector('rect')!.getAttribute('fill'));
    for (const row of rows.filter((r) => r.value !== null)) {
      const bin = bins.findIndex((b) => row.value! >= Number(b.dataset.lower) && (b.dataset.upperIncluded === 'true' ? row.value! <= Number(b.dataset.upper) : row.value! < Number(b.dataset.upper)));
      expect(area(figure, row.borough).querySelector('path')!.getAttribute('fill')).toBe(swatchColours[bin]);
    }
  });

  it('hatches boroughs with no data and explains them in the legend', () => {
    const figure = render();
    const fill = area(figure, 'City of London').querySelector('path')!.getAttribute('fill')!;
    const patternId = /^url\(#(.+)\)$/.exec(fill)?.[1];
    expect(patternId).toBeTruthy();
    expect(figure.querySelector(`pattern[id="${patternId}"]`)).not.toBeNull();
    const noData = figure.querySelector<HTMLElement>('.chart-legend-item[data-no-data]');
    expect(noData?.textContent).toBe('No data (City of London)');
  });

  it('writes tile labels in a colour that passes WCAG AA on the tile fill', () => {
    const figure = render({ width: 640 });
    for (const el of areas(figure)) {
      const fill = el.querySelector('path')!.getAttribute('fill')!;
      if (!fill.startsWith('#')) continue;
      const text = el.querySelector('text')!.getAttribute('fill')!;
      expect(contrastRatio(fill, text)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('scales tiles to fit a phone and caps them on a wide screen', () => {
    const phone = render({ width: 328 }).querySelector('svg.borough-map')!;
    expect(Number(phone.getAttribute('width'))).toBeLessThanOrEqual(328);
    const wide = render({ width: 1920 }).querySelector('svg.borough-map')!;
    // Tiles of at most 76 px, and a margin for the outlines drawn outside the outer tiles.
    expect(wide.querySelector('.map-area-shape')!.getAttribute('d')).toMatch(/h73v73/);
    expect(Number(wide.getAttribute('width'))).toBeLessThanOrEqual(8 * 76);
  });

  it('renders a tile as a labelled toggle with a tooltip, fill and short name', () => {
    const rows = sampleRows().map((r) => (r.borough === 'Croydon' ? { ...r, value: 3000, label: '3,000 offences' } : r));
    const croydon = area(render({ width: 640, selected: 'Croydon' }, rows), 'Croydon');
    expect(croydon.outerHTML).toMatchInlineSnapshot(`"<g class="map-area" role="button" aria-label="Croydon: CRD, 3,000 offences" aria-pressed="true" tabindex="0" data-borough="Croydon" data-code="E09000008" data-short="CRD" data-figure="3,000 offences" data-outline="M303.5,379.5h77v77h-77Z"><title>Croydon: CRD, 3,000 offences</title><path class="map-area-shape" d="M305.5,381.5h73v73h-73Z" fill="#2E6DA4" stroke="#505A5F" stroke-width="0.5"></path><text class="map-tile-label" x="342" y="418" text-anchor="middle" fill="#FFFFFF" font-size="15" font-weight="700" aria-hidden="true"><tspan x="342" dy="-0.25em">CRD</tspan>​<tspan x="342" dy="1.25em" font-weight="400" font-size="12">3,000</tspan></text></g>"`);
  });

  it('has a data table with one row per borough, sorted by name', () => {
    const rows = sampleRows();
    const figure = render({}, rows);
    const bodyRows = tableRows(figure);
    expect(bodyRows).toHaveLength(rows.length);
    const names = bodyRows.map((tr) => tr.querySelector('th')!.textContent!);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en-GB')));
    for (const tr of bodyRows) {
      const name = tr.querySelector('th')!.textContent!;
      const row = rows.find((r) => r.borough === name)!;
      expect(tr.querySelector('td')!.textContent).toBe(row.value === null ? CITY_NOTE : row.label);
    }
  });

  it('sits in a figure: title, group role for the buttons, description, source', () => {
    const figure = render();
    expect(figure.querySelector('h3')?.textContent).toBe('Domestic abuse offences by borough, London, 2024');
    const map = figure.querySelector('svg.borough-map')!;
    expect(map.getAttribute('role')).toBe('group');
    const description = document.getElementById(map.getAttribute('aria-describedby')!);
    expect(description?.textContent).toMatch(/^Map of London's 33 local authorities/);
    expect(description?.textContent).toContain('No data for City of London');
    expect(figure.querySelector('.chart-source')?.textContent).toBe('Source: Metropolitan Police Service');
  });
});

/** Bounding box of an SVG path made of absolute M/L commands (what d3-geo writes). */
function pathBounds(d: string): { minX: number; minY: number; maxX: number; maxY: number } {
  const numbers = (d.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g) ?? []).map(Number);
  const xs = numbers.filter((_, i) => i % 2 === 0);
  const ys = numbers.filter((_, i) => i % 2 === 1);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

describe('boroughMap (geographic)', () => {
  /** The published boundaries (../shared/data/real, beside the repository). */
  const boundaries = (ctx: TestContext): BoroughFeatureCollection => {
    needRealData(ctx, GEOJSON);
    return JSON.parse(readFileSync(realFile(GEOJSON), 'utf8')) as BoroughFeatureCollection;
  };

  it('draws 33 borough shapes, each smaller than the map (the rings wind the way d3-geo expects)', (ctx) => {
    const geojson = boundaries(ctx);
    const figure = render({ mode: 'geo', geojson, width: 640, selected: 'Croydon' });
    const map = figure.querySelector('svg.borough-map')!;
    const width = Number(map.getAttribute('width'));
    const height = Number(map.getAttribute('height'));
    expect(width).toBe(640);
    expect(height).toBeGreaterThan(300);
    expect(height).toBeLessThan(640);
    const shapes = [...map.querySelectorAll('.map-area path')];
    expect(shapes).toHaveLength(33);
    for (const shape of shapes) {
      const b = pathBounds(shape.getAttribute('d')!);
      expect(b.minX).toBeGreaterThanOrEqual(0);
      expect(b.minY).toBeGreaterThanOrEqual(0);
      expect(b.maxX).toBeLessThanOrEqual(width);
      expect(b.maxY).toBeLessThanOrEqual(height);
      expect((b.maxX - b.minX) * (b.maxY - b.minY)).toBeLessThan((width * height) / 4);
    }
    expect(area(figure, 'Croydon').getAttribute('aria-pressed')).toBe('true');
  });

  it('still draws boroughs, not the globe, when rings wind the other way (RFC 7946)', (ctx) => {
    const geojson = boundaries(ctx);
    for (const f of geojson.features) {
      if (f.geometry.type === 'Polygon') f.geometry.coordinates = f.geometry.coordinates.map((r) => r.reverse());
      if (f.geometry.type === 'MultiPolygon') f.geometry.coordinates = f.geometry.coordinates.map((p) => p.map((r) => r.reverse()));
    }
    const figure = render({ mode: 'geo', geojson, width: 500 });
    const map = figure.querySelector('svg.borough-map')!;
    const width = Number(map.getAttribute('width'));
    const height = Number(map.getAttribute('height'));
    for (const shape of map.querySelectorAll('.map-area path')) {
      const b = pathBounds(shape.getAttribute('d')!);
      expect((b.maxX - b.minX) * (b.maxY - b.minY)).toBeLessThan((width * height) / 4);
    }
  });

  it('moves focus to the nearest borough in the arrow direction', (ctx) => {
    const geojson = boundaries(ctx);
    const figure = render({ mode: 'geo', geojson });
    area(figure, 'Croydon').focus();
    key(area(figure, 'Croydon'), 'ArrowRight');
    expect((document.activeElement as SVGGElement).dataset.borough).toBe('Bromley');
    key(document.activeElement!, 'ArrowLeft');
    expect((document.activeElement as SVGGElement).dataset.borough).toBe('Croydon');
    key(document.activeElement!, 'ArrowLeft');
    expect((document.activeElement as SVGGElement).dataset.borough).toBe('Sutton');
  });
});
