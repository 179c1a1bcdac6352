/**
 * Writes the built-in sample data: deterministic, calibrated to published London totals, and
 * labelled as sample data in data/manifest.json.
 *
 *   npx tsx scripts/generate-sample.ts [--out DIR] [--end YYYY-MM]
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_END_MONTH } from './sample/calibration';
import { generateSample } from './sample/generate';
import { writeFiles } from './sample/write';

interface Arguments {
  out: string;
  end: string;
}

function parseArguments(argv: readonly string[]): Arguments {
  const args: Arguments = { out: 'data', end: DEFAULT_END_MONTH };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--out' || flag === '--end') && value !== undefined) {
      args[flag === '--out' ? 'out' : 'end'] = value;
      i++;
    } else if (flag === '--help' || flag === '-h') {
      console.log('Usage: tsx scripts/generate-sample.ts [--out DIR] [--end YYYY-MM]');
      process.exit(0);
    } else {
      throw new Error(`Unknown or incomplete argument: ${flag ?? ''}`);
    }
  }
  return args;
}

const args = parseArguments(process.argv.slice(2));
const started = performance.now();
const sample = generateSample({ end: args.end });
writeFiles(args.out, sample.files);

let totalBytes = 0;
for (const name of sample.files.keys()) {
  const bytes = statSync(join(args.out, name)).size;
  totalBytes += bytes;
  const rows = sample.rowCounts.get(name);
  console.log(`${name.padEnd(20)} ${(bytes / 1024).toFixed(0).padStart(7)} KB${rows === undefined ? '' : `  ${rows} rows`}`);
}
console.log(`${'total'.padEnd(20)} ${(totalBytes / 1024).toFixed(0).padStart(7)} KB, to ${args.end}, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
