/**
 * Whether a reader's own files are named in chart titles, sources and downloads. Off by default:
 * a chart printed, saved as an image or downloaded says "your file", not a file name that may say
 * whose data it is or where it came from. One choice for the tab, offered both in analyst mode and
 * in Use your own data files, and kept only in memory.
 */
let named = false;
const listeners = new Set<(named: boolean) => void>();

export function readerFilesNamed(): boolean {
  return named;
}

export function nameReaderFiles(yes: boolean): void {
  if (named === yes) return;
  named = yes;
  for (const listener of listeners) listener(yes);
}

/** Calls `listener` whenever the choice changes; returns a function that stops it. */
export function onReaderFileNaming(listener: (named: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The choice as a checkbox, kept in step with the same choice made elsewhere on the page. */
export function readerFileNamingChoice(text: string): { element: HTMLLabelElement; destroy(): void } {
  const element = document.createElement('label');
  element.className = 'analyst__name-choice';
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.checked = named;
  box.addEventListener('change', () => nameReaderFiles(box.checked));
  element.append(box, ` ${text}`);
  const destroy = onReaderFileNaming((yes) => (box.checked = yes));
  return { element, destroy };
}
