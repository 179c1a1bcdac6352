/**
 * The map's outlines from the published boundary files in ../shared/data/real (both the GLA's full
 * file and its 5-decimal copy), checked with plain code against the published points: the same
 * boroughs in the same order, every point kept a published point, unmoved; a border two boroughs
 * share kept in both or dropped from both; no published point far from the outline drawn; areas kept.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { boundariesForDisplay } from '../../src/data/import/display-boundaries';
import { needRealData } from '../helpers/real-data';
import { REAL, realFiles } from '../helpers/real-files';

const FILES = realFiles('.geojson');

/** Rings of a feature, outer and holes alike. */
function rings(f: Feature): Position[][] {
  const g = f.geometry;
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat(1);
  throw new Error(`unexpected ${g.type}`);
}

/** Metres east and north of a point in London (equirectangular at 51.5°N: exact enough at this scale, metres not pixels). */
const RADIUS = 6_371_008.8;
const toMetres = ([lon, lat]: Position): [number, number] => {
  const k = Math.PI / 180;
  return [lon! * k * RADIUS * Math.cos(51.5 * k), lat! * k * RADIUS];
};

function distanceToSegment(p: [number, number], a: [number, number], b: [number, number]): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
}

/** Square metres inside a feature: outer rings minus holes (shoelace; a ring's sign says which it is). */
function area(f: Feature): number {
  return Math.abs(
    rings(f).reduce((sum, ring) => {
      const m = ring.map(toMetres);
      let twice = 0;
      for (let i = 1; i < m.length; i++) twice += m[i - 1]![0] * m[i]![1] - m[i]![0] * m[i - 1]![1];
      // Holes wind the other way from their outer ring in the GLA files, so their signed areas subtract.
      return sum + twice / 2;
    }, 0),
  );
}

const key = (p: Position) => `${p[0]},${p[1]}`;

describe.each(FILES)('the map’s outlines from %s', (file) => {
  const read = (): { published: FeatureCollection; drawn: FeatureCollection; points: { published: number; kept: number } } => {
    const published = JSON.parse(readFileSync(path.join(REAL, file), 'utf8')) as FeatureCollection;
    const display = boundariesForDisplay(published);
    return { published, drawn: JSON.parse(display.text) as FeatureCollection, points: display.points };
  };

  it('has the same boroughs, in the same order with the same properties, and far fewer points, each a published point of its borough', (ctx) => {
    needRealData(ctx);
    const { published, drawn, points } = read();
    expect(drawn.features.map((f) => f.properties)).toEqual(published.features.map((f) => f.properties));
    const count = (c: FeatureCollection) => c.features.reduce((n, f) => n + rings(f).reduce((m, r) => m + r.length, 0), 0);
    expect(points).toEqual({ published: count(published), kept: count(drawn) });
    expect(points.kept).toBeLessThan(points.published / 2);
    drawn.features.forEach((f, i) => {
      const own = new Set(rings(published.features[i]!).flat().map(key));
      const strays = rings(f).flat().filter((p) => !own.has(key(p)));
      expect(strays, `${f.properties?.NAME}`).toEqual([]);
    });
  });

  it('keeps a border two boroughs share in both or in neither: no gap or overlap opens between neighbours', (ctx) => {
    needRealData(ctx);
    const { published, drawn } = read();
    const boroughsAt = (c: FeatureCollection) => {
      const at = new Map<string, Set<number>>();
      c.features.forEach((f, i) => rings(f).flat().forEach((p) => at.set(key(p), (at.get(key(p)) ?? new Set()).add(i))));
      return at;
    };
    const before = boroughsAt(published);
    const after = boroughsAt(drawn);
    let shared = 0;
    const split: string[] = [];
    for (const [point, boroughs] of before) {
      if (boroughs.size < 2) continue;
      shared += 1;
      const kept = after.get(point) ?? new Set<number>();
      if (kept.size !== 0 && kept.size !== boroughs.size) split.push(point);
    }
    expect(shared).toBeGreaterThan(1000);
    expect(split).toEqual([]);
  });

  it('leaves no published point more than 20 m from its borough’s outline (a third of a pixel on the widest map), and each area within 0.5%', (ctx) => {
    needRealData(ctx);
    const { published, drawn } = read();
    let worst = 0;
    published.features.forEach((f, i) => {
      const outline = rings(drawn.features[i]!).map((r) => r.map(toMetres));
      for (const point of rings(f).flat()) {
        const p = toMetres(point);
        let nearest = Infinity;
        for (const ring of outline) for (let j = 1; j < ring.length; j++) nearest = Math.min(nearest, distanceToSegment(p, ring[j - 1]!, ring[j]!));
        worst = Math.max(worst, nearest);
      }
      const ratio = area(drawn.features[i]!) / area(f);
      expect(Math.abs(ratio - 1), `${f.properties?.NAME} area`).toBeLessThan(0.005);
    });
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(20);
  });
});
