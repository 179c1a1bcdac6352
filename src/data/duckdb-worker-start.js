/*
 * DuckDB-WASM's worker, handed the wasm module the page has already compiled (duckdb-wasm.ts).
 *
 * The page compiles DuckDB's wasm while it downloads (WebAssembly.compileStreaming), so that little is
 * left to do once the last byte is in; DuckDB's own worker would start compiling only then, from a
 * copy. WebAssembly.Module can be posted to a worker of the same site, but DuckDB's worker takes only
 * a URL to fetch. So this plain script (a classic worker, served as it is) takes the page's module
 * from the first message of ours, makes WebAssembly.instantiateStreaming instantiate that module
 * (DuckDB's worker calls it with whatever it fetched, which is then not read), and runs DuckDB's
 * worker script, whose URL is this script's #fragment.
 */
'use strict';

const compiledByPage = new Promise((resolve, reject) => {
  self.addEventListener('message', function takeModule(event) {
    const message = event.data;
    if (!message || message.type !== 'dashboard:compiled-wasm') return;
    // DuckDB's worker, whose handler comes after this one, never sees this message.
    event.stopImmediatePropagation();
    self.removeEventListener('message', takeModule);
    if (message.module instanceof WebAssembly.Module) resolve(message.module);
    else reject(new Error(message.error || "DuckDB's wasm could not be compiled"));
  });
});

WebAssembly.instantiateStreaming = async (_source, imports) => {
  const module = await compiledByPage;
  return { module, instance: await WebAssembly.instantiate(module, imports) };
};

importScripts(decodeURIComponent(self.location.hash.slice(1)));
