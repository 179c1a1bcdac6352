/**
 * Files saved as UTF-16. Excel's "Unicode Text" and some exports write UTF-16, which no CSV reader
 * here takes: read as UTF-8 the header comes out as "ÿþm\0o\0n\0t\0h\0…" and is refused with a
 * garbled message. They are recognised by their byte-order mark (FF FE little-endian, FE FF
 * big-endian) or, without one, by a NUL byte in every other position (text in UTF-16 that is mostly
 * ASCII, as a CSV header is), and refused at line 1 with a message that says what to do.
 */
import type { LoadProblem } from './validate';

export const UTF16_MESSAGE = 'this file is saved as UTF-16; save it as UTF-8 (CSV UTF-8 in Excel) and try again';

/** How much of the start of a file is looked at for the NUL pattern. */
const SAMPLE_BYTES = 4096;
/** Share of the sample's byte pairs with a NUL on one side (the same side) and not the other. */
const NUL_PAIR_SHARE = 0.3;

/** Which UTF-16 the bytes are in, or null when they are not UTF-16. */
export function detectUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  // No byte-order mark: ASCII characters in UTF-16 are a letter and a NUL, always in the same order.
  // Text in UTF-8 (or Windows-1252) has no NUL at all; binary has them on both sides and in pairs.
  const pairs = Math.floor(Math.min(bytes.length, SAMPLE_BYTES) / 2);
  if (pairs < 2) return null;
  let nulSecond = 0;
  let nulFirst = 0;
  let nulBoth = 0;
  for (let i = 0; i < pairs; i++) {
    const a = bytes[2 * i]!;
    const b = bytes[2 * i + 1]!;
    if (a !== 0 && b === 0) nulSecond++;
    else if (a === 0 && b !== 0) nulFirst++;
    else if (a === 0 && b === 0) nulBoth++;
  }
  // UTF-16 text has no NUL character (two NUL bytes together); binary files are full of them.
  const few = pairs * 0.05;
  if (nulBoth > few) return null;
  if (nulSecond >= pairs * NUL_PAIR_SHARE && nulFirst <= few) return 'utf-16le';
  if (nulFirst >= pairs * NUL_PAIR_SHARE && nulSecond <= few) return 'utf-16be';
  return null;
}

/** The problem to report for a file saved as UTF-16 (file, line 1), or null for any other file. */
export function utf16Problem(file: string, bytes: Uint8Array): LoadProblem | null {
  return detectUtf16(bytes) ? { file, line: 1, message: UTF16_MESSAGE } : null;
}
