/**
 * Seeded mutations of CSV files for fuzzing: byte flips, truncation, inserted quotes, commas and
 * line breaks, huge and odd numbers, byte-order marks, other encodings, deleted header cells,
 * repeated, dropped and shuffled lines, NUL bytes, other delimiters, very long cells. The same seed
 * gives the same mutants on every machine, so a failure can be replayed from its name.
 */
import { seededRandom } from '../../../scripts/sample/random';

export interface Mutant {
  /** What was done, for failure messages: "offences.csv #12: truncate at 377". */
  name: string;
  bytes: Uint8Array;
}

type Random = () => number;
type Mutation = (bytes: Uint8Array, random: Random) => { how: string; bytes: Uint8Array };

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const int = (random: Random, below: number) => Math.floor(random() * below);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function insertAt(bytes: Uint8Array, at: number, insert: Uint8Array): Uint8Array {
  return concat(bytes.subarray(0, at), insert, bytes.subarray(at));
}

/** Lines as text (the file decoded as UTF-8), and back. */
function mapLines(bytes: Uint8Array, change: (lines: string[], random: Random) => string[], random: Random): Uint8Array {
  const lines = decoder.decode(bytes).split('\n');
  return encoder.encode(change(lines, random).join('\n'));
}

const INSERTS = ['"', ',', '\n', '\r', '\r\n', '""', '"\n"', ',,,', '\u0000', '\t', ';', '"a,b"', '\uFEFF', '\\', "'"];
const NUMBERS = ['9'.repeat(400), '99999999999999999999', '1e308', '-5', '-0', '3.5', '1,000', 'NaN', 'Infinity', '0x10', ' 7 ', '１２', '2147483648', '18446744073709551616'];

