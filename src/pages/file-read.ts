/**
 * Reads a file from the reader's own computer in chunks, into one buffer, saying how far it has got
 * and stopping when cancelled. One `arrayBuffer()` of a 100 MB file gives no progress and cannot be
 * stopped; chunks can, and copying each into place is a millisecond's work, so the page stays
 * responsive throughout (nothing here leaves the tab).
 */

/** Bytes read at a time. */
export const READ_CHUNK_BYTES = 4 * 1024 * 1024;

export interface ReadOptions {
  signal?: AbortSignal;
  /** Called after each chunk with the bytes read so far and the file's size. */
  onProgress?: (bytesRead: number, total: number) => void;
  chunkBytes?: number;
}

export async function readFileInChunks(file: Blob, options: ReadOptions = {}): Promise<Uint8Array> {
  const chunkBytes = options.chunkBytes ?? READ_CHUNK_BYTES;
  const bytes = new Uint8Array(file.size);
  let offset = 0;
  while (offset < file.size) {
    options.signal?.throwIfAborted();
    const chunk = new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer());
    // A file that shrank on disk while being read ends where it ends.
    if (chunk.length === 0) break;
    bytes.set(chunk, offset);
    offset += chunk.length;
    options.onProgress?.(offset, file.size);
  }
  options.signal?.throwIfAborted();
  return offset === file.size ? bytes : bytes.slice(0, offset);
}

/** "12.3 MB", "640 KB": a file's size as a reader says it. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en-GB')} KB`;
}

/**
 * Why a reader's file could not be used, in plain words. The engine's own message is for developers
 * (it goes to the console): it can be cryptic, and it can quote megabytes of the reader's data.
 */
export function whyFileFailed(error: unknown): string {
  console.warn(error);
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  if (/NotReadableError|NotFoundError/.test(text)) return 'it could not be read from your computer (was it moved or changed while being read?)';
  if (/out of memory|memory|allocation/i.test(text)) return 'this browser ran out of memory working with it: try a smaller file, or close other tabs and try again';
  return "this browser's database could not work with it";
}

/**
 * A progress bar and its Cancel button, as a row: what a reader looks at while a file of theirs is
 * read. The bar's label is for screen readers; the status beside it says the step in words.
 */
export function progressWithCancel(label: string, onCancel: () => void): { row: HTMLElement; progress: HTMLProgressElement } {
  const row = document.createElement('div');
  row.className = 'analyst__progress';
  const progress = document.createElement('progress');
  progress.max = 1;
  progress.setAttribute('aria-label', label);
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'button button--secondary';
  cancel.textContent = 'Cancel';
  cancel.addEventListener('click', onCancel);
  row.append(progress, cancel);
  return { row, progress };
}
