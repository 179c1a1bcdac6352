/**
 * What a printed page says at the top (styles/print.css shows it only in print): the dashboard and
 * page, the choices the view was made with (read from the page's own controls, so they say exactly
 * what the reader chose), when it was printed, and the address to see it online.
 */
import { currentViewLink } from './history-trail';
import { PAGE_TITLES, type PageId } from './state';

export interface PrintSummary {
  element: HTMLElement;
  /** Rewrites the summary from the page now on screen. */
  update(page: PageId): void;
}

/** "Area: Croydon", "Offences: Domestic abuse", … from a form of controls (controls.ts). */
export function describeControls(root: ParentNode): string[] {
  const parts: string[] = [];
  for (const control of root.querySelectorAll<HTMLElement>('form.controls .control')) {
    const label = control.querySelector('.control__label')?.textContent?.trim();
    if (!label) continue;
    const select = control.querySelector('select');
    if (select) {
      const text = select.selectedOptions[0]?.textContent?.trim();
      if (text) parts.push(`${label}: ${text}`);
      continue;
    }
    const checked = control.querySelector<HTMLInputElement>('input[type="radio"]:checked');
    if (checked) {
      const text = checked.labels?.[0]?.textContent?.trim();
      if (text) parts.push(`${label}: ${text}`);
    }
  }
  return parts;
}

// Made once: toLocaleDateString makes a formatter on every call, and the summary is rewritten on
// every change of view.
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** "22 November 2026, 11:20" */
export function printedAt(date: Date): string {
  return `${DAY.format(date)}, ${TIME.format(date)}`;
}

export function createPrintSummary(main: HTMLElement, doc: Document = document): PrintSummary {
  const element = doc.createElement('div');
  element.className = 'print-summary';
  const title = doc.createElement('p');
  title.className = 'print-summary__title';
  const choices = doc.createElement('p');
  choices.className = 'print-summary__choices';
  const when = doc.createElement('p');
  when.className = 'print-summary__when';
  element.append(title, choices, when);
  let page: PageId = 'recording';

  const update = (current: PageId) => {
    page = current;
    title.textContent = `London Domestic and Sexual Violence Dashboard: ${PAGE_TITLES[page]}`;
    const parts = describeControls(main);
    choices.textContent = parts.length > 0 ? `Showing ${parts.join('; ')}.` : '';
    choices.hidden = parts.length === 0;
    when.textContent = `Printed ${printedAt(new Date())}. Online at ${currentViewLink(doc)}`;
  };
  // The time and the choices are written again just before printing.
  doc.defaultView?.addEventListener('beforeprint', () => update(page));
  return { element, update };
}
