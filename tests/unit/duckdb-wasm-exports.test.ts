/**
 * The DuckDB module the build serves (scripts/duckdb-wasm-exports.ts): checked with the JavaScript
 * engine's own reading of both modules (WebAssembly.Module.exports), not with the script's parser.
 * Everything DuckDB's worker script names is still exported, the memory and table too; the imports
 * are the same; every section but the export section is the same bytes. (The browser tests run the
 * whole dashboard on it.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withoutUnusedExports } from '../../scripts/duckdb-wasm-exports';

const DIST = path.resolve(__dirname, '../../node_modules/@duckdb/duckdb-wasm/dist');

/** Section id and bytes, by a walk of the binary written here (ids, then LEB128 sizes). */
function sectionsOf(wasm: Uint8Array): { id: number; bytes: string }[] {
  const out: { id: number; bytes: string }[] = [];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at]!;
    let size = 0;
    let shift = 0;
    let i = at + 1;
    for (;;) {
      const b = wasm[i++]!;
      size += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    out.push({ id, bytes: Buffer.from(wasm.subarray(i, i + size)).toString('base64') });
    at = i + size;
  }
  return out;
}

describe.each(['eh', 'mvp'])('DuckDB’s %s module without unused exports', (build) => {
  it('still exports every name DuckDB’s worker script uses, and the memory and table; imports and code are unchanged', async () => {
    const wasm = new Uint8Array(readFileSync(path.join(DIST, `duckdb-${build}.wasm`)));
    const script = readFileSync(path.join(DIST, `duckdb-browser-${build}.worker.js`), 'utf8');
    const { bytes, exports } = withoutUnusedExports(wasm, script);

    const [before, after] = await Promise.all([WebAssembly.compile(wasm), WebAssembly.compile(bytes)]);
    const beforeExports = WebAssembly.Module.exports(before);
    const afterNames = new Set(WebAssembly.Module.exports(after).map((e) => `${e.kind} ${e.name}`));
    expect(exports).toEqual({ before: beforeExports.length, kept: afterNames.size });
    expect(afterNames.size).toBeLessThan(beforeExports.length / 20);

    // Names the worker script calls the module by: Module._name / wasmExports.name, ccall("name"), and the like.
    const words = new Set(script.match(/[A-Za-z_$][\w$]*/g));
    const called = beforeExports.filter((e) => e.kind !== 'function' || words.has(e.name) || words.has(`_${e.name}`));
    const missing = called.filter((e) => (e.kind === 'function' || e.kind === 'memory' || e.kind === 'table') && !afterNames.has(`${e.kind} ${e.name}`));
    expect(missing).toEqual([]);
    for (const e of ['duckdb_web_open', 'duckdb_web_connect', 'duckdb_web_query_run', 'malloc', 'free']) {
      expect(afterNames.has(`function ${e}`), e).toBe(true);
    }

    expect(WebAssembly.Module.imports(after)).toEqual(WebAssembly.Module.imports(before));
    const untouched = (w: Uint8Array) => sectionsOf(w).filter((s) => s.id !== 7);
    expect(untouched(bytes)).toEqual(untouched(wasm));
  }, 120_000);
});
