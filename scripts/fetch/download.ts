/**
 * One download, checked: HTTP status, not a web page, the whole body received (as many bytes as
 * Content-Length said) and more than a header's worth of bytes. Every failure is a DownloadError
 * whose message says, in plain words, what went wrong.
 */
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export class DownloadError extends Error {}

/** Anything shorter cannot be one of these files (a header alone is longer). */
const MIN_BYTES = 40;

/** Downloads url into file; returns the number of bytes written. */
export async function download(url: URL, file: string, timeoutMs: number): Promise<number> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    throw new DownloadError(`could not connect: ${reason(error)}`);
  }
  if (!response.ok) throw new DownloadError(`the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  if (/text\/html/i.test(response.headers.get('content-type') ?? '')) {
    throw new DownloadError('the server sent a web page, not the file (the address may have changed)');
  }
  if (!response.body) throw new DownloadError('the server sent no body');
  const expected = response.headers.get('content-length');
  let received = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>), count, createWriteStream(file));
  } catch (error) {
    throw new DownloadError(`the download broke off after ${received.toLocaleString('en-GB')} bytes${expected ? ` of ${Number(expected).toLocaleString('en-GB')}` : ''}: ${reason(error)}`);
  }
  if (expected !== null && Number(expected) !== received) {
    throw new DownloadError(`only ${received.toLocaleString('en-GB')} of ${Number(expected).toLocaleString('en-GB')} bytes arrived`);
  }
  if (received < MIN_BYTES) throw new DownloadError(`only ${received} bytes arrived, too few to be the file`);
  return received;
}

/** An error's message, with its cause (Node's fetch puts the network reason there). */
export function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
