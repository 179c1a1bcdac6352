/**
 * Export of a chart figure (see figure.ts): its data as a tidy CSV in a zip with a README and a
 * datapackage.json (the rows its card declared: dataset.ts), and the chart as SVG and PNG, composed
 * from what is on screen.
 *
 * The SVG and PNG are built from the live layout: each of the chart's SVGs (and legend swatches) is
 * copied with its computed colours, lines and fonts written in as presentation attributes, and the
 * HTML text around it (title, legend, source) is placed line by line where the browser put it. The
 * PNG is drawn onto a canvas by walking that composed SVG, not by loading it as an image, so it needs
 * no blob: or data: image source (the site's Content Security Policy allows neither) and makes no
 * request. Nothing here sets a style attribute either, which the policy would also refuse.
 */

import '../styles/export.css';
import { SVG_NS } from './dom';
import { dataPackageJson, formatDateTime, readmeText, type PackageAbout } from './data-package';
import { buildAllTableRows } from './data-table';
import { datasetCsv, datasetMonths, figureData } from './dataset';
import { zipFiles } from './zip';

export { formatDateTime };

export type ExportKind = 'csv' | 'png' | 'svg';

export interface ExportContext {
  /** The address of the view, written into every export. */
  url: string;
  /** When it was downloaded. */
  date: Date;
}

// ---------------------------------------------------------------------------------------------------
// Data: a tidy CSV in a zip with what it is (dataset.ts, data-package.ts)

/** A file name from a chart title: lower case words joined by hyphens. */
export function fileNameFor(title: string, kind: ExportKind | 'zip'): string {
  return `${slugFor(title)}.${kind}`;
}

/** Lower case words joined by hyphens, at most 100 characters. */
export function slugFor(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
  return slug || 'chart';
}

/**
 * The figure's data as a zip: `<title>.csv` (dataset.ts: one header row, plain numbers, a status
 * column), README.txt and datapackage.json (the chart's title and notes, its source line, the
 * licences, the view's address, when, the months covered, and every column's meaning).
 */
export async function figureDataZip(figure: Element, context: ExportContext): Promise<{ fileName: string; bytes: Uint8Array }> {
  const parts = figureParts(figure);
  const data = figureData(figure);
  if (!data) throw new Error('This chart has no data to download');
  const slug = slugFor(parts.title);
  const csvName = `${slug}.csv`;
  const about: PackageAbout = {
    name: slug,
    title: parts.title,
    ...(parts.subtitle ? { description: parts.subtitle } : {}),
    sources: [parts.source],
    licences: data.licences,
    url: context.url,
    created: context.date,
    months: datasetMonths(data.dataset),
    notes: data.dataset.notes ?? [],
  };
  const resources = [{ path: csvName, title: parts.title, columns: data.dataset.columns }];
  const bytes = await zipFiles(
    [
      { name: csvName, data: datasetCsv(data.dataset) },
      { name: 'README.txt', data: readmeText(about, resources) },
      { name: 'datapackage.json', data: dataPackageJson(about, resources) },
    ],
    context.date,
  );
  return { fileName: `${slug}.zip`, bytes };
}

/** The parts of a chart figure an export needs. */
export function figureParts(figure: Element): { title: string; subtitle?: string; source: string; description?: string; table: HTMLTableElement | null } {
  const text = (selector: string) => figure.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const describedBy = figure.querySelector('[aria-describedby]')?.getAttribute('aria-describedby');
  const description = describedBy ? figure.ownerDocument.getElementById(describedBy)?.textContent?.trim() : undefined;
  const subtitle = text('.chart-subtitle');
  // A table nobody has opened may not have its rows yet.
  buildAllTableRows(figure);
  return {
    title: text('.chart-title'),
    ...(subtitle ? { subtitle } : {}),
    source: text('.chart-source').replace(/^Source:\s*/, ''),
    ...(description ? { description } : {}),
    table: figure.querySelector<HTMLTableElement>('table.chart-table') ?? figure.querySelector('table'),
  };
}

// ---------------------------------------------------------------------------------------------------
// SVG, composed from the live layout

