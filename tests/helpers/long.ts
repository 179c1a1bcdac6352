/**
 * Hostile-input and soak runs come in two sizes: the one `npm test` (and CI) runs, sized to catch
 * the faults these runs have found, and the full one `npm run test:long` runs (TEST_LONG=1).
 * A test that uses `sized` should say in its title how many it ran.
 */
export const LONG = process.env.TEST_LONG === '1';

/** `everyDay` in `npm test`; `long` in `npm run test:long`. */
export const sized = (everyDay: number, long: number): number => (LONG ? long : everyDay);