const MUTATIONS: Record<string, Mutation> = {
  flip(bytes, random) {
    const out = bytes.slice();
    const n = 1 + int(random, 10);
    const at: number[] = [];
    for (let i = 0; i < n && out.length > 0; i++) {
      const p = int(random, out.length);
      out[p] = out[p]! ^ (1 << int(random, 8));
      at.push(p);
    }
    return { how: `flip bits at ${at.join(' ')}`, bytes: out };
  },
  truncate(bytes, random) {
    const at = int(random, bytes.length + 1);
    return { how: `truncate at ${at}`, bytes: bytes.slice(0, at) };
  },
  insert(bytes, random) {
    const text = INSERTS[int(random, INSERTS.length)]!;
    const at = int(random, bytes.length + 1);
    return { how: `insert ${JSON.stringify(text)} at ${at}`, bytes: insertAt(bytes, at, encoder.encode(text)) };
  },
  insertMany(bytes, random) {
    let out = bytes;
    const n = 2 + int(random, 20);
    for (let i = 0; i < n; i++) out = insertAt(out, int(random, out.length + 1), encoder.encode(INSERTS[int(random, INSERTS.length)]!));
    return { how: `insert ${n} quotes, commas and line breaks`, bytes: out };
  },
  hugeNumber(bytes, random) {
    const text = decoder.decode(bytes);
    const runs = [...text.matchAll(/\d+/g)];
    if (runs.length === 0) return { how: 'append a huge number', bytes: concat(bytes, encoder.encode(`\n${NUMBERS[0]}`)) };
    const run = runs[int(random, runs.length)]!;
    const number = NUMBERS[int(random, NUMBERS.length)]!;
    const out = text.slice(0, run.index) + number + text.slice(run.index! + run[0].length);
    return { how: `replace "${run[0]}" at ${run.index} with ${number.slice(0, 20)}`, bytes: encoder.encode(out) };
  },
  bom(bytes, random) {
    const boms = [[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]];
    const bom = boms[int(random, boms.length)]!;
    return { how: `prefix bytes ${bom.map((b) => b.toString(16)).join(' ')}`, bytes: concat(new Uint8Array(bom), bytes) };
  },
  utf16(bytes) {
    const text = decoder.decode(bytes);
    const out = new Uint8Array(2 + text.length * 2);
    out.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      out[2 + i * 2] = code & 0xff;
      out[3 + i * 2] = code >> 8;
    }
    return { how: 'encode as UTF-16LE', bytes: out };
  },
  latin1(bytes, random) {
    // Bytes that are not UTF-8: Windows-1252 accents, overlong forms, stray continuation bytes.
    const bad = [[0xe9], [0xc0, 0xaf], [0xff], [0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]];
    let out = bytes;
    const n = 1 + int(random, 5);
    for (let i = 0; i < n; i++) out = insertAt(out, int(random, out.length + 1), new Uint8Array(bad[int(random, bad.length)]!));
    return { how: `insert ${n} byte sequences that are not UTF-8`, bytes: out };
  },
  deleteHeaderCell(bytes, random) {
    return {
      how: 'delete a header cell',
      bytes: mapLines(bytes, (lines) => {
        const cells = (lines[0] ?? '').split(',');
        cells.splice(int(random, cells.length), 1);
        return [cells.join(','), ...lines.slice(1)];
      }, random),
    };
  },
  blankHeaderCell(bytes, random) {
    return {
      how: 'blank or rename a header cell',
      bytes: mapLines(bytes, (lines) => {
        const cells = (lines[0] ?? '').split(',');
        const i = int(random, cells.length);
        cells[i] = ['', ' ', cells[i]!.toUpperCase(), `${cells[i]}_x`, cells[0]!, '"unclosed'][int(random, 6)]!;
        return [cells.join(','), ...lines.slice(1)];
      }, random),
    };
  },
  deleteCell(bytes, random) {
    return {
      how: 'delete a cell in a data row',
      bytes: mapLines(bytes, (lines) => {
        const row = 1 + int(random, Math.max(1, lines.length - 1));
        const cells = (lines[row] ?? '').split(',');
        cells.splice(int(random, cells.length), 1);
        lines[row] = cells.join(',');
        return lines;
      }, random),
    };
  },
  lines(bytes, random) {
    const ops = ['repeat', 'drop', 'shuffle', 'header twice', 'blank lines', 'reverse'] as const;
    const op = ops[int(random, ops.length)]!;
    return {
      how: `${op} lines`,
      bytes: mapLines(bytes, (lines) => {
        const i = 1 + int(random, Math.max(1, lines.length - 1));
        switch (op) {
          case 'repeat':
            return [...lines.slice(0, i), lines[i] ?? '', ...lines.slice(i)];
          case 'drop':
            return [...lines.slice(0, i), ...lines.slice(i + 1)];
          case 'shuffle': {
            const body = lines.slice(1);
            for (let k = body.length - 1; k > 0; k--) {
              const j = int(random, k + 1);
              [body[k], body[j]] = [body[j]!, body[k]!];
            }
            return [lines[0] ?? '', ...body];
          }
          case 'header twice':
            return [...lines.slice(0, i), lines[0] ?? '', ...lines.slice(i)];
          case 'blank lines':
            return [...lines.slice(0, i), '', '   ', ',,,', ...lines.slice(i)];
          case 'reverse':
            return [...lines].reverse();
        }
      }, random),
    };
  },
  delimiter(bytes, random) {
    const to = [';', '\t', '|'][int(random, 3)]!;
    return { how: `commas to ${JSON.stringify(to)}`, bytes: encoder.encode(decoder.decode(bytes).replaceAll(',', to)) };
  },
  crlf(bytes) {
    return { how: 'CRLF line ends, no final line end', bytes: encoder.encode(decoder.decode(bytes).replace(/\r?\n/g, '\r\n').replace(/\r\n$/, '')) };
  },
  longCell(bytes, random) {
    const at = int(random, bytes.length + 1);
    const cell = 'x'.repeat(50_000 + int(random, 200_000));
    return { how: `insert a ${cell.length}-character cell at ${at}`, bytes: insertAt(bytes, at, encoder.encode(cell)) };
  },
  nul(bytes, random) {
    const out = bytes.slice();
    const n = 1 + int(random, 8);
    for (let i = 0; i < n && out.length; i++) out[int(random, out.length)] = 0;
    return { how: `${n} NUL bytes`, bytes: out };
  },
  empty(_bytes, random) {
    const choices = ['', ' ', '\n', '\r\n\r\n', '\uFEFF', '"', ','];
    const text = choices[int(random, choices.length)]!;
    return { how: `replace with ${JSON.stringify(text)}`, bytes: encoder.encode(text) };
  },
};

const NAMES = Object.keys(MUTATIONS);
/** Mutations that keep most of the file: chosen more often than those that wreck it. */
const WEIGHTED = [...NAMES, 'flip', 'flip', 'insert', 'insert', 'insertMany', 'hugeNumber', 'hugeNumber', 'lines', 'deleteCell', 'latin1'];

/** `count` mutants of one file; sometimes two mutations stacked. */
export function mutants(file: string, bytes: Uint8Array, count: number, seed: number): Mutant[] {
  const random = seededRandom(seed);
  const out: Mutant[] = [];
  for (let i = 0; i < count; i++) {
    let current = bytes;
    const hows: string[] = [];
    const stacked = random() < 0.25 ? 2 : 1;
    for (let k = 0; k < stacked; k++) {
      const name = WEIGHTED[int(random, WEIGHTED.length)]!;
      const result = MUTATIONS[name]!(current, random);
      current = result.bytes;
      hows.push(result.how);
    }
    out.push({ name: `${file} #${i}: ${hows.join('; then ')}`, bytes: current });
  }
  return out;
}

/** The header and the first `lines` data lines of a file: big real files are sliced to keep fuzzing fast. */
export function headSlice(bytes: Uint8Array, lines: number): Uint8Array {
  let seen = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a && ++seen > lines) return bytes.slice(0, i + 1);
  }
  return bytes;
}
