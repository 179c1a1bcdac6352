/**
 * "Exit this page", following the GOV.UK Design System pattern: a button, and pressing Shift three
 * times within five seconds. It hides the page at once and replaces it (location.replace), so Back
 * does not return to it. The site never has more than one entry in the Back list (app/history-trail.ts),
 * so after Exit none is left; what the saved history keeps, the note beside the button says.
 *
 * The button stays on screen and on top at every width and scroll position (main.css), including
 * presentation mode; a modal dialog, which would cover it and make it inert, gets one of its own.
 */

/** A neutral, widely visited page, as GOV.UK services use. */
export const EXIT_URL = 'https://www.bbc.co.uk/weather';

const SHIFT_PRESSES = 3;
const SHIFT_WINDOW_MS = 5000;

export function exitPage(win: Window = window): void {
  const doc = win.document;
  // Hide everything first, so nothing stays on screen while the next page loads.
  doc.body.classList.add('exiting');
  const overlay = doc.createElement('div');
  overlay.className = 'exit-overlay';
  overlay.setAttribute('role', 'alert');
  overlay.textContent = 'Loading.';
  doc.body.append(overlay);
  doc.title = 'Loading';
  win.location.replace(EXIT_URL);
}

export function createExitButton(doc: Document = document): HTMLElement {
  const wrapper = doc.createElement('div');
  wrapper.className = 'exit-this-page';
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'exit-this-page__button';
  button.innerHTML = '<span class="visually-hidden">Emergency</span> Exit this page';
  button.addEventListener('click', () => exitPage(doc.defaultView ?? window));
  // Announces Shift presses to screen-reader users, as the GOV.UK component does.
  const status = doc.createElement('span');
  status.className = 'visually-hidden';
  status.setAttribute('aria-live', 'polite');
  status.dataset.exitStatus = '';
  wrapper.append(button, status);
  return wrapper;
}

/** Listens for Shift pressed three times within five seconds anywhere on the page. */
export function listenForShiftExit(doc: Document = document): void {
  let presses = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const status = () => doc.querySelector<HTMLElement>('[data-exit-status]');
  doc.addEventListener('keyup', (event) => {
    if (event.key !== 'Shift') {
      return;
    }
    presses += 1;
    clearTimeout(timer);
    if (presses >= SHIFT_PRESSES) {
      presses = 0;
      exitPage(doc.defaultView ?? window);
      return;
    }
    const left = SHIFT_PRESSES - presses;
    const el = status();
    if (el) el.textContent = `Shift, press ${left} more time${left === 1 ? '' : 's'} to exit.`;
    timer = setTimeout(() => {
      presses = 0;
      const el2 = status();
      if (el2) el2.textContent = 'Exit this page expired.';
    }, SHIFT_WINDOW_MS);
  });
}

/**
 * A modal <dialog> sits in the browser's top layer, above everything else, and makes the rest of the
 * page inert: the Exit button underneath could be neither seen nor pressed. While one is open it
 * carries an Exit button of its own (pinned to the top of the screen like the page's).
 */
export function keepExitAboveDialogs(doc: Document = document): void {
  const sync = (dialog: HTMLDialogElement) => {
    const own = dialog.querySelector(':scope > .exit-this-page--dialog');
    if (dialog.open && dialog.matches(':modal')) {
      if (!own) {
        const exit = createExitButton(doc);
        exit.classList.add('exit-this-page--dialog');
        dialog.prepend(exit);
      }
    } else {
      own?.remove();
    }
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.target instanceof HTMLDialogElement) sync(record.target);
    }
  }).observe(doc, { subtree: true, attributes: true, attributeFilter: ['open'] });
}
