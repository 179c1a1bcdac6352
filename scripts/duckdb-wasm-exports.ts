/**
 * DuckDB-WASM's module without the exports nothing calls: the build serves this instead of the
 * published file (vite.config.ts, duckdbWasmWithoutUnusedExports).
 *
 * DuckDB-WASM is built as an Emscripten main module able to load extensions, so it exports every
 * symbol it has: 75,011 exports, a 7.4 MB export section, 0.75 MB of the 5.1 MB the browser downloads
 * (brotli), and an export object of 75,011 properties that the browser builds, and DuckDB's worker
 * script walks, at every start. The dashboard loads no extension (it makes no request to any third
 * party, which is where extensions come from), so the only callers of those exports are DuckDB's own
 * worker script and the module's own imports. An export is kept when:
 * - it is not a function or a global (the memory, the function table, the exception tag);
 * - its name, or its name with a leading underscore (Emscripten's `Module._name`), is a word anywhere in
 *   the worker script that goes with the module (calls by name, `ccall('name')`, lists of exports);
 * - its name is imported through the module's global offset table (`GOT.mem`, `GOT.func`);
 * - it is Emscripten's runtime (`__…`, `emscripten_…`, `dynCall_…`, `stack…`) or DuckDB's web API
 *   (`duckdb_web_…`), which the runtime may look up by a name it puts together.
 * The code, data and every other section are unchanged byte for byte: only the export section is
 * rewritten. The browser tests run the dashboard on the result.
 */

interface Section {
  id: number;
  /** The whole section: id, size and content. */
  bytes: Uint8Array;
  content: Uint8Array;
}

const utf8 = new TextDecoder();

class Reader {
  offset = 0;
  constructor(readonly bytes: Uint8Array) {}
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.bytes[this.offset++]!;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }
  byte(): number {
    return this.bytes[this.offset++]!;
  }
  name(): string {
    const length = this.u32();
    const text = utf8.decode(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return text;
  }
  limits(): void {
    const flags = this.u32();
    this.u32();
    if (flags & 1) this.u32();
  }
}

function u32Bytes(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sections(wasm: Uint8Array): Section[] {
  const magic = [0x00, 0x61, 0x73, 0x6d];
  if (!magic.every((b, i) => wasm[i] === b)) throw new Error('not a WebAssembly module');
  const reader = new Reader(wasm);
  reader.offset = 8;
  const out: Section[] = [];
  while (reader.offset < wasm.length) {
    const start = reader.offset;
    const id = reader.byte();
    const size = reader.u32();
    const contentStart = reader.offset;
    reader.offset += size;
    out.push({ id, bytes: wasm.subarray(start, reader.offset), content: wasm.subarray(contentStart, reader.offset) });
  }
  return out;
}

/** Names the module imports through its global offset table (GOT.mem, GOT.func). */
function gotImports(content: Uint8Array): Set<string> {
  const reader = new Reader(content);
  const names = new Set<string>();
  const count = reader.u32();
  for (let i = 0; i < count; i++) {
    const module = reader.name();
    const field = reader.name();
    const kind = reader.byte();
    if (kind === 0) reader.u32();
    else if (kind === 1) (reader.byte(), reader.limits());
    else if (kind === 2) reader.limits();
    else if (kind === 3) (reader.byte(), reader.byte());
    else if (kind === 4) (reader.byte(), reader.u32());
    else throw new Error(`unknown import kind ${kind}`);
    if (module.startsWith('GOT.')) names.add(field);
  }
  return names;
}

const FUNCTION = 0;
const GLOBAL = 3;
const RUNTIME = /^(__|emscripten_|dynCall_|stack|duckdb_web_)/;

export interface SlimmedModule {
  bytes: Uint8Array<ArrayBuffer>;
  exports: { before: number; kept: number };
}

/** The module with only the exports `workerScript` (or the module itself) may use; see above. */
export function withoutUnusedExports(wasm: Uint8Array, workerScript: string): SlimmedModule {
  const all = sections(wasm);
  const imports = all.find((s) => s.id === 2);
  const got = imports ? gotImports(imports.content) : new Set<string>();
  const words = new Set(workerScript.match(/[A-Za-z_$][\w$]*/g) ?? []);
  const used = (name: string, kind: number) =>
    (kind !== FUNCTION && kind !== GLOBAL) || words.has(name) || words.has(`_${name}`) || got.has(name) || RUNTIME.test(name);

  let before = 0;
  const kept: Uint8Array[] = [];
  const rebuilt = all.map((section) => {
    if (section.id !== 7) return section.bytes;
    const reader = new Reader(section.content);
    before = reader.u32();
    for (let i = 0; i < before; i++) {
      const start = reader.offset;
      const name = reader.name();
      const kind = reader.byte();
      reader.u32();
      if (used(name, kind)) kept.push(section.content.subarray(start, reader.offset));
    }
    const body = [...u32Bytes(kept.length), ...kept.flatMap((entry) => [...entry])];
    return new Uint8Array([7, ...u32Bytes(body.length), ...body]);
  });
  const bytes = new Uint8Array(8 + rebuilt.reduce((n, s) => n + s.length, 0));
  bytes.set(wasm.subarray(0, 8));
  let offset = 8;
  for (const s of rebuilt) {
    bytes.set(s, offset);
    offset += s.length;
  }
  return { bytes, exports: { before, kept: kept.length } };
}
