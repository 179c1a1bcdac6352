/**
 * Responsive sizing rules shared by the Plot charts, so that every chart thins its ticks and sizes its
 * margins the same way from a 320px phone to a 1920px projector.
 */

import { estimateTextWidth } from './dom';
import { GRID_COLOUR } from './palette';

/** Font size for all chart text: at least 12px (Analysis Function guidance), a little more for projectors. */
export const FONT_SIZE = 13;

export const PLOT_STYLE = { fontSize: `${FONT_SIZE}px`, fontFamily: 'inherit', color: '#0B0C0C', background: 'transparent' };

export function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/** A chart height that suits the width: shorter on phones, not taller than a projector screen wants. */
export function defaultHeight(width: number): number {
  return Math.round(clamp(width * 0.55, 300, 440));
}

/** How many ticks fit along an axis of the given length when each needs about `spacing` pixels. */
export function tickCount(length: number, spacing: number): number {
  return Math.max(2, Math.floor(length / spacing));
}

/** Left margin wide enough for the longest of the given tick labels. */
export function marginForLabels(labels: readonly string[], min = 36): number {
  const widest = Math.max(0, ...labels.map((l) => estimateTextWidth(l, FONT_SIZE)));
  return Math.ceil(Math.max(min, widest + 12));
}

/**
 * Splits a label into lines of at most `maxChars` characters, breaking at ordinary spaces only, so a
 * no-break space (as in "Feb\u00a02024") keeps its words together.
 */
export function wrapWords(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/[ \t\n]+/).filter(Boolean)) {
    if (current && current.length + 1 + word.length > maxChars) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/**
 * Vertical positions for labels that want to sit at `wanted` but must not overlap: each label is pushed
 * down below the one above it, then the whole run is pulled back up if it spills past `bottom`.
 */
export function dodge(wanted: readonly { y: number; height: number }[], top: number, bottom: number): number[] {
  const order = wanted.map((_, i) => i).sort((a, b) => wanted[a]!.y - wanted[b]!.y);
  const placed = new Array<number>(wanted.length);
  let cursor = top;
  for (const i of order) {
    const { y, height } = wanted[i]!;
    const start = Math.max(y - height / 2, cursor);
    placed[i] = start + height / 2;
    cursor = start + height;
  }
  let limit = bottom;
  for (const i of [...order].reverse()) {
    const { height } = wanted[i]!;
    const end = Math.min(placed[i]! + height / 2, limit);
    placed[i] = end - height / 2;
    limit = end - height;
  }
  return placed;
}

/**
 * Plot draws grid lines in the text colour at 10% opacity, which all but vanishes on a projector. A solid
 * light grey (GOV.UK border colour) stays visible without competing with the data.
 */
export function lightenGrid(plot: Element): void {
  for (const grid of plot.querySelectorAll('[aria-label$="-grid"]')) {
    grid.setAttribute('stroke', GRID_COLOUR);
    grid.setAttribute('stroke-opacity', '0.6');
  }
}
