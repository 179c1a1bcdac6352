/**
 * The built site's Content Security Policy and other security headers, defined once. The build
 * (vite.config.ts) writes the policy into index.html as a <meta> tag and writes `_headers` (the
 * Netlify / Cloudflare Pages format) with the same policy plus what only a real header can carry.
 *
 * What the site needs, and so all it is allowed:
 * - scripts only from our own files, never inline; 'wasm-unsafe-eval' because DuckDB compiles its
 *   WebAssembly (it needs nothing else: no eval, no blob: workers);
 * - the DuckDB worker is an asset file of our build (worker-src 'self');
 * - data files, the wasm and the first view are fetched from the site itself (connect-src 'self');
 *   the page compiles DuckDB's wasm and hands the worker the compiled module, but DuckDB's worker
 *   still fetches the URL it is given first, which is an empty blob: URL the page makes
 *   (src/data/duckdb-browser.ts), so connect-src also allows blob: (scripts and workers still come
 *   only from our files);
 * - style sheets from our own files, plus the one fixed <style> element Observable Plot puts in
 *   every chart, allowed by its hash (no 'unsafe-inline'). Plot and d3 set styles through the
 *   CSSOM (element.style), which a policy does not restrict, so no style attributes are needed;
 * - images (just the favicon) from the site itself.
 * Everything else is refused by default-src 'none'.
 */
import { createHash } from 'node:crypto';

/**
 * The text of the <style> element Observable Plot (0.6) appends to every chart it draws, for its
 * default class name. tests/unit/security-headers.test.ts checks it against what Plot renders, so a
 * Plot upgrade that changes it fails a test rather than the site.
 */
export const PLOT_STYLE_TEXT = `:where(.plot-d6a7b5) {
  --plot-background: white;
  display: block;
  height: auto;
  height: intrinsic;
  max-width: 100%;
}
:where(.plot-d6a7b5 text),
:where(.plot-d6a7b5 tspan) {
  white-space: pre;
}`;

/** A CSP hash source for an inline <style> or <script> text. */
export function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

type Directives = Record<string, readonly string[]>;

/** The policy both the meta tag and the header carry. */
export const CSP_DIRECTIVES: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'"],
  'connect-src': ["'self'", 'blob:'],
  'style-src': ["'self'", hashSource(PLOT_STYLE_TEXT)],
  'img-src': ["'self'"],
  'manifest-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'object-src': ["'none'"],
};

/** Directives a <meta> tag cannot deliver (browsers ignore them there, with a console warning). */
export const HEADER_ONLY_DIRECTIVES: Directives = {
  'frame-ancestors': ["'none'"],
};

function serialise(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/** The policy as the <meta http-equiv="Content-Security-Policy"> tag carries it. */
export const META_CSP = serialise(CSP_DIRECTIVES);

/** The policy as the Content-Security-Policy header carries it. */
export const HEADER_CSP = serialise({ ...CSP_DIRECTIVES, ...HEADER_ONLY_DIRECTIVES });

/** Every header a static host should send with every file of the site. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': HEADER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Older browsers that do not know frame-ancestors.
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  // The dashboard uses none of these; nothing it loads may ask for them.
  'Permissions-Policy': [
    'accelerometer=()',
    'autoplay=()',
    'camera=()',
    'display-capture=()',
    'geolocation=()',
    'gyroscope=()',
    'magnetometer=()',
    'microphone=()',
    'midi=()',
    'payment=()',
    'usb=()',
    'browsing-topics=()',
  ].join(', '),
};

/** `_headers` in the format Netlify and Cloudflare Pages read: a path pattern, then indented headers. */
export function headersFile(): string {
  const lines = ['# Security headers for static hosts that read this file (Netlify, Cloudflare Pages).', '# Written by the build from scripts/security-headers.ts; edit that, not this.', '/*'];
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) lines.push(`  ${name}: ${value}`);
  return `${lines.join('\n')}\n`;
}

/** Reads a `_headers` file back into the headers for every path (what a host would send). */
export function parseHeadersFile(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let inAll = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      inAll = line.trim() === '/*';
      continue;
    }
    const colon = line.indexOf(':');
    if (inAll && colon > 0) headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}
