/**
 * One service on the Get support page: its name, what it is for, how to reach it (phone as tel:,
 * text as sms:, website), hours and cost, its notes, and the page it was checked against. Every
 * number, address and time is the list's own text; where the list has none, the entry says the
 * source did not give it rather than leave the reader to guess (no hours is not "any time", and no
 * cost is not "free").
 */
import type { DialNumber } from '../data/support/phone';
import { KIND_LABELS, SERVES_LABELS, type SupportService } from '../data/support/services';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A link off the site: no window.opener for the page it opens, and no referrer to say where from. */
export function outboundLink(href: string, text: string, className?: string): HTMLAnchorElement {
  const a = el('a', className, text);
  a.href = href;
  a.rel = 'noopener noreferrer';
  return a;
}

/** "4 December 2026", "February 2023" or "2023", from YYYY-MM-DD, YYYY-MM or YYYY. */
export function dateLabel(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const at = new Date(Date.UTC(year!, (month ?? 1) - 1, day ?? 1));
  const parts: Intl.DateTimeFormatOptions = day ? { day: 'numeric', month: 'long', year: 'numeric' } : month ? { month: 'long', year: 'numeric' } : { year: 'numeric' };
  return at.toLocaleDateString('en-GB', { ...parts, timeZone: 'UTC' });
}

/** The address as a reader would type it: without https:// or a closing slash. */
function addressText(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/** Each number a large link to dial (or text) it, followed by what the list says after it. */
function numbers(list: readonly DialNumber[], scheme: 'tel' | 'sms'): HTMLElement {
  const dd = el('dd');
  for (const number of list) {
    const line = el('span', 'service__number');
    line.append(dialLink(`${scheme}:${number.dial}`, number.shown), number.after);
    dd.append(line);
  }
  return dd;
}

/** A tel: or sms: link: it opens the phone's own dialler or messages, never a page. */
function dialLink(href: string, text: string): HTMLAnchorElement {
  const a = el('a', 'service__call', text);
  a.href = href;
  return a;
}

function detail(list: HTMLDListElement, term: string, value: HTMLElement): void {
  list.append(el('dt', undefined, term), value);
}

/** A value the source did not give, said so in words. */
function notGiven(text: string): HTMLElement {
  return el('dd', 'service__unknown', text);
}

/** The entry as a list item; `checked` is when the list was last checked (YYYY-MM-DD). */
export function serviceEntry(service: SupportService, checked: string | null): HTMLLIElement {
  const item = el('li', 'service');
  const name = el('h3', 'service__name', service.name);
  const purpose = el('p', 'service__for');
  purpose.append(el('span', 'service__kind', KIND_LABELS[service.kind]));
  if (service.serves.length > 0) purpose.append(` For ${service.serves.map((s) => SERVES_LABELS[s]).join('; ')}.`);

  const details = el('dl', 'service__details');
  if (service.phones.length > 0) detail(details, 'Phone', numbers(service.phones, 'tel'));
  if (service.texts.length > 0) detail(details, 'Text', numbers(service.texts, 'sms'));
  if (service.website) {
    const dd = el('dd');
    dd.append(outboundLink(service.website, addressText(service.website), 'service__website'));
    detail(details, 'Website', dd);
  }
  detail(details, 'Hours', service.hours ? el('dd', undefined, service.hours) : notGiven('Not given by the source'));
  const cost = service.cost ? el('dd', undefined, service.cost.charAt(0).toUpperCase() + service.cost.slice(1)) : notGiven('Not stated');
  detail(details, 'Cost', cost);

  item.append(name, purpose, details);
  if (service.notes) item.append(el('p', 'service__notes', service.notes));

  const source = el('p', 'service__source');
  source.append('Source: ', outboundLink(service.sourceUrl, new URL(service.sourceUrl).hostname.replace(/^www\./, '')));
  if (service.sourceSeen) source.append(`, page dated ${dateLabel(service.sourceSeen)}`);
  source.append(checked ? `. Checked ${dateLabel(checked)}.` : '.');
  item.append(source);
  return item;
}
