/**
 * d3-geo is spherical: a polygon's exterior ring must be clockwise, otherwise d3 reads it as "everything
 * except this borough" and fills the whole globe. The GLA boundary file is clockwise, but GeoJSON written
 * to RFC 7946 (e.g. by mapshaper or ogr2ogr with RFC7946=YES) is anticlockwise, so each polygon whose
 * spherical area is more than a hemisphere is rewound here instead of trusting the file.
 */

import { geoArea } from 'd3';
import type { Feature, Geometry, Position } from 'geojson';

/** Rings in the order d3-geo wants: a polygon covering more than half the sphere is turned inside out. */
function windPolygon(rings: Position[][]): Position[][] {
  if (geoArea({ type: 'Polygon', coordinates: rings }) <= 2 * Math.PI) return rings;
  return rings.map((ring) => [...ring].reverse());
}

function windGeometry(geometry: Geometry): Geometry {
  if (geometry.type === 'Polygon') return { ...geometry, coordinates: windPolygon(geometry.coordinates) };
  if (geometry.type === 'MultiPolygon') return { ...geometry, coordinates: geometry.coordinates.map(windPolygon) };
  return geometry;
}

/** The feature as d3-geo needs it (a copy when any ring had to be reversed). */
export function windForD3<F extends Feature>(feature: F): F {
  if (!feature.geometry) return feature;
  return { ...feature, geometry: windGeometry(feature.geometry) };
}
