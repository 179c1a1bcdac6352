/** Reading stacked columns as a reader sees them: the rectangles drawn, and the tip over a column. */

export interface DrawnRectangle {
  /** The part the rectangle belongs to ("withheld" for the hatched block). */
  part: string;
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
}

/** Every rectangle in the columns' paths (one path per part), in the order drawn. */
export function columnRectangles(root: ParentNode): DrawnRectangle[] {
  const rectangles: DrawnRectangle[] = [];
  for (const path of root.querySelectorAll('g[aria-label="columns"] path')) {
    const d = path.getAttribute('d') ?? '';
    const pieces = d.match(/M[^M]*/g) ?? [];
    for (const piece of pieces) {
      const m = /^M(-?[\d.e+-]+),(-?[\d.e+-]+)h(-?[\d.e+-]+)V(-?[\d.e+-]+)h(-?[\d.e+-]+)Z$/.exec(piece);
      if (!m) throw new Error(`Not a rectangle: ${piece}`);
      const [x, top, width, bottom] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
      rectangles.push({ part: path.getAttribute('data-part') ?? '', x, y: top, width, height: bottom - top, fill: path.getAttribute('fill') ?? '' });
    }
  }
  return rectangles;
}

/**
 * The lines of the tip shown with the pointer at `x` in the SVG (jsdom lays nothing out, so the
 * SVG's client coordinates are its own). Plot measures a shown tip in a later task; jsdom has no
 * getBBox, so a zero box stands in for it.
 */
export function tipAt(svg: SVGSVGElement, x: number, y = 100): string[] {
  const proto = svg.ownerDocument.defaultView!.SVGElement.prototype as unknown as { getBBox?: () => DOMRect };
  proto.getBBox ??= () => ({ x: 0, y: 0, width: 0, height: 0 }) as DOMRect;
  const PointerEvent = svg.ownerDocument.defaultView!.PointerEvent;
  for (const type of ['pointerenter', 'pointermove']) {
    svg.dispatchEvent(new PointerEvent(type, { clientX: x, clientY: y, bubbles: true, pointerType: 'mouse' }));
  }
  const tip = svg.querySelector('g[aria-label="tip"]');
  return tip ? [...tip.querySelectorAll('tspan')].map((t) => (t.textContent ?? '').replace(/\u200b/g, '')) : [];
}
