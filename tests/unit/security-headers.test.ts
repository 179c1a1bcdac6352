// @vitest-environment jsdom
/**
 * The policy's one inline allowance, Observable Plot's <style> element, is allowed by a hash of its
 * exact text: check that text against what Plot really renders, so an upgrade cannot silently
 * break every chart's styling under the policy.
 */
import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { trendChart } from '../../src/charts/trend-chart';
import { CSP_DIRECTIVES, hashSource, headersFile, HEADER_CSP, META_CSP, parseHeadersFile, PLOT_STYLE_TEXT, SECURITY_HEADERS } from '../../scripts/security-headers';

describe('security headers', () => {
  it("allows exactly the <style> text Plot renders, and nothing else inline", () => {
    const plot = Plot.plot({ document, marks: [Plot.lineY([1, 3, 2])] });
    const styles = [...plot.querySelectorAll('style')].map((s) => s.textContent ?? '');
    expect(styles).toEqual([PLOT_STYLE_TEXT]);
    expect(CSP_DIRECTIVES['style-src']).toEqual(["'self'", hashSource(PLOT_STYLE_TEXT)]);
  });

  it("our own charts add no other <style> element", () => {
    const month = (i: number) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    const rows = Array.from({ length: 24 }, (_, i) => ({ month: month(i), series: 'London', monthly: 100 + i, rolling: i >= 11 ? 100 : null }));
    const figure = trendChart(rows, { title: 'T', source: 'S', yLabel: 'Offences', seriesOrder: ['London'], width: 600, document });
    const styles = [...figure.querySelectorAll('style')].map((s) => s.textContent ?? '');
    expect(styles.length).toBeGreaterThan(0);
    for (const text of styles) expect(text).toBe(PLOT_STYLE_TEXT);
  });

  it('hashes as CSP does (SHA-256 of the UTF-8 text, base64)', () => {
    expect(hashSource(PLOT_STYLE_TEXT)).toBe("'sha256-jSYQUrW7J0b3jPqhZP9C2Xh1PyJKHKXd4s0fpGGKrww='");
  });

  it('writes a _headers file that reads back as the same headers, with frame-ancestors only in the header', () => {
    expect(parseHeadersFile(headersFile())).toEqual(SECURITY_HEADERS);
    expect(HEADER_CSP).toBe(`${META_CSP}; frame-ancestors 'none'`);
    expect(META_CSP).not.toMatch(/frame-ancestors|report-uri|sandbox/);
  });
});
