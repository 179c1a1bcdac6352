/**
 * A tip that follows the pointer along a chart's x axis, as Plot's tip mark with its pointerX
 * interaction does (same look, same choice of point, same anchoring), for the charts we draw without
 * a Plot (stacked-columns.ts). The point nearest the pointer's x within 40px gets the tip; a mouse
 * click pins it there until the next click; the tip goes when the mouse leaves the chart. Its text is
 * written only when it is shown, so drawing a chart costs one empty group.
 */

import { pointer } from 'd3';
import { svg } from './dom';
import { at } from './drawn-axes';

export interface TipFrame {
  width: number;
  height: number;
  marginTop: number;
  marginRight: number;
  marginBottom: number;
  marginLeft: number;
}

export interface PointerTipOptions {
  /** Where each point's tip points, in the SVG; x before `offsetX` is added (a band's start, say). */
  points: readonly { x: number; y: number }[];
  /** Added to every point's x: half a band, so that a column's tip points at its middle. */
  offsetX: number;
  /** The tip's lines for a point (split on "\n"). */
  text: (index: number) => string;
  frame: TipFrame;
  fontSize: number;
}

/** Plot's defaults: the pointer's reach, the tip's arrow and its padding. */
const MAX_RADIUS = 40;
const POINTER_SIZE = 12;
const PADDING = 8;
const SHADOW = 'drop-shadow(0 3px 4px rgba(0,0,0,0.2))';

type Anchor = 'top' | 'bottom' | 'left' | 'right' | 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

/**
 * The tip's group, to append last to `root` (so it is drawn over everything); listens for the
 * pointer on `root`.
 */
export function pointerTip(doc: Document, root: SVGSVGElement, options: PointerTipOptions): SVGGElement {
  const { points, offsetX, frame } = options;
  const tip = svg(doc, 'g', {
    'aria-label': 'tip',
    'aria-hidden': 'true',
    fill: 'white',
    'font-size': options.fontSize,
    'pointer-events': 'none',
    stroke: 'currentColor',
    'text-anchor': 'start',
    transform: at(offsetX + 0.5, 0.5),
  });
  let shown: number | null = null;
  let pinned = false;

  const show = (index: number | null) => {
    if (index === shown) return;
    shown = index;
    if (index === null) {
      tip.replaceChildren();
      return;
    }
    const point = points[index]!;
    const text = svg(doc, 'text', { fill: 'currentColor', 'fill-opacity': 1, stroke: 'none' });
    for (const line of options.text(index).split(/\r\n?|\n/)) {
      // The zero-width space is Plot's: a double-click selects the line, not the whole tip.
      text.append(svg(doc, 'tspan', { x: 0, dy: '1em' }, '\u200b', line));
    }
    const box = svg(doc, 'g', { transform: at(Math.round(point.x), Math.round(point.y)) }, svg(doc, 'path', { filter: SHADOW }), text);
    tip.replaceChildren(box);
    // Its size is known once it is on the page: hidden until then, placed in the next microtask.
    tip.setAttribute('visibility', 'hidden');
    void Promise.resolve().then(() => {
      if (box.parentNode !== tip) return;
      place(box, point, frame);
      tip.removeAttribute('visibility');
    });
  };

  const move = (event: PointerEvent) => {
    if (pinned || (event.pointerType === 'mouse' && event.buttons === 1)) return; // dragging
    const [x, y] = pointer(event, root);
    // Mostly by x: up and down within the plot area barely count; above or below it they do.
    const ky = y < frame.marginTop || y > frame.height - frame.marginBottom ? 1 : 0.01;
    let nearest: number | null = null;
    let reach = MAX_RADIUS * MAX_RADIUS;
    for (const [i, p] of points.entries()) {
      const dx = p.x - (x - offsetX);
      const dy = ky * (p.y - y);
      // Ties go to the later point, as in Plot.
      if (dx * dx + dy * dy <= reach) {
        nearest = i;
        reach = dx * dx + dy * dy;
      }
    }
    show(nearest);
  };
  root.addEventListener('pointerenter', move);
  root.addEventListener('pointermove', move);
  root.addEventListener('pointerdown', (event) => {
    if (event.pointerType !== 'mouse' || shown === null) return;
    if (pinned) {
      pinned = false;
      show(null);
    } else pinned = true;
  });
  root.addEventListener('pointerleave', (event) => {
    if (event.pointerType === 'mouse' && !pinned) show(null);
  });
  return tip;
}

