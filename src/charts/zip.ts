/**
 * A zip file of a few small files, written here rather than with a library: the format needs about
 * sixty lines (a local header before each file, a central directory, an end record, CRC-32), a
 * dependency would add code to a site whose Content Security Policy and size we keep tight, and the
 * browser compresses for us (CompressionStream 'deflate-raw', the DEFLATE a zip holds). Where a browser
 * cannot, or a file does not shrink, the file is stored as it is, which every zip reader also reads.
 * No zip64: a download here is megabytes, far from the format's 4 GB limit.
 */

export interface ZipEntry {
  /** The file's name inside the zip (UTF-8). */
  name: string;
  data: Uint8Array | string;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309, as zip uses) of some bytes. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i += 1) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The bytes DEFLATE-compressed (raw, no zlib header), or null where this browser cannot. */
async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array | null> {
  if (typeof CompressionStream !== 'function') return null;
  try {
    const stream = new Response(bytes as BodyInit).body!.pipeThrough(new CompressionStream('deflate-raw'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    return null;
  }
}

/** MS-DOS date and time, as zip headers hold them (local time, two-second steps, from 1980). */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/** A zip holding the files, in order, each dated `date`. */
export async function zipFiles(entries: readonly ZipEntry[], date: Date = new Date()): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const when = dosDateTime(date);
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const data = typeof entry.data === 'string' ? encoder.encode(entry.data) : entry.data;
    const deflated = await deflateRaw(data);
    const compress = deflated !== null && deflated.length < data.length;
    const body = compress ? deflated : data;
    const crc = crc32(data);
    // Fields common to the local header (from "version needed") and the central directory entry.
    const common = (view: DataView, at: number) => {
      view.setUint16(at, 20, true); // version needed to extract: 2.0 (DEFLATE)
      view.setUint16(at + 2, 0x0800, true); // bit 11: the name is UTF-8
      view.setUint16(at + 4, compress ? 8 : 0, true);
      view.setUint16(at + 6, when.time, true);
      view.setUint16(at + 8, when.date, true);
      view.setUint32(at + 10, crc, true);
      view.setUint32(at + 14, body.length, true);
      view.setUint32(at + 18, data.length, true);
      view.setUint16(at + 22, name.length, true);
    };
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    common(lv, 4);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true); // version made by
    common(cv, 6);
    cv.setUint32(42, offset, true); // where its local header is
    central.set(name, 46);
    locals.push(local, body);
    centrals.push(central);
    offset += local.length + body.length;
  }
  const directorySize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, directorySize, true);
  ev.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, end];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
