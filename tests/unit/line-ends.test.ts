/**
 * unixLineEnds (src/data/load.ts): every line end as LF, as the byte loop it replaced made them, but
 * found with indexOf and done in slices, so a reader's 100 MB CRLF file never holds the page.
 */
import { describe, expect, it } from 'vitest';
import { unixLineEnds } from '../../src/data/load';
import { TimeSlices } from '../../src/data/time-slices';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** The byte loop unixLineEnds used to be: the reference. */
function byteByByte(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== 0x0d) out.push(input[i]!);
    else if (input[i + 1] !== 0x0a) out.push(0x0a);
  }
  return new Uint8Array(out);
}

describe('unixLineEnds', () => {
  it('turns CRLF and a lone CR into LF, keeps LF, and leaves a file without CR as it is', async () => {
    expect(text(await unixLineEnds(bytes('a,b\r\n1,2\r\n')))).toBe('a,b\n1,2\n');
    expect(text(await unixLineEnds(bytes('a,b\r1,2\r')))).toBe('a,b\n1,2\n');
    expect(text(await unixLineEnds(bytes('a,b\r\n1,2\n3,4\r5,6\r\r\n')))).toBe('a,b\n1,2\n3,4\n5,6\n\n');
    expect(text(await unixLineEnds(bytes('\r')))).toBe('\n');
    const plain = bytes('a,b\n1,2\n');
    expect(await unixLineEnds(plain)).toBe(plain);
  });

  it('gives what the byte loop gave on mixed random text', async () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const input = new Uint8Array(200_000).map(() => [13, 10, 44, 97][Math.floor(next() * 4)]!);
    expect(await unixLineEnds(input)).toEqual(byteByByte(input));
  });

  it('pauses between slices on a large CRLF file', async () => {
    const input = bytes('i-1,v-1,2024-01-01,Camden\r\n'.repeat(400_000));
    let pauses = 0;
    // A budget of 0 ms: every check is a pause, so the slicing is seen whatever the machine's speed.
    const out = await unixLineEnds(input, new TimeSlices(undefined, async () => void (pauses += 1), 0));
    expect(out.length).toBe(input.length - 400_000);
    expect(pauses).toBeGreaterThan(100);
  });
});