/** Shapes the tip's box around its text and turns it to fit in the frame, as Plot's tip does. */
function place(box: SVGGElement, point: { x: number; y: number }, frame: TipFrame): void {
  const text = box.lastChild as SVGTextElement;
  const bounds = box.getBBox();
  const w = Math.round(bounds.width);
  const h = Math.round(bounds.height);
  const room = (extent: number) => extent + POINTER_SIZE + PADDING * 2;
  const fitLeft = point.x + room(w) < frame.width;
  const fitRight = point.x - room(w) > 0;
  const fitTop = point.y + room(h) < frame.height;
  const fitBottom = point.y - room(h) > 0;
  const anchor: Anchor =
    fitLeft && fitRight
      ? fitBottom
        ? 'bottom'
        : 'top'
      : fitTop && fitBottom
        ? fitLeft
          ? 'left'
          : 'right'
        : (fitLeft || fitRight) && (fitTop || fitBottom)
          ? `${fitBottom ? 'bottom' : 'top'}-${fitLeft ? 'left' : 'right'}`
          : 'bottom';
  (box.firstChild as SVGPathElement).setAttribute('d', tipPath(anchor, w, h));
  if (bounds.x) for (const line of text.childNodes) (line as SVGTSpanElement).setAttribute('x', String(-bounds.x));
  // Plot starts every tip not anchored at the top one line-height above its box's bottom edge.
  const lines = text.childNodes.length;
  text.setAttribute('y', `${+(/^top/.test(anchor) ? 0.94 - 1 : -0.29 - lines).toFixed(6)}em`);
  text.setAttribute('transform', `translate(${textOffset(anchor, w, h).join(',')})`);
}

function textOffset(anchor: Anchor, width: number, height: number): [number, number] {
  const m = POINTER_SIZE;
  const r = PADDING;
  switch (anchor) {
    case 'top-left':
      return [r, m + r];
    case 'top':
      return [-width / 2, m / 2 + r];
    case 'top-right':
      return [-width - r, m + r];
    case 'right':
      return [-m / 2 - width - r, height / 2];
    case 'bottom-left':
      return [r, -m - r];
    case 'bottom':
      return [-width / 2, -m / 2 - r];
    case 'bottom-right':
      return [-width - r, -m - r];
    case 'left':
      return [r + m / 2, height / 2];
  }
}

function tipPath(anchor: Anchor, width: number, height: number): string {
  const m = POINTER_SIZE;
  const w = width + PADDING * 2;
  const h = height + PADDING * 2;
  switch (anchor) {
    case 'top-left':
      return `M0,0l${m},${m}h${w - m}v${h}h${-w}z`;
    case 'top':
      return `M0,0l${m / 2},${m / 2}h${(w - m) / 2}v${h}h${-w}v${-h}h${(w - m) / 2}z`;
    case 'top-right':
      return `M0,0l${-m},${m}h${m - w}v${h}h${w}z`;
    case 'right':
      return `M0,0l${-m / 2},${-m / 2}v${m / 2 - h / 2}h${-w}v${h}h${w}v${m / 2 - h / 2}z`;
    case 'bottom-left':
      return `M0,0l${m},${-m}h${w - m}v${-h}h${-w}z`;
    case 'bottom':
      return `M0,0l${m / 2},${-m / 2}h${(w - m) / 2}v${-h}h${-w}v${h}h${(w - m) / 2}z`;
    case 'bottom-right':
      return `M0,0l${-m},${-m}h${m - w}v${-h}h${w}z`;
    case 'left':
      return `M0,0l${m / 2},${-m / 2}v${m / 2 - h / 2}h${w}v${h}h${-w}v${m / 2 - h / 2}z`;
  }
}
