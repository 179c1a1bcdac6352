/**
 * Tools for the view on screen: copy a link to it, print it, present it. The link is the view's
 * (history-trail.ts), not the address bar's, which stays the site's own so that the saved history
 * does not list every view.
 */
import { currentViewLink } from './history-trail';

export interface ViewToolsOptions {
  onPresent: (button: HTMLElement) => void;
  doc?: Document;
}

export interface ViewTools {
  element: HTMLElement;
  /** Clears the confirmation when the view changes (the link copied was for the old view). */
  rendered(): void;
  /** Copies the current address (exposed for tests and for a keyboard shortcut one day). */
  copyLink(): Promise<void>;
}

let nextId = 0;

export function createViewTools(options: ViewToolsOptions): ViewTools {
  const doc = options.doc ?? document;
  const win = doc.defaultView ?? window;
  const element = doc.createElement('div');
  element.className = 'view-tools';
  element.setAttribute('role', 'group');
  element.setAttribute('aria-label', 'Share, print or present this view');

  const button = (text: string, tool: string) => {
    const b = doc.createElement('button');
    b.type = 'button';
    b.className = 'view-tools__button';
    b.dataset.tool = tool;
    b.textContent = text;
    return b;
  };
  const copy = button('Copy link to this view', 'copy-link');
  const print = button('Print', 'print');
  const present = button('Presentation mode', 'present');
  const buttons = doc.createElement('div');
  buttons.className = 'view-tools__buttons';
  buttons.append(copy, print, present);

  const status = doc.createElement('p');
  status.className = 'view-tools__status';
  status.setAttribute('role', 'status');

  // Where copying is not allowed, the link is shown selected, ready for Ctrl+C.
  const fallback = doc.createElement('div');
  fallback.className = 'view-tools__fallback';
  fallback.hidden = true;
  const inputId = `view-link-${++nextId}`;
  const label = doc.createElement('label');
  label.htmlFor = inputId;
  label.textContent = 'Link to this view';
  const input = doc.createElement('input');
  input.id = inputId;
  input.type = 'text';
  input.readOnly = true;
  input.className = 'view-tools__link';
  input.addEventListener('focus', () => input.select());
  fallback.append(label, input);

  element.append(buttons, status, fallback);

  const copyLink = async () => {
    const url = currentViewLink(doc);
    try {
      if (!win.navigator.clipboard?.writeText) throw new Error('no clipboard');
      await win.navigator.clipboard.writeText(url);
      fallback.hidden = true;
      status.textContent = 'Link copied. Paste it into an email or message to share this view.';
    } catch {
      input.value = url;
      fallback.hidden = false;
      status.textContent = 'This browser did not let the page copy the link. It is selected below: press Ctrl+C (⌘+C on a Mac) to copy it.';
      input.focus();
      input.select();
    }
  };

  copy.addEventListener('click', () => void copyLink());
  print.addEventListener('click', () => win.print());
  present.addEventListener('click', () => options.onPresent(present));

  return {
    element,
    rendered() {
      status.textContent = '';
      fallback.hidden = true;
    },
    copyLink,
  };
}