/** Computed properties written onto every copied SVG element, so it looks the same with no style sheet. */
const PAINT_PROPERTIES = [
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'opacity',
  'paint-order',
] as const;
const TEXT_PROPERTIES = ['font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'letter-spacing'] as const;
/** Attributes left behind: interaction and assistive-technology details of the live page. */
const DROPPED_ATTRIBUTE = /^(style|class|role|tabindex|focusable|aria-.*|data-.*|pointer-events)$/;

/** Copies an SVG subtree, writing each element's computed paint and text properties as attributes. */
function copySvg(source: Element, doc: Document, win: Window, ids: Map<string, string>): Element | null {
  if (source.localName === 'style' || source.localName === 'script') return null;
  const copy = doc.createElementNS(SVG_NS, source.localName);
  for (const attribute of source.attributes) {
    if (DROPPED_ATTRIBUTE.test(attribute.name)) continue;
    if (attribute.name === 'id') {
      const id = `export-${ids.size + 1}`;
      ids.set(attribute.value, id);
      copy.setAttribute('id', id);
      continue;
    }
    copy.setAttributeNS(attribute.namespaceURI, attribute.name, attribute.value);
  }
  const computed = win.getComputedStyle(source);
  const isText = source.localName === 'text' || source.localName === 'tspan';
  for (const property of PAINT_PROPERTIES) {
    const value = computed.getPropertyValue(property);
    if (value) copy.setAttribute(property, property === 'stroke-dasharray' ? value.replace(/px/g, '') : value);
  }
  if (isText || source.localName === 'svg' || source.localName === 'g') {
    for (const property of TEXT_PROPERTIES) {
      const value = computed.getPropertyValue(property);
      if (value) copy.setAttribute(property, value);
    }
  }
  if (computed.visibility === 'hidden') copy.setAttribute('visibility', 'hidden');
  if (computed.display === 'none') copy.setAttribute('display', 'none');
  if (source.localName === 'svg') copy.setAttribute('overflow', computed.overflow === 'hidden' ? 'hidden' : 'visible');
  for (const child of source.childNodes) {
    if (child.nodeType === 3) copy.append(doc.createTextNode(child.textContent ?? ''));
    else if (child.nodeType === 1) {
      const copied = copySvg(child as Element, doc, win, ids);
      if (copied) copy.append(copied);
    }
  }
  return copy;
}

/** Points url(#old) references at the renamed ids. */
function relinkIds(root: Element, ids: Map<string, string>): void {
  if (ids.size === 0) return;
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const attribute of [...el.attributes]) {
      if (!attribute.value.includes('#')) continue;
      const value = attribute.value.replace(/url\(\s*["']?#([^"')]+)["']?\s*\)/g, (whole, id: string) => (ids.has(id) ? `url(#${ids.get(id)})` : whole));
      const href = (attribute.name === 'href' || attribute.name === 'xlink:href') && value.startsWith('#') && ids.has(value.slice(1)) ? `#${ids.get(value.slice(1))}` : value;
      if (href !== attribute.value) el.setAttributeNS(attribute.namespaceURI, attribute.name, href);
    }
  }
}

interface TextLine {
  text: string;
  x: number;
  /** Baseline. */
  y: number;
  font: { family: string; size: string; weight: string; style: string };
  colour: string;
}

let measuringContext: CanvasRenderingContext2D | null | undefined;

function measurer(doc: Document): CanvasRenderingContext2D | null {
  if (measuringContext === undefined) measuringContext = doc.createElement('canvas').getContext('2d');
  return measuringContext;
}

/** How far the baseline sits below the top of a line's text box, for a font. */
function ascentOf(doc: Document, font: string, fontSizePx: number): number {
  const ctx = measurer(doc);
  if (!ctx) return fontSizePx * 0.8;
  ctx.font = font;
  return ctx.measureText('Hg').fontBoundingBoxAscent || fontSizePx * 0.8;
}

