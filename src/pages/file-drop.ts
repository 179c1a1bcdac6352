/**
 * A file picker that is also a drop zone: the one way this dashboard takes files from a reader's own
 * computer (analyst mode, "Use your own data"). The files are handed to `onFiles` in the tab; nothing
 * here sends them anywhere.
 */
export interface FileDrop {
  element: HTMLElement;
  input: HTMLInputElement;
}

export function fileDrop(options: { id: string; label: string; multiple?: boolean; onFiles: (files: File[]) => void }): FileDrop {
  const element = document.createElement('div');
  element.className = 'analyst__drop';
  const label = document.createElement('label');
  label.className = 'analyst__label';
  label.textContent = options.label;
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.csv,text/csv';
  input.multiple = options.multiple ?? false;
  input.id = options.id;
  label.htmlFor = input.id;
  element.append(label, input);

  input.addEventListener('change', () => options.onFiles([...(input.files ?? [])]));
  element.addEventListener('dragover', (event) => {
    event.preventDefault();
    element.classList.add('analyst__drop--over');
  });
  element.addEventListener('dragleave', () => element.classList.remove('analyst__drop--over'));
  element.addEventListener('drop', (event) => {
    event.preventDefault();
    element.classList.remove('analyst__drop--over');
    options.onFiles([...(event.dataTransfer?.files ?? [])]);
  });
  return { element, input };
}
