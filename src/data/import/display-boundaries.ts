/**
 * The borough outlines the map draws, from the published boundary file: simplified for the screen,
 * with every border two boroughs share kept shared.
 *
 * The GLA's file (5 decimal places, about a metre) has some 48,000 points. The map is at most 820
 * CSS pixels wide, about 55 metres of London a pixel, so most of those points fall within a pixel
 * of their neighbours: the browser downloads, projects and paints them for nothing (the map's first
 * drawing was about 0.6 s on a phone-speed CPU). The outlines become TopoJSON arcs — a border
 * between two boroughs is one line, simplified once, so no gap or overlap opens between them — and
 * Visvalingam's method drops the points whose triangle with their neighbours covers less than
 * MIN_TRIANGLE_M2. Every point kept is a published point, unmoved; on the GLA file no published point
 * ends up more than about 16 metres (0.3 of a pixel) from the simplified outline (the importer's
 * tests measure it with plain code). Only the map's drawing uses the outlines: no figure comes from
 * them.
 */
import { feature } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, simplify, sphericalTriangleArea } from 'topojson-simplify';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { FeatureCollection } from 'geojson';

/** Points whose triangle with their two neighbours is smaller than this (in square metres) are dropped. */
export const MIN_TRIANGLE_M2 = 100;
const EARTH_RADIUS_M = 6_371_008.8;

export interface DisplayBoundaries {
  /** The simplified FeatureCollection, as JSON text: same features, order and properties. */
  text: string;
  points: { published: number; kept: number };
}

/** Simplifies a boundary FeatureCollection (already checked by checkBoundaries) for the map. */
export function boundariesForDisplay(collection: FeatureCollection): DisplayBoundaries {
  // No quantisation: the arcs keep the published coordinates exactly.
  const topo = presimplify(topology({ boroughs: collection }) as Topology<{ boroughs: GeometryCollection }>, sphericalTriangleArea);
  // sphericalTriangleArea is in steradians: the unit sphere's area.
  const simplified = simplify(topo, MIN_TRIANGLE_M2 / EARTH_RADIUS_M ** 2) as Topology<{ boroughs: GeometryCollection }>;
  const out = feature(simplified, simplified.objects.boroughs) as FeatureCollection;
  return { text: JSON.stringify(out), points: { published: countPoints(collection), kept: countPoints(out) } };
}

/** How many positions the outlines hold (each ring's closing point counted, as in the file). */
function countPoints(collection: FeatureCollection): number {
  let n = 0;
  for (const f of collection.features) {
    const g = f.geometry;
    if (g?.type === 'Polygon') for (const ring of g.coordinates) n += ring.length;
    else if (g?.type === 'MultiPolygon') for (const polygon of g.coordinates) for (const ring of polygon) n += ring.length;
  }
  return n;
}
