/**
 * Tiny element builders. Every chart creates nodes through the document it was given, so the same code
 * runs in the browser and under jsdom in tests.
 */

export const SVG_NS = 'http://www.w3.org/2000/svg';

type Attributes = Record<string, string | number | boolean | null | undefined>;

function setAttributes(el: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
}

export function html<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attributes: Attributes = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  setAttributes(el, attributes);
  for (const child of children) if (child !== null && child !== undefined) el.append(child);
  return el;
}

export function svg<K extends keyof SVGElementTagNameMap>(
  doc: Document,
  tag: K,
  attributes: Attributes = {},
  ...children: (Node | string | null | undefined)[]
): SVGElementTagNameMap[K] {
  const el = doc.createElementNS(SVG_NS, tag) as SVGElementTagNameMap[K];
  setAttributes(el, attributes);
  for (const child of children) if (child !== null && child !== undefined) el.append(child);
  return el;
}

/** The document to build with: the one passed in options, else the global one (browser). */
export function resolveDocument(doc: Document | undefined): Document {
  const resolved = doc ?? globalThis.document;
  if (!resolved) throw new Error('Charts need a document: pass options.document when there is no global one');
  return resolved;
}

/**
 * A stable id prefix from a title. Ids must be unique on a page (aria-describedby, SVG patterns); titles
 * name what, where and when, so two charts on one page do not share one. Callers can pass `id` instead.
 */
export function idFromTitle(title: string): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `chart-${slug || 'untitled'}`;
}

/** Rough width of a label in pixels, for layout decisions made before the browser can measure text. */
export function estimateTextWidth(text: string, fontSize = 13): number {
  return text.length * fontSize * 0.6;
}
