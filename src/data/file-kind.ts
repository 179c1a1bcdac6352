/**
 * Files that are not text at all, chosen by mistake or renamed .csv: a compressed download, a
 * spreadsheet, a PDF. Read as CSV they give a header of binary noise ("The header has: \u001f‹\b…"),
 * so they are recognised by their first bytes and refused at line 1 with what the file is and what
 * to do. (UTF-16 text is encoding.ts's.)
 */
import { detectUtf16 } from './encoding';
import type { LoadProblem } from './validate';

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** Whether the first few kilobytes hold `text` (as plain ASCII). */
function holds(bytes: Uint8Array, text: string): boolean {
  const head = bytes.subarray(0, 64 * 1024);
  const needle = ascii(text);
  for (let at = head.indexOf(needle[0]!); at !== -1 && at + needle.length <= head.length; at = head.indexOf(needle[0]!, at + 1)) {
    if (startsWith(head, needle, at)) return true;
  }
  return false;
}

/** What a binary file is, in words a reader recognises, and what to do; null for text. */
export function binaryFileMessage(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x1f, 0x8b])) return 'this is a compressed file (gzip, .gz), not a CSV file: uncompress it first and choose the .csv file inside';
  if (startsWith(bytes, ascii('PK')) && [3, 5, 7].includes(bytes[2]!) && bytes[3] === bytes[2]! + 1) {
    if (holds(bytes, 'xl/')) return 'this is an Excel spreadsheet (.xlsx), not a CSV file: open it in Excel and save it as "CSV UTF-8", then choose that file';
    if (holds(bytes, 'content.xml') && holds(bytes, 'opendocument.spreadsheet')) return 'this is a spreadsheet (.ods), not a CSV file: save it as CSV (UTF-8), then choose that file';
    return 'this is a compressed file (.zip), not a CSV file: unzip it first and choose the .csv file inside';
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'this is an older Excel spreadsheet (.xls), not a CSV file: open it in Excel and save it as "CSV UTF-8", then choose that file';
  if (startsWith(bytes, ascii('%PDF'))) return 'this is a PDF document, not a CSV file';
  if (startsWith(bytes, ascii('7z')) && startsWith(bytes, [0xbc, 0xaf, 0x27, 0x1c], 2)) return 'this is a compressed file (.7z), not a CSV file: uncompress it first and choose the .csv file inside';
  // Text has no NUL bytes (UTF-16 has, in pattern, and is encoding.ts's to describe).
  const head = bytes.subarray(0, 4096);
  if (head.includes(0) && !detectUtf16(bytes)) return 'this is not a text file (it holds binary data), so it cannot be read as CSV';
  return null;
}

/** The problem to report for a binary file (file, line 1), or null for text. */
export function binaryFileProblem(file: string, bytes: Uint8Array): LoadProblem | null {
  const message = binaryFileMessage(bytes);
  return message ? { file, line: 1, message } : null;
}
