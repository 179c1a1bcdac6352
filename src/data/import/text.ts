/**
 * Turning bytes into text. Published files should be UTF-8, but files saved from Excel on
 * Windows are often Windows-1252; a strict UTF-8 decoder tells the two apart (Windows-1252 text
 * with any accented letter or curly quote is not valid UTF-8), and we then decode as Windows-1252.
 *
 * Windows-1252 is decoded by our own table rather than TextDecoder('windows-1252'): some Node
 * builds (small ICU) treat that label as Latin-1 and turn a curly apostrophe (0x92) into a
 * control character, while browsers follow the WHATWG table. Our table gives both the same text.
 */

export type Encoding = 'utf-8' | 'windows-1252';

/** Thrown by the streaming decoder when bytes are not valid UTF-8, so the caller can start again as Windows-1252. */
export class NotUtf8Error extends Error {
  constructor(readonly offset: number) {
    super(`the bytes near offset ${offset} are not valid UTF-8`);
  }
}

/** Windows-1252 bytes 0x80–0x9F; every other byte is the Unicode code point of the same number. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const step = 8192;
  for (let start = 0; start < bytes.length; start += step) {
    const codes: number[] = [];
    const end = Math.min(bytes.length, start + step);
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      codes.push(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b);
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

/** A decoder for chunks of one file, in order. UTF-8 mode throws NotUtf8Error on the first bad byte. */
export class ChunkDecoder {
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private offset = 0;

  constructor(readonly encoding: Encoding) {}

  decode(chunk: Uint8Array): string {
    const at = this.offset;
    this.offset += chunk.byteLength;
    if (this.encoding === 'windows-1252') return decodeWindows1252(chunk);
    try {
      return this.utf8.decode(chunk, { stream: true });
    } catch {
      throw new NotUtf8Error(at);
    }
  }

  end(): string {
    if (this.encoding === 'windows-1252') return '';
    try {
      return this.utf8.decode();
    } catch {
      throw new NotUtf8Error(this.offset);
    }
  }
}

/** Decodes a whole file: UTF-8 when valid, otherwise Windows-1252. */
export function decodeBytes(bytes: Uint8Array): { text: string; encoding: Encoding } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}
