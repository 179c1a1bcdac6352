/**
 * The accessibility statement, following the GOV.UK model statement that UK public sector websites
 * must publish (Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility
 * Regulations 2018). It says what was tested and how, and what is known not to work well. Whoever
 * publishes the dashboard must put their own contact details in CONTACT below.
 */
import type { PageView } from './page';
import { el } from './prose';

/** When the statement was written and the site last tested (tests/browser/a11y.test.ts runs on every build). */
export const STATEMENT_DATE = '22 November 2026';

/**
 * Who to contact about accessibility. The project does not know who will publish it, so this says
 * so plainly instead of giving an address that nobody reads.
 */
const CONTACT =
  'Contact the organisation that publishes this copy of the dashboard. (Publishers: put your email address, the time you will take to reply, and how to ask for information in another format here, in src/pages/accessibility.ts.)';

function list(items: readonly string[]): HTMLUListElement {
  const ul = el('ul');
  for (const item of items) ul.append(el('li', item));
  return ul;
}

function section(title: string, ...content: (Node | string)[]): HTMLElement {
  const s = el('section', undefined, 'prose__section');
  s.append(el('h2', title), ...content.map((c) => (typeof c === 'string' ? el('p', c) : c)));
  return s;
}

function externalLink(text: string, href: string): HTMLAnchorElement {
  const a = el('a', text);
  a.href = href;
  a.rel = 'noreferrer';
  return a;
}

export function createAccessibilityPage(): PageView {
  const element = el('div', undefined, 'prose accessibility-statement');

  const enforcement = el('p');
  enforcement.append(
    'The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the \u2018accessibility regulations\u2019). If you are not happy with how we respond to your complaint, contact the ',
    externalLink('Equality Advisory and Support Service (EASS)', 'https://www.equalityadvisoryservice.com/'),
    '.',
  );

  element.append(
    el('h1', 'Accessibility statement'),
    el('p', 'This accessibility statement applies to the London Domestic and Sexual Violence Dashboard.', 'lede'),
    section(
      'Using this dashboard',
      'We want as many people as possible to be able to use this dashboard. For example, that means you should be able to:',
      list([
        'zoom in up to 400% without the text spilling off the screen, and use it on a phone',
        'use all of it with a keyboard alone, including choosing a borough on the map (arrow keys move between boroughs, Enter or Space chooses one)',
        'see where the keyboard focus is at all times',
        'use it with a screen reader: every chart has a name, a short description of what it shows, and a table of its figures',
        'use it with speech recognition software: buttons and boroughs on the map are named with the words shown on them',
        'read every chart without telling colours apart: colours are chosen to be told apart by people with colour-vision deficiency, lines also differ by their dashes, legends name every colour, and the data tables give every figure',
        'turn off movement: the dashboard has no animation, and respects your device\u2019s setting to reduce motion',
        'download each chart\u2019s figures as a spreadsheet file (CSV), or the chart as a picture (PNG or SVG)',
        'leave the site quickly with the \u201cExit this page\u201d button or by pressing Shift three times',
      ]),
      'We have also made the text as simple as we can.',
    ),
    section(
      'How accessible this dashboard is',
      'We know some parts of this dashboard are not fully accessible:',
      list([
        'the charts themselves are pictures: a screen reader reads their description and data table rather than the shapes',
        'the figures that appear when you point at a chart with a mouse cannot be reached with a keyboard; the same figures are in the chart\u2019s data table',
        'a chart downloaded as a PNG picture has no text alternative; the CSV file has the same figures, and the SVG file carries the chart\u2019s title and description',
        'the dashboard has not yet been checked by a specialist accessibility audit, or tested with people who use assistive technology',
      ]),
    ),
    section('Feedback and contact information', 'If you need information on this dashboard in a different format, or find a problem not listed on this page, or think we are not meeting accessibility requirements:', el('p', CONTACT, 'accessibility-statement__contact')),
    section('Enforcement procedure', enforcement),
    section(
      'Technical information about this dashboard\u2019s accessibility',
      'The publisher of this dashboard is committed to making it accessible, in accordance with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.',
    ),
    section(
      'Compliance status',
      'This dashboard is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard. Automated checks find no failures, but until the dashboard has had a full manual audit we cannot say that it meets every requirement. The limitations we know of are listed above.',
    ),
    section(
      'What we are doing to improve accessibility',
      'Every change to the dashboard is checked automatically before it is published: axe-core, an accessibility checking engine, runs against the WCAG 2.2 AA rules on every page in a real browser (Chromium), with a borough chosen, with a data table open and in presentation mode; other tests check that everything works with a keyboard, that focus is always visible, that the page works at 200% and 400% zoom, and that nothing moves when reduced motion is asked for. We plan a manual audit.',
    ),
    section(
      'Preparation of this accessibility statement',
      `This statement was prepared on ${STATEMENT_DATE}. It was last reviewed on ${STATEMENT_DATE}.`,
      `This dashboard was last tested on ${STATEMENT_DATE} against the WCAG 2.2 AA standard. The test was carried out by the team that builds the dashboard, with automated checks on every page and in its main states, and by using it with a keyboard alone.`,
    ),
  );
  return { page: 'accessibility', element, update: async () => undefined, destroy: () => undefined };
}