/** The width of a line of text in a font (roughly, where there is no canvas). */
function widthOf(doc: Document, font: string, text: string, fontSizePx: number): number {
  const ctx = measurer(doc);
  if (!ctx) return text.length * fontSizePx * 0.6;
  ctx.font = font;
  return ctx.measureText(text).width;
}

function cssFont(font: TextLine['font']): string {
  return `${font.style} ${font.weight} ${font.size} ${font.family}`;
}

/** The lines a text node is drawn in, with where each starts: words are grouped by the line box they fell in. */
function textNodeLines(node: Text, originX: number, originY: number): TextLine[] {
  const doc = node.ownerDocument;
  const parent = node.parentElement;
  const win = doc.defaultView;
  if (!parent || !win) return [];
  const computed = win.getComputedStyle(parent);
  const font = { family: computed.fontFamily, size: computed.fontSize, weight: computed.fontWeight, style: computed.fontStyle };
  const ascent = ascentOf(doc, cssFont(font), parseFloat(computed.fontSize));
  const range = doc.createRange();
  const text = node.data;
  const lines: TextLine[] = [];
  let current: { words: string[]; left: number; top: number } | null = null;
  const flush = () => {
    if (!current) return;
    const joined = current.words.join('').replace(/\s+/g, ' ').trim();
    if (joined) lines.push({ text: joined, x: current.left - originX, y: current.top + ascent - originY, font, colour: computed.color });
    current = null;
  };
  for (const match of text.matchAll(/\s*\S+\s*/g)) {
    const start = match.index ?? 0;
    const word = match[0];
    const leading = word.length - word.trimStart().length;
    range.setStart(node, start + leading);
    range.setEnd(node, start + word.trimEnd().length);
    const rect = range.getClientRects()[0];
    if (!rect || rect.width === 0) continue;
    if (current && Math.abs(rect.top - current.top) > 2) flush();
    if (!current) current = { words: [], left: rect.left, top: rect.top };
    current.words.push(current.words.length === 0 ? word.trimStart() : word);
  }
  flush();
  return lines;
}

/** Whether an element (and so its text) is drawn: not hidden, not clipped away for screen readers only. */
function isDrawn(el: Element): boolean {
  if (el.closest('.visually-hidden, details, .chart-export, [hidden]')) return false;
  const check = (el as HTMLElement).checkVisibility;
  if (typeof check === 'function' && !check.call(el, { visibilityProperty: true, opacityProperty: true })) return false;
  const rect = el.getBoundingClientRect();
  return rect.width > 1 && rect.height > 1;
}

const FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

/**
 * A standalone SVG of the figure as it is on screen: title, subtitle, legend, chart and source, then
 * a line saying where and when it was downloaded. The SVG carries the chart's title and text summary
 * (<title>, <desc>) so that it is described wherever it is used.
 */
