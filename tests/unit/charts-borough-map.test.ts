// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi, type TestContext } from 'vitest';
import { BOROUGHS } from '../../src/data/boroughs';
import { boroughMap, focusBorough, type BoroughFeatureCollection, type BoroughMapRow } from '../../src/charts/borough-map';
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
    expect(figure.querySelector('.map-selection')?.getAttribute('d')).toBe(area(figure, 'Croydon').querySelector('path')?.getAttribute('d'));
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
      expect(ring.querySelector('path')?.getAttribute('d')).toBe(area(figure, 'Bromley').querySelector('path')?.getAttribute('d'));
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

  it('has a legend whose classes cover the values from minimum to maximum', () => {
    const rows = sampleRows();
    const values = rows.flatMap((r) => (r.value === null ? [] : [r.value]));
    const figure = render({}, rows);
    const bins = [...figure.querySelectorAll<HTMLElement>('.chart-legend-item[data-lower]')];
    expect(bins).toHaveLength(5);
    expect(Number(bins[0]!.dataset.lower)).toBe(Math.min(...values));
    expect(Number(bins[bins.length - 1]!.dataset.upper)).toBe(Math.max(...values));
    expect(bins.reduce((n, b) => n + Number(b.dataset.count), 0)).toBe(values.length);
    expect(bins[0]!.textContent).toBe(`${formatCount(Math.min(...values))} to ${formatCount(Number(bins[0]!.dataset.upper))}`);
    expect(figure.querySelector('.chart-legend-title')?.textContent).toBe('Offences');

    // Every shaded borough's fill is the colour of the bin its value falls in.
    const swatchColours = bins.map((b) => b.querySelector('rect')!.getAttribute('fill'));
    for (const row of rows.filter((r) => r.value !== null)) {
      const bin = bins.findIndex((b) => row.value! >= Number(b.dataset.lower) && row.value! <= Number(b.dataset.upper));
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
    expect(Number(wide.getAttribute('width'))).toBeLessThanOrEqual(8 * 76);
  });

  it('renders a tile as a labelled toggle with a tooltip, fill and short name', () => {
    const rows = sampleRows().map((r) => (r.borough === 'Croydon' ? { ...r, value: 3000, label: '3,000 offences' } : r));
    const croydon = area(render({ width: 640, selected: 'Croydon' }, rows), 'Croydon');
    expect(croydon.outerHTML).toMatchInlineSnapshot(`"<g class="map-area" role="button" aria-label="Croydon: CRD, 3,000 offences" aria-pressed="true" tabindex="0" data-borough="Croydon" data-code="E09000008"><title>Croydon: CRD, 3,000 offences</title><path class="map-area-shape" d="M305.5,381.5h73v73h-73Z" fill="#2E6DA4" stroke="#505A5F" stroke-width="0.5"></path><text class="map-tile-label" x="342" y="418" text-anchor="middle" fill="#FFFFFF" font-size="15" font-weight="700" aria-hidden="true"><tspan x="342" dy="-0.25em">CRD</tspan>\u200b<tspan x="342" dy="1.25em" font-weight="400" font-size="12">3,000</tspan></text></g>"`);
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
