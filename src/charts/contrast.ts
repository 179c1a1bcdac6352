/**
 * WCAG 2.2 contrast arithmetic, used to pick black or white text for a label drawn on a coloured fill.
 * https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio
 */

import { TEXT_COLOUR } from './palette';

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of a #rrggbb colour (0 black … 1 white). */
export function relativeLuminance(hex: string): number {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!match) throw new Error(`Expected a #rrggbb colour, got ${hex}`);
  const [r, g, b] = match.slice(1).map((h) => channel(parseInt(h, 16))) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Near-black or white, whichever contrasts more with the fill. */
export function textColourOn(fill: string): string {
  return contrastRatio(fill, TEXT_COLOUR) >= contrastRatio(fill, '#FFFFFF') ? TEXT_COLOUR : '#FFFFFF';
}