export function composeFigureSvg(figure: HTMLElement, context?: ExportContext): SVGSVGElement {
  const doc = figure.ownerDocument;
  const win = doc.defaultView;
  if (!win) throw new Error('Charts can only be exported from a page on screen');
  const parts = [figure.querySelector('.chart-caption'), figure.querySelector('.chart-body'), figure.querySelector('.chart-source')].filter(
    (el): el is Element => el !== null && isDrawn(el),
  );
  if (parts.length === 0) throw new Error('This chart is not on screen, so it cannot be drawn');
  const figureRect = figure.getBoundingClientRect();
  const rects = parts.map((p) => p.getBoundingClientRect());
  const margin = 16;
  const originX = figureRect.left - margin;
  const originY = Math.min(...rects.map((r) => r.top)) - margin;
  let width = Math.ceil(Math.max(figureRect.right, ...rects.map((r) => r.right)) - originX + margin);
  let height = Math.ceil(Math.max(...rects.map((r) => r.bottom)) - originY);

  const root = doc.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('font-family', FONT_STACK);
  const { title, description } = figureParts(figure);
  const titleEl = doc.createElementNS(SVG_NS, 'title');
  titleEl.textContent = title;
  root.append(titleEl);
  if (description) {
    const desc = doc.createElementNS(SVG_NS, 'desc');
    desc.textContent = description;
    root.append(desc);
  }
  const background = doc.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  root.append(background);

  const ids = new Map<string, string>();
  const addText = (line: TextLine) => {
    const text = doc.createElementNS(SVG_NS, 'text');
    text.setAttribute('x', line.x.toFixed(1));
    text.setAttribute('y', line.y.toFixed(1));
    text.setAttribute('font-family', line.font.family);
    text.setAttribute('font-size', line.font.size);
    text.setAttribute('font-weight', line.font.weight);
    if (line.font.style !== 'normal') text.setAttribute('font-style', line.font.style);
    text.setAttribute('fill', line.colour);
    text.textContent = line.text;
    root.append(text);
  };

  const walk = (node: Node): void => {
    if (node.nodeType === 3) {
      const parent = node.parentElement;
      if (parent && isDrawn(parent)) textNodeLines(node as Text, originX, originY).forEach(addText);
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    if (el.localName === 'svg') {
      const rect = el.getBoundingClientRect();
      if (rect.width < 1 || rect.height < 1 || el.closest('.visually-hidden, [hidden]')) return;
      const copy = copySvg(el, doc, win, ids);
      if (!copy) return;
      if (!copy.hasAttribute('viewBox')) {
        const w = Number(el.getAttribute('width')) || rect.width;
        const h = Number(el.getAttribute('height')) || rect.height;
        copy.setAttribute('viewBox', `0 0 ${w} ${h}`);
      }
      copy.setAttribute('x', (rect.left - originX).toFixed(1));
      copy.setAttribute('y', (rect.top - originY).toFixed(1));
      copy.setAttribute('width', rect.width.toFixed(1));
      copy.setAttribute('height', rect.height.toFixed(1));
      root.append(copy);
      return;
    }
    if (el.matches('.visually-hidden, details, .chart-export, script, style')) return;
    for (const child of el.childNodes) walk(child);
  };
  parts.forEach(walk);
  relinkIds(root, ids);

  if (context) {
    // Where and when it came from, in two lines: the address may be long.
    const font = { family: FONT_STACK, size: '12px', weight: '400', style: 'normal' };
    const texts = [`Downloaded ${formatDateTime(context.date)} from the London Domestic and Sexual Violence Dashboard:`, context.url];
    texts.forEach((text, i) => {
      addText({ text, x: margin, y: height + 16 + i * 16, font, colour: '#505a5f' });
      // Widen to fit rather than cut the line off.
      width = Math.max(width, Math.ceil(margin * 2 + widthOf(doc, cssFont(font), text, 12)));
    });
    height += 16 * texts.length + 12;
  } else {
    height += margin;
  }
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return root;
}

/** The composed SVG as a file's text. */
export function serialiseSvg(svg: SVGSVGElement): string {
  const text = new XMLSerializer().serializeToString(svg);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${text}\n`;
}

// ---------------------------------------------------------------------------------------------------
// PNG: the composed SVG drawn onto a canvas, element by element, from its live geometry

type Paint = string | CanvasPattern | null;

function numberOf(value: string | null | undefined, fallback = 0): number {
  const n = parseFloat(value ?? '');
  return Number.isFinite(n) ? n : fallback;
}

/** The product of the element's opacity and its ancestors' up to the root. */
function cumulativeOpacity(el: Element, root: Element, win: Window): number {
  let opacity = 1;
  for (let node: Element | null = el; node && node !== root.parentElement; node = node.parentElement) {
    opacity *= numberOf(win.getComputedStyle(node).opacity, 1);
  }
  return opacity;
}

function shapePath(el: Element): Path2D | null {
  const attr = (name: string) => numberOf(el.getAttribute(name));
  const path = new Path2D();
  switch (el.localName) {
    case 'path': {
      const d = el.getAttribute('d');
      return d ? new Path2D(d) : null;
    }
    case 'rect': {
      const w = attr('width');
      const h = attr('height');
      if (w <= 0 || h <= 0) return null;
      const rx = Math.min(attr('rx') || attr('ry'), w / 2, h / 2);
      if (rx > 0 && typeof path.roundRect === 'function') path.roundRect(attr('x'), attr('y'), w, h, rx);
      else path.rect(attr('x'), attr('y'), w, h);
      return path;
    }
    case 'line':
      path.moveTo(attr('x1'), attr('y1'));
      path.lineTo(attr('x2'), attr('y2'));
      return path;
    case 'circle':
      path.arc(attr('cx'), attr('cy'), attr('r'), 0, Math.PI * 2);
      return path;
    case 'ellipse':
      path.ellipse(attr('cx'), attr('cy'), attr('rx'), attr('ry'), 0, 0, Math.PI * 2);
      return path;
    case 'polyline':
    case 'polygon': {
      const points = (el.getAttribute('points') ?? '').trim().split(/[\s,]+/).map(Number);
      for (let i = 0; i + 1 < points.length; i += 2) (i === 0 ? path.moveTo : path.lineTo).call(path, points[i]!, points[i + 1]!);
      if (el.localName === 'polygon') path.closePath();
      return path;
    }
    default:
      return null;
  }
}

const SKIPPED = new Set(['defs', 'pattern', 'title', 'desc', 'style', 'script', 'clipPath', 'mask', 'marker', 'symbol', 'linearGradient', 'radialGradient', 'filter']);

class CanvasPainter {
  private readonly win: Window;
  private readonly rootInverse: DOMMatrix;
  private readonly patterns = new Map<string, CanvasPattern | null>();

  constructor(
    private readonly root: SVGSVGElement,
    private readonly ctx: CanvasRenderingContext2D,
    private readonly scale: number,
  ) {
    this.win = root.ownerDocument.defaultView!;
    const ctm = root.getScreenCTM();
    if (!ctm) throw new Error('The chart could not be measured for drawing');
    this.rootInverse = DOMMatrix.fromMatrix(ctm).inverse();
  }

  /** From the element's user space to the canvas. */
  private matrixFor(el: SVGGraphicsElement): DOMMatrix | null {
    const ctm = el.getScreenCTM();
    if (!ctm) return null;
    return new DOMMatrix().scale(this.scale).multiply(this.rootInverse).multiply(DOMMatrix.fromMatrix(ctm));
  }

  paint(node: Element): void {
    if (SKIPPED.has(node.localName)) return;
    const computed = this.win.getComputedStyle(node);
    if (computed.display === 'none') return;
    if (node.localName === 'text') {
      this.paintText(node as SVGTextElement);
      return;
    }
    if (computed.visibility !== 'hidden') {
      const path = shapePath(node);
      if (path) this.paintShape(node as SVGGraphicsElement, path, computed);
    }
    // An inner <svg> that hides its overflow (a legend swatch) clips what it holds to its box.
    const clips = node !== this.root && node.localName === 'svg' && (computed.overflow === 'hidden' || computed.overflow === 'clip');
    if (clips) {
      // Its box in its parent's user space (getBoundingClientRect would give the box of what it draws).
      const inner = node as SVGSVGElement;
      const parent = node.parentElement as SVGGraphicsElement | null;
      const matrix = parent ? this.matrixFor(parent) : null;
      this.ctx.save();
      if (matrix) {
        this.ctx.setTransform(matrix);
        this.ctx.beginPath();
        this.ctx.rect(inner.x.baseVal.value, inner.y.baseVal.value, inner.width.baseVal.value, inner.height.baseVal.value);
        this.ctx.clip();
      }
    }
    for (const child of node.children) this.paint(child);
    if (clips) this.ctx.restore();
  }

  private paintFor(value: string, opacity: number): Paint {
    if (!value || value === 'none' || opacity <= 0) return null;
    const url = /url\(\s*["']?#([^"')]+)["']?\s*\)/.exec(value);
    if (url) return this.pattern(url[1]!);
    return value;
  }

  private setPaintStyle(paint: Paint, kind: 'fill' | 'stroke'): void {
    if (paint === null) return;
    if (kind === 'fill') this.ctx.fillStyle = paint;
    else this.ctx.strokeStyle = paint;
  }

  private paintShape(el: SVGGraphicsElement, path: Path2D, computed: CSSStyleDeclaration): void {
    const matrix = this.matrixFor(el);
    if (!matrix) return;
    const { ctx } = this;
    const opacity = cumulativeOpacity(el, this.root, this.win);
    const fillOpacity = opacity * numberOf(computed.fillOpacity, 1);
    const strokeOpacity = opacity * numberOf(computed.strokeOpacity, 1);
    const fill = this.paintFor(computed.fill, fillOpacity);
    const strokeWidth = numberOf(computed.strokeWidth, 1);
    const stroke = strokeWidth > 0 ? this.paintFor(computed.stroke, strokeOpacity) : null;
    ctx.save();
    ctx.setTransform(matrix);
    const doFill = () => {
      if (fill === null) return;
      this.setPaintStyle(fill, 'fill');
      ctx.globalAlpha = fillOpacity;
      ctx.fill(path, computed.fillRule === 'evenodd' ? 'evenodd' : 'nonzero');
    };
    const doStroke = () => {
      if (stroke === null) return;
      this.setPaintStyle(stroke, 'stroke');
      ctx.globalAlpha = strokeOpacity;
      ctx.lineWidth = strokeWidth;
      ctx.lineCap = (computed.strokeLinecap as CanvasLineCap) || 'butt';
      ctx.lineJoin = (computed.strokeLinejoin as CanvasLineJoin) || 'miter';
      ctx.miterLimit = numberOf(computed.strokeMiterlimit, 4);
      ctx.setLineDash(dashes(computed.strokeDasharray));
      ctx.lineDashOffset = numberOf(computed.strokeDashoffset);
      ctx.stroke(path);
    };
    if (/^stroke/.test(computed.paintOrder)) {
      doStroke();
      doFill();
    } else {
      doFill();
      doStroke();
    }
    ctx.restore();
  }

  private paintText(text: SVGTextElement): void {
    const chunks: SVGTextContentElement[] = [];
    const tspans = [...text.children].filter((c): c is SVGTSpanElement => c.localName === 'tspan');
    if (tspans.length > 0) chunks.push(...tspans);
    else chunks.push(text);
    const matrix = this.matrixFor(text);
    if (!matrix) return;
    const { ctx } = this;
    const opacity = cumulativeOpacity(text, this.root, this.win);
    for (const chunk of chunks) {
      const content = chunk.textContent ?? '';
      const computed = this.win.getComputedStyle(chunk);
      if (!content.trim() || computed.visibility === 'hidden' || computed.display === 'none') continue;
      let start: DOMPoint;
      try {
        start = chunk.getStartPositionOfChar(0);
      } catch {
        continue;
      }
      ctx.save();
      ctx.setTransform(matrix);
      ctx.font = `${computed.fontStyle} ${computed.fontWeight} ${computed.fontSize} ${computed.fontFamily}`;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'alphabetic';
      const fill = this.paintFor(computed.fill, opacity);
      const strokeWidth = numberOf(computed.strokeWidth, 1);
      const stroke = strokeWidth > 0 ? this.paintFor(computed.stroke, opacity) : null;
      // The chunk may start with spaces the layout kept (white-space: pre); they move the start, not the ink.
      const drawn = content.replace(/\s+$/, '');
      const strokeText = () => {
        if (stroke === null) return;
        this.setPaintStyle(stroke, 'stroke');
        ctx.globalAlpha = opacity * numberOf(computed.strokeOpacity, 1);
        ctx.lineWidth = strokeWidth;
        ctx.lineJoin = (computed.strokeLinejoin as CanvasLineJoin) || 'miter';
        ctx.strokeText(drawn, start.x, start.y);
      };
      const fillText = () => {
        if (fill === null) return;
        this.setPaintStyle(fill, 'fill');
        ctx.globalAlpha = opacity * numberOf(computed.fillOpacity, 1);
        ctx.fillText(drawn, start.x, start.y);
      };
      if (/^stroke/.test(computed.paintOrder)) {
        strokeText();
        fillText();
      } else {
        fillText();
        strokeText();
      }
      ctx.restore();
    }
  }

  /** A <pattern> (user-space units) as a canvas pattern, drawn from its children. */
  private pattern(id: string): CanvasPattern | null {
    if (this.patterns.has(id)) return this.patterns.get(id)!;
    const el = this.root.querySelector(`pattern[id="${CSS.escape(id)}"]`) as SVGPatternElement | null;
    let result: CanvasPattern | null = null;
    if (el) {
      const w = numberOf(el.getAttribute('width'));
      const h = numberOf(el.getAttribute('height'));
      const density = this.scale * 4;
      const tile = this.root.ownerDocument.createElement('canvas');
      tile.width = Math.max(1, Math.round(w * density));
      tile.height = Math.max(1, Math.round(h * density));
      const tctx = tile.getContext('2d');
      if (tctx && w > 0 && h > 0) {
        tctx.scale(density, density);
        for (const child of el.children) {
          const path = shapePath(child);
          if (!path) continue;
          const computed = this.win.getComputedStyle(child);
          if (computed.fill && computed.fill !== 'none' && !computed.fill.startsWith('url')) {
            tctx.fillStyle = computed.fill;
            tctx.fill(path);
          }
          if (computed.stroke && computed.stroke !== 'none' && !computed.stroke.startsWith('url')) {
            tctx.strokeStyle = computed.stroke;
            tctx.lineWidth = numberOf(computed.strokeWidth, 1);
            tctx.stroke(path);
          }
        }
        result = this.ctx.createPattern(tile, 'repeat');
        const transform = el.patternTransform.baseVal.consolidate();
        const base = transform ? DOMMatrix.fromMatrix(transform.matrix) : new DOMMatrix();
        result?.setTransform(base.scale(1 / density));
      }
    }
    this.patterns.set(id, result);
    return result;
  }
}

function dashes(value: string): number[] {
  if (!value || value === 'none') return [];
  const list = value.split(/[\s,]+/).map((v) => parseFloat(v)).filter((n) => Number.isFinite(n) && n >= 0);
  if (list.every((n) => n === 0)) return [];
  return list.length % 2 === 1 ? [...list, ...list] : list;
}

/**
 * Draws a composed SVG (composeFigureSvg) onto a canvas at `scale` times its size, on white. The SVG
 * is put in the page out of sight while it is measured, then taken out again.
 */
export async function svgToPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const doc = svg.ownerDocument;
  const staging = doc.createElement('div');
  staging.className = 'chart-export-staging';
  staging.setAttribute('aria-hidden', 'true');
  staging.append(svg);
  doc.body.append(staging);
  try {
    const width = numberOf(svg.getAttribute('width'));
    const height = numberOf(svg.getAttribute('height'));
    const canvas = doc.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw images');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    // Fonts the page uses are already loaded; wait in case one is still arriving.
    await doc.fonts?.ready;
    new CanvasPainter(svg, ctx, scale).paint(svg);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The image could not be made'))), 'image/png'),
    );
  } finally {
    staging.remove();
  }
}

// ---------------------------------------------------------------------------------------------------
// Downloads

/** Saves a file through a blob: URL (local to this page; nothing is sent anywhere). */
export function downloadBlob(blob: Blob, fileName: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Exports a figure as CSV, PNG or SVG and starts the download; resolves to the file name. */
export async function exportFigure(figure: HTMLElement, kind: ExportKind, context: ExportContext): Promise<string> {
  const { title } = figureParts(figure);
  const fileName = fileNameFor(title, kind);
  const doc = figure.ownerDocument;
  if (kind === 'csv') {
    const zip = await figureDataZip(figure, context);
    downloadBlob(new Blob([zip.bytes as BlobPart], { type: 'application/zip' }), zip.fileName, doc);
    return zip.fileName;
  } else if (kind === 'svg') {
    downloadBlob(new Blob([serialiseSvg(composeFigureSvg(figure, context))], { type: 'image/svg+xml;charset=utf-8' }), fileName, doc);
  } else {
    downloadBlob(await svgToPng(composeFigureSvg(figure, context)), fileName, doc);
  }
  return fileName;
}
