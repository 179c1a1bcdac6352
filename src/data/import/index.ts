/**
 * Importing published files into the data contract: the public face of src/data/import, for the
 * command line (scripts/import-data.ts) and the browser's "Use your own data".
 *
 *   const results = [await convertStream(name, () => file.stream(), { totalBytes: file.size, onProgress })];
 *   const merged = mergeResults(results);          // newest file wins per month, never a sum
 *   if (!results.some((r) => hasErrors(r.problems))) {
 *     const { files, manifest } = buildOutput(merged, { generated: '2026-11-22' });
 *   }
 *   formatReport(results, merged)                  // lines of text for people
 */
export { convertBytes, convertStream, convertText, FileImport, type ByteSource, type ConvertOptions, type Progress, type StreamOptions } from './convert';
export { detectFormat, FORMATS, knownFormatsList, type Detection } from './formats';
export { mapCategory } from './categories';
export { resolveArea, nearestAreaName, type AreaMatch } from './areas';
export { mergeResults, type MergedImport, type Provenance } from './merge';
export { buildOutput, toCsv, OGL_ATTRIBUTION, BOUNDARY_FILE, type ImportedManifest, type OutputFile } from './output';
export { formatReport } from './report';
export { describeImportProblem, hasErrors, type ImportProblem, type Severity } from './problems';
export type { FileResult, FormatInfo } from './result';
export { decodeBytes, type Encoding } from './text';
