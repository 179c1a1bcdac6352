/**
 * Hostile URLs through parseState, as a property over 2,000 generated query strings: it never
 * throws, and the state it returns only ever holds registry names and enum values (so nothing a
 * URL says can reach SQL text, which is built only from such constants); every notice is short.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, MEASURES, PAGES, parseState, stateToSearch } from '../../src/app/state';
import { BOROUGH_NAMES, LONDON } from '../../src/data/boroughs';
import { DISPLAY_CATEGORIES } from '../../src/data/contract';
import { isMonth } from '../../src/data/months';
import { hostileSearches, MARKER } from '../fixtures/hostile/urls';

const SEARCHES = hostileSearches(2000);
const AREAS = new Set([LONDON, ...BOROUGH_NAMES]);

describe('parseState under hostile URLs', () => {
  it('has at least 1,000 distinct generated inputs, most of them carrying the marker', () => {
    expect(new Set(SEARCHES).size).toBeGreaterThan(1000);
    expect(SEARCHES.filter((s) => s.includes(MARKER)).length).toBeGreaterThan(500);
  });

  it('never throws, and returns only known pages, registry areas, enum values and real months', () => {
    for (const search of SEARCHES) {
      const { state, notices } = parseState(search);
      expect(PAGES, search).toContain(state.page);
      expect(AREAS.has(state.area), search).toBe(true);
      expect(DISPLAY_CATEGORIES, search).toContain(state.category);
      expect(MEASURES, search).toContain(state.measure);
      if (state.period !== null) expect(isMonth(state.period), search).toBe(true);
      expect(Object.keys(state).sort()).toEqual(Object.keys(DEFAULT_STATE).sort());
      // Nothing of a hostile value survives into the state.
      expect(JSON.stringify(state)).not.toContain(MARKER);
      for (const notice of notices) expect(notice.length, notice).toBeLessThanOrEqual(160);
    }
  });

  it('gives a state that round-trips through its own URL with no notice', () => {
    for (const search of SEARCHES) {
      const { state } = parseState(search);
      const again = parseState(stateToSearch(state));
      expect(again.state, search).toEqual(state);
      expect(again.notices, search).toEqual([]);
    }
  });

  it('parses a 1 MB value without choking on it, echoing only 40 characters of it', () => {
    const huge = `${MARKER}${"' OR 1=1 --".repeat(100_000)}`;
    const started = performance.now();
    const { state, notices } = parseState(`?borough=${encodeURIComponent(huge)}&page=${encodeURIComponent(huge)}`);
    // Not a speed test (the machines are shared and noisy): a bound loose enough never to flake, that
    // still fails if parsing became quadratic in the value's length (minutes for 1 MB).
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(state).toEqual(DEFAULT_STATE);
    expect(notices).toHaveLength(2);
    for (const notice of notices) expect(notice.length).toBeLessThan(160);
  });
});
