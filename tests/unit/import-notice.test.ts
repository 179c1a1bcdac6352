// @vitest-environment jsdom
/** An imported manifest makes the dashboard say "Official data", naming the sources and the latest month. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDataNotice } from '../../src/app/shell';
import { buildOutput, convertBytes, convertText, mergeResults } from '../../src/data/import';
import { monthLabel } from '../../src/data/months';
import { FIXTURES } from './helpers/fixtures';

describe('the data notice on imported data', () => {
  it('says official data, from which sources, up to the latest month', () => {
    const dashboard = 'mps_monthly_crime_dashboard_othercrimedata.csv';
    const results = [
      convertText('borough.csv', 'MajorText,MinorText,BoroughName,202406\nSEXUAL OFFENCES,RAPE,Barnet,5\n', { currentMonth: '2026-11' }),
      convertBytes(dashboard, new Uint8Array(readFileSync(path.join(FIXTURES, 'import', dashboard))), { currentMonth: '2026-11' }),
    ];
    const merged = mergeResults(results);
    const { manifest } = buildOutput(merged, { generated: '2026-11-22' });
    const target = document.createElement('div');
    renderDataNotice(target, manifest, monthLabel(merged.latestMonth!));
    expect(target.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Official data From Metropolitan Police Service, MPS Borough Level Crime (London Datastore); Metropolitan Police Service, MPS Monthly Crime Dashboard Data (London Datastore), up to June 2024.' +
        // What the pages draw but these files do not give (the dashboard file gives domestic abuse).
        ' Not in these data: victims by sex and age, domestic abuse incidents, repeat victims, people proceeded against, England and Wales figures.',
    );
    expect(target.querySelector('.data-notice__box--sample')).toBeNull();
  });
});
