/**
 * The sample generator is deterministic: running it again reproduces the committed data/ byte for
 * byte, and a different end month gives a consistent, shorter sample.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSample } from '../../scripts/sample/generate';

const ROOT = join(__dirname, '..', '..');
const DATA_DIR = join(ROOT, 'data');

describe('sample generator determinism', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'sample-data-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('reproduces the committed data/ byte for byte from the command line', () => {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/generate-sample.ts', '--out', outDir], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    // The files the generator writes (data/support/, the Get support list, is not generated).
    const committed = readdirSync(DATA_DIR).filter((f) => statSync(join(DATA_DIR, f)).isFile()).sort();
    expect(readdirSync(outDir).sort()).toEqual(committed);
    for (const file of committed) {
      const same = readFileSync(join(outDir, file)).equals(readFileSync(join(DATA_DIR, file)));
      expect(same, `${file} differs from the committed copy: run npx tsx scripts/generate-sample.ts`).toBe(true);
    }
  }, 180_000);

  it('gives the same text twice in one process (no hidden state between runs)', () => {
    const a = generateSample({ end: '2016-03' });
    const b = generateSample({ end: '2016-03' });
    expect([...a.files.keys()]).toEqual([...b.files.keys()]);
    for (const [name, text] of a.files) expect(b.files.get(name) === text, name).toBe(true);
  }, 120_000);

  it('honours another end month throughout', () => {
    const sample = generateSample({ end: '2019-12' });
    const lines = (name: string) => (sample.files.get(name) ?? '').trimEnd().split('\n').slice(1);
    const months = lines('offences.csv').map((l) => l.slice(0, 7));
    expect(months.reduce((a, b) => (a > b ? a : b))).toBe('2019-12');
    expect(lines('repeat_victims.csv').at(-1)?.startsWith('2019-12,London,')).toBe(true);
    expect(lines('england_wales.csv').at(-1)?.startsWith('2018/19,')).toBe(true);
    expect(lines('population.csv').at(-1)?.startsWith('2019,')).toBe(true);
    const manifest = JSON.parse(sample.files.get('manifest.json') ?? '{}') as { generated?: string };
    expect(manifest.generated).toBe('2020-01-01');
  }, 120_000);

  it('refuses an end month too early for victims and proceedings', () => {
    expect(() => generateSample({ end: '2012-01' })).toThrow();
    expect(() => generateSample({ end: '2019-13' })).toThrow();
  });
});
