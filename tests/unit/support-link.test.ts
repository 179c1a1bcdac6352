// @vitest-environment jsdom
/**
 * "Support in {area}" (src/app/support-link.ts), the link every page's help strip carries to Get
 * support; and the help strip's own numbers, which must be those of the support list.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it, vi } from 'vitest';
import { buildShell } from '../../src/app/shell';
import type { ViewState } from '../../src/app/state';
import { supportHref, supportLink, updateSupportLink } from '../../src/app/support-link';

function click(link: HTMLElement, init: MouseEventInit = {}): MouseEvent {
  const event = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ...init });
  link.dispatchEvent(event);
  return event;
}

describe('supportLink', () => {
  it("points at the support page for the area alone, and names it", () => {
    expect(supportHref('Croydon', '/dash/')).toBe('/dash/?page=support&borough=Croydon');
    expect(supportHref('London', '/')).toBe('/?page=support');
    const link = supportLink('Kingston upon Thames', () => undefined);
    expect(link.getAttribute('href')).toBe(`${window.location.pathname}?page=support&borough=Kingston+upon+Thames`);
    expect(link.textContent).toBe('Support in Kingston upon Thames');
  });

  it('goes there through navigate, with every service shown; a new tab is left to the browser', () => {
    const navigate = vi.fn<(patch: Partial<ViewState>) => void>();
    const link = supportLink('Hackney', navigate);
    expect(click(link).defaultPrevented).toBe(true);
    expect(navigate).toHaveBeenCalledWith({ page: 'support', area: 'Hackney', need: undefined });
    expect(click(link, { ctrlKey: true }).defaultPrevented).toBe(false);
    expect(click(link, { button: 1 }).defaultPrevented).toBe(false);
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('is updated in place for another area, still with one listener, calling the latest navigate', () => {
    const first = vi.fn();
    const latest = vi.fn();
    const link = supportLink('Hackney', first);
    updateSupportLink(link, 'Camden', first);
    updateSupportLink(link, 'Lambeth', latest);
    expect(link.textContent).toBe('Support in Lambeth');
    expect(link.getAttribute('href')).toBe(`${window.location.pathname}?page=support&borough=Lambeth`);
    click(link);
    expect(first).not.toHaveBeenCalled();
    expect(latest).toHaveBeenCalledTimes(1);
    expect(latest).toHaveBeenCalledWith({ page: 'support', area: 'Lambeth', need: undefined });
  });
});

describe('the help strip on every page', () => {
  const rows = Papa.parse<Record<string, string>>(readFileSync(path.resolve('data/support/services.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;

  it('carries the support link, and only numbers the support list gives, described as the list describes them', () => {
    const shell = buildShell(document.body.appendChild(document.createElement('div')));
    const help = document.querySelector('aside.get-help')!;
    expect(help.contains(shell.supportLink)).toBe(true);
    const helpline = rows.find((r) => r.name!.startsWith('National Domestic Abuse Helpline'))!;
    const dials = (field: string) => field.split(';').map((part) => /^[\d ]+/.exec(part.trim())![0].replace(/ /g, ''));
    for (const link of help.querySelectorAll<HTMLAnchorElement>('a[href^="tel:"]')) {
      const digits = link.getAttribute('href')!.slice('tel:'.length);
      expect(rows.some((r) => r.phone && dials(r.phone).includes(digits)), digits).toBe(true);
    }
    // The strip says "free, 24 hours" of the helpline: so must the list.
    expect(help.textContent!.replace(/\s+/g, ' ')).toContain(`National Domestic Abuse Helpline: ${helpline.phone}, free, 24 hours.`);
    expect(helpline.cost).toBe('free');
    expect(helpline.hours).toMatch(/^24 hours/);
  });
});
