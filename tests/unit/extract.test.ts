/**
 * Analyst mode's engine (src/data/extract.ts) in DuckDB-WASM's Node build, the same SQL the browser
 * runs. The repeat measures are checked against a brute-force count in plain TypeScript: for every
 * window-end month, for every area, look at every incident. Slow, but obviously right.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BOROUGH_NAMES } from '../../src/data/boroughs';
import type { Database } from '../../src/data/database';
import { computeRepeatMeasures, loadIncidentExtract } from '../../src/data/extract';
import { monthFromIndex } from '../../src/data/months';
import { describeProblem } from '../../src/data/validate';
import { startNodeDatabase } from './helpers/node-database';
import { seededRandom as random } from '../../scripts/sample/random';

const encoder = new TextEncoder();
const TODAY = '2026-01-15';

/** One incident as generated: what the brute force counts, and how the CSV writes it. */
interface Incident {
  id: string;
  victim: string;
  /** Calendar date, `YYYY-MM-DD`. */
  date: string;
  /** ONS name, or a non-borough area (counted in London only). */
  area: string;
  /** The date and borough as written in the file (other accepted forms, now and then). */
  dateText: string;
  boroughText: string;
}

interface MeasureRow {
  month: string;
  month_index: number;
  borough: string;
  victims: number;
  repeat_victims: number;
  incidents: number;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, '0');

/** The date written another accepted way: UK day-first, or an ISO date and time. */
function writtenDate(date: string, choice: number): string {
  const [y, m, d] = date.split('-');
  if (choice < 0.1) return `${d}/${m}/${y}`;
  if (choice < 0.15) return `${Number(d)}/${Number(m)}/${y} 23:59`;
  if (choice < 0.2) return `${date}T23:30:00+01:00`;
  return date;
}

/** The borough written another way findBorough knows: upper case, '&', a short name or the GSS code. */
function writtenBorough(area: string, choice: number): string {
  if (choice < 0.05) return area.toUpperCase();
  if (area === 'Kingston upon Thames' && choice < 0.5) return 'Kingston';
  if (area === 'Barking and Dagenham' && choice < 0.5) return 'Barking & Dagenham';
  if (area === 'Camden' && choice < 0.2) return 'E09000007';
  return area;
}

/**
 * About 3,000 incidents over 30 months (November 2022 to April 2025), plus hand-made victims for the
 * edges: a victim in two boroughs, incidents on the first and last days of months, 29 February 2024,
 * two incidents exactly 11 and exactly 12 months apart, two in one month, and an airport incident.
 */
function generateIncidents(): Incident[] {
  const next = random(20240229);
  const boroughs = ['Barking and Dagenham', 'Barnet', 'Brent', 'Camden', 'Croydon', 'Ealing', 'Hackney', 'Hillingdon', 'Kingston upon Thames', 'Lambeth', 'Newham', 'Westminster'];
  const incidents: Incident[] = [];
  const add = (victim: string, date: string, area: string) => {
    incidents.push({ id: `I${incidents.length + 1}`, victim, date, area, dateText: writtenDate(date, next()), boroughText: writtenBorough(area, next()) });
  };
  for (let v = 1; v <= 1600; v += 1) {
    const home = boroughs[Math.floor(next() * boroughs.length)]!;
    const count = next() < 0.6 ? 1 : 2 + Math.floor(next() * 5);
    let monthIdx = 2022 * 12 + 10 + Math.floor(next() * 30);
    for (let i = 0; i < count && monthIdx < 2025 * 12 + 4; i += 1) {
      const year = Math.floor(monthIdx / 12);
      const month = (monthIdx % 12) + 1;
      // A third of the days are the first or last of the month, to stress the window edges.
      const edge = next();
      const day = edge < 0.15 ? 1 : edge < 0.3 ? daysIn(year, month) : 1 + Math.floor(next() * daysIn(year, month));
      add(`V${v}`, `${year}-${pad(month)}-${pad(day)}`, next() < 0.1 ? boroughs[Math.floor(next() * boroughs.length)]! : home);
      monthIdx += Math.floor(next() * 8);
    }
  }
  add('TWO-BOROUGHS', '2023-06-30', 'Camden');
  add('TWO-BOROUGHS', '2023-07-01', 'Hackney');
  add('TWO-BOROUGHS', '2024-02-29', 'Hackney');
  add('LEAP-DAY', '2024-02-29', 'Croydon');
  add('LEAP-DAY', '2025-02-28', 'Croydon'); // 12 months on: never in the same window
  add('ELEVEN-APART', '2023-03-31', 'Brent');
  add('ELEVEN-APART', '2024-02-01', 'Brent'); // both in the window ending 2024-02 only
  add('TWELVE-APART', '2023-03-01', 'Brent');
  add('TWELVE-APART', '2024-03-31', 'Brent');
  add('SAME-MONTH', '2024-05-01', 'Ealing');
  add('SAME-MONTH', '2024-05-31', 'Ealing');
  add('AIRPORT', '2024-01-15', 'London Heathrow and London City Airports');
  add('AIRPORT', '2024-03-15', 'Hillingdon');
  // File order must not matter: shuffle (Fisher–Yates, same seed every run).
  for (let i = incidents.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [incidents[i], incidents[j]] = [incidents[j]!, incidents[i]!];
  }
  return incidents;
}

function toCsv(incidents: Incident[]): string {
  return `incident_id,victim_id,date,borough\n${incidents.map((i) => `${i.id},${i.victim},${i.dateText},${i.boroughText}`).join('\n')}\n`;
}

const monthOf = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

/** The measures by brute force: every end month × every area × every incident. */
function bruteForce(incidents: Incident[]): MeasureRow[] {
  const months = incidents.map((i) => monthOf(i.date));
  const first = Math.min(...months) + 11;
  const last = Math.max(...months);
  const boroughs = [...new Set(incidents.map((i) => i.area).filter((a) => BOROUGH_NAMES.includes(a)))].sort();
  const rows: MeasureRow[] = [];
  for (const area of ['London', ...boroughs]) {
    for (let end = first; end <= last; end += 1) {
      const perVictim = new Map<string, number>();
      for (const incident of incidents) {
        const month = monthOf(incident.date);
        const inArea = area === 'London' || incident.area === area;
        if (inArea && month >= end - 11 && month <= end) perVictim.set(incident.victim, (perVictim.get(incident.victim) ?? 0) + 1);
      }
      const counts = [...perVictim.values()];
      rows.push({
        month: monthFromIndex(end),
        month_index: end,
        borough: area,
        victims: counts.length,
        repeat_victims: counts.filter((n) => n >= 2).length,
        incidents: counts.reduce((a, b) => a + b, 0),
      });
    }
  }
  return rows;
}

async function measures(db: Database): Promise<MeasureRow[]> {
  return db.query<MeasureRow>(`SELECT * FROM extract_repeat_victims ORDER BY borough <> 'London', borough, month_index`);
}

const load = (db: Database, csv: string, name = 'extract.csv', maxProblems?: number) =>
  loadIncidentExtract(db, name, encoder.encode(csv), { today: TODAY, ...(maxProblems === undefined ? {} : { maxProblems }) });

describe('incident extract: repeat measures', () => {
  let db: Database;
  const incidents = generateIncidents();
  beforeAll(async () => {
    db = await startNodeDatabase();
  });

  it('loads every row of a clean extract, whatever accepted form its dates and boroughs take', async () => {
    const result = await load(db, toCsv(incidents));
    expect(result.problems).toEqual([]);
    expect(result.problemCount).toBe(0);
    expect(result.rowsRead).toBe(incidents.length);
    expect(result.rowsUsed).toBe(incidents.length);
    expect(result.firstMonth).toBe('2022-11');
    expect(result.lastMonth).toBe('2025-04');
    // Every date reads as the calendar date it stands for, 29 February included.
    const days = await db.query<{ incident_id: string; day: string; month: string }>(
      `SELECT incident_id, strftime(day, '%Y-%m-%d') AS day, printf('%04d-%02d', month_index // 12, month_index % 12 + 1) AS month FROM extract_incidents`,
    );
    const expected = new Map(incidents.map((i) => [i.id, i.date]));
    for (const row of days) {
      expect(row.day, row.incident_id).toBe(expected.get(row.incident_id));
      expect(row.month).toBe(row.day.slice(0, 7));
    }
    expect(result.boroughSpellings).toContainEqual(expect.objectContaining({ spelling: 'Kingston', borough: 'Kingston upon Thames' }));
    expect(result.boroughSpellings).toContainEqual(expect.objectContaining({ spelling: 'E09000007', borough: 'Camden' }));
  });

  it('computes victims, repeat victims and incidents for every month and area exactly as a brute-force count does', async () => {
    await load(db, toCsv(incidents));
    await computeRepeatMeasures(db);
    const expected = bruteForce(incidents);
    const actual = await measures(db);
    expect(actual.length).toBe(expected.length);
    expect(actual).toEqual(expected);
    // 30 months of data give 19 full 12-month windows, for London and 12 boroughs (the airport is London only).
    expect(new Set(actual.map((r) => r.month)).size).toBe(19);
    expect(actual[0]).toMatchObject({ month: '2023-10', borough: 'London' });
    expect(new Set(actual.map((r) => r.borough))).not.toContain('London Heathrow and London City Airports');
    // The extract does exercise what is being counted: thousands of incidents, many repeat victims,
    // and dozens of victims with incidents in more than one borough.
    expect(incidents.length).toBeGreaterThan(2500);
    expect(Math.max(...actual.filter((r) => r.borough === 'London').map((r) => r.repeat_victims))).toBeGreaterThan(100);
    const boroughsOf = new Map<string, Set<string>>();
    for (const i of incidents) boroughsOf.set(i.victim, (boroughsOf.get(i.victim) ?? new Set()).add(i.area));
    expect([...boroughsOf.values()].filter((b) => b.size > 1).length).toBeGreaterThan(30);
  });

  it('counts the hand-made edge cases as the definitions say', async () => {
    // The hand-made victims alone, and one incident in January 2023 so that windows end from December 2023.
    const edges = incidents.filter((i) => !/^V[0-9]/.test(i.victim));
    const anchor: Incident = { id: 'ANCHOR', victim: 'ANCHOR', date: '2023-01-01', area: 'Barnet', dateText: '2023-01-01', boroughText: 'Barnet' };
    await load(db, toCsv([...edges, anchor]));
    await computeRepeatMeasures(db);
    const rows = await measures(db);
    expect(rows).toEqual(bruteForce([...edges, anchor]));
    const series = (borough: string, column: 'victims' | 'repeat_victims') =>
      Object.fromEntries(rows.filter((r) => r.borough === borough && r[column] > 0).map((r) => [r.month, r[column]]));
    // Brent: two incidents 11 months apart (31 March 2023, 1 February 2024) are a repeat in the
    // window to February 2024 and no other; the pair 12 months apart (1 March 2023, 31 March 2024), never.
    expect(series('Brent', 'repeat_victims')).toEqual({ '2024-02': 1 });
    // Croydon: 29 February 2024 and 28 February 2025, 12 months apart: one victim, never a repeat.
    expect(Object.keys(series('Croydon', 'victims'))).toEqual(rows.filter((r) => r.borough === 'Croydon' && r.month >= '2024-02').map((r) => r.month));
    expect(series('Croydon', 'repeat_victims')).toEqual({});
    // Ealing: two incidents on the first and last days of May 2024: a repeat in the 12 windows that hold May.
    // (The extract ends in February 2025, with the second Croydon incident.)
    expect(Object.keys(series('Ealing', 'repeat_victims'))).toEqual(['2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02']);
    // The victim in Camden and Hackney is a repeat victim in London while two incidents share a
    // window, though in neither borough alone until Hackney's second (29 February 2024).
    const london = rows.find((r) => r.borough === 'London' && r.month === '2024-01')!;
    expect(london.repeat_victims).toBe(1);
    expect(series('Camden', 'repeat_victims')).toEqual({});
    expect(series('Hackney', 'repeat_victims')['2024-02']).toBe(1);
  });

  it('counts a victim in each borough where they had an incident, and once in London', async () => {
    const csv = [
      'incident_id,victim_id,date,borough',
      'a1,A,2024-01-31,Camden',
      'a2,A,2024-02-01,Hackney',
      'b1,B,2024-03-01,Camden',
      'b2,B,2024-12-31,Camden',
      'c1,C,2023-12-31,Hackney', // the month before the first full window ends: in no window counted here
    ].join('\n');
    const result = await load(db, csv);
    expect(result.problems).toEqual([]);
    await computeRepeatMeasures(db);
    const rows = await measures(db);
    expect(rows.map((r) => r.month).filter((m, i, all) => all.indexOf(m) === i)).toEqual(['2024-11', '2024-12']);
    const dec = (borough: string) => rows.find((r) => r.borough === borough && r.month === '2024-12');
    expect(dec('London')).toMatchObject({ victims: 2, repeat_victims: 2, incidents: 4 });
    expect(dec('Camden')).toMatchObject({ victims: 2, repeat_victims: 1, incidents: 3 });
    expect(dec('Hackney')).toMatchObject({ victims: 1, repeat_victims: 0, incidents: 1 });
    // In the window to November 2024 victim C (December 2023) is still in; B's second incident is not yet.
    const nov = (borough: string) => rows.find((r) => r.borough === borough && r.month === '2024-11');
    expect(nov('London')).toMatchObject({ victims: 3, repeat_victims: 1, incidents: 4 });
    expect(nov('Hackney')).toMatchObject({ victims: 2, repeat_victims: 0, incidents: 2 });
  });

  it('computes nothing, without failing, before any extract is loaded', async () => {
    const fresh = await startNodeDatabase();
    await computeRepeatMeasures(fresh);
    expect(await measures(fresh)).toEqual([]);
  });

  it('writes no rows when the extract spans less than 12 months', async () => {
    await load(db, 'incident_id,victim_id,date,borough\n1,A,2024-01-01,Camden\n2,A,2024-11-30,Camden\n');
    await computeRepeatMeasures(db);
    expect(await measures(db)).toEqual([]);
  });
});

describe('incident extract: bad rows', () => {
  let db: Database;
  beforeAll(async () => {
    db = await startNodeDatabase();
  });

  // Header in other letter cases and order, with a column the engine ignores; a blank line and a
  // value spanning two lines, after which line numbers must still be the ones an editor shows.
  const lines = [
    'Borough,DATE,Victim_ID,Incident_ID,Notes', //       line 1
    'Camden,2024-01-05,V1,I1,', //                       2  good
    'Camden,2024-01-06,,I2,', //                         3  no victim
    'Camden,2024-02-30,V2,I3,', //                       4  no such date
    'Camden,yesterday,V2,I4,', //                        5  not a date
    'Atlantis,2024-01-07,V3,I5,', //                     6  unknown borough
    'Kingston,2024-01-08,V4,I6,', //                     7  good: read as Kingston upon Thames
    'Hackny,2024-01-09,V5,I7,', //                       8  unknown, with a suggestion
    '', //                                               9  blank: skipped
    'Camden,2024-01-10,V6,I1,', //                       10 repeats I1 (line 2): left out
    'Camden,29/02/2024,V7,I8,"two', //                   11 good, its note runs on
    'lines"', //                                         12
    'Camden,31/02/2024,V8,I9,', //                       13 no such date
    'Camden,2024-01-11,V9,I10,,surplus', //              14 more values than columns
    'Camden,2026-02-01,V10,I11,', //                     15 after "today"
    ',2024-01-12,V11,I12,', //                           16 no borough
    ',,,,', //                                           17 blank row, as spreadsheets write: skipped
  ];
  const csv = `${lines.join('\r\n')}\r\n`;

  it('lists each bad row by line and column, keeps the rest, and computes from them', async () => {
    const result = await load(db, csv, 'C:\\analysis\\extract.csv');
    expect(result.problems.map(describeProblem)).toEqual([
      'extract.csv, line 3, column 3 (victim_id): is empty, so the incident cannot be linked to a victim',
      'extract.csv, line 4, column 2 (date): "2024-02-30" is not a real calendar date',
      'extract.csv, line 5, column 2 (date): "yesterday" is not a date (accepted: YYYY-MM-DD, DD/MM/YYYY, or an ISO date and time)',
      'extract.csv, line 6, column 1 (borough): "Atlantis" is not a London borough',
      'extract.csv, line 8, column 1 (borough): "Hackny" is not a London borough (did you mean "Hackney"?)',
      'extract.csv, line 10, column 4 (incident_id): repeats incident_id "I1" from line 2; only the first is kept',
      'extract.csv, line 13, column 2 (date): "31/02/2024" is not a real calendar date',
      'extract.csv, line 14, column 6: has more values than the header has columns (5): does a value with a comma lack its quotes?',
      'extract.csv, line 15, column 2 (date): "2026-02-01" is after today (2026-01-15)',
      'extract.csv, line 16, column 1 (borough): is empty',
    ]);
    expect(result.problemCount).toBe(10);
    expect(result.rowsRead).toBe(13);
    expect(result.rowsUsed).toBe(3);
    expect(result.boroughSpellings).toEqual([{ spelling: 'Kingston', borough: 'Kingston upon Thames', rows: 1 }]);
    const kept = await db.query<{ incident_id: string; victim_id: string; borough: string; day: string }>(
      `SELECT incident_id, victim_id, borough, strftime(day, '%Y-%m-%d') AS day FROM extract_incidents ORDER BY incident_id`,
    );
    expect(kept).toEqual([
      { incident_id: 'I1', victim_id: 'V1', borough: 'Camden', day: '2024-01-05' },
      { incident_id: 'I6', victim_id: 'V4', borough: 'Kingston upon Thames', day: '2024-01-08' },
      { incident_id: 'I8', victim_id: 'V7', borough: 'Camden', day: '2024-02-29' },
    ]);
    await computeRepeatMeasures(db); // fewer than 12 months: runs, writes nothing
    expect(await measures(db)).toEqual([]);
  });

  it('keeps the first good copy of a repeated incident_id, even when an earlier copy was bad', async () => {
    const result = await load(db, 'incident_id,victim_id,date,borough\nI1,A,2024-02-30,Camden\nI1,A,2024-02-01,Camden\nI1,B,2024-02-02,Camden\nI2,C,2024-02-03,Camden\n');
    expect(result.problems.map((p) => [p.line, p.message])).toEqual([
      [2, '"2024-02-30" is not a real calendar date'],
      [4, 'repeats incident_id "I1" from line 3; only the first is kept'],
    ]);
    const kept = await db.query<{ incident_id: string; victim_id: string }>('SELECT incident_id, victim_id FROM extract_incidents ORDER BY incident_id');
    expect(kept).toEqual([{ incident_id: 'I1', victim_id: 'A' }, { incident_id: 'I2', victim_id: 'C' }]);
  });

  it('lists at most the first problems asked for, and says how many more there are', async () => {
    const result = await load(db, csv, 'extract.csv', 3);
    expect(result.problemCount).toBe(10);
    expect(result.problems.map((p) => p.line)).toEqual([3, 4, 5, undefined]);
    expect(result.problems[3]!.message).toBe('and 7 more problems (only the first 3 are listed)');
  });

  it('stops at a header without a needed column, leaving the tables empty but queryable', async () => {
    await load(db, 'incident_id,victim_id,date,borough\n1,A,2024-01-01,Camden\n');
    const result = await load(db, 'incident_id,victim,date,borough\n1,A,2024-01-01,Camden\n');
    expect(result.rowsUsed).toBe(0);
    expect(result.problems.map(describeProblem)).toEqual([
      'extract.csv, line 1: the header has no "victim_id" column (needed: incident_id, victim_id, date, borough; found: "incident_id", "victim", "date", "borough")',
    ]);
    await computeRepeatMeasures(db);
    const [{ n } = { n: -1 }] = await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM extract_incidents');
    expect(n).toBe(0);
    expect(await measures(db)).toEqual([]);
  });

  it('reports an empty file and a header with no rows', async () => {
    expect((await load(db, '')).problems.map((p) => p.message)).toEqual(['the file is empty (it needs a header row and data rows)']);
    expect((await load(db, 'incident_id,victim_id,date,borough\n')).problems.map((p) => p.message)).toEqual(['the file has a header but no data rows']);
  });

  it('keeps editor line numbers after blank lines and values spanning several lines', async () => {
    const result = await load(db, [
      'incident_id,victim_id,date,borough,notes', //   line 1
      '1,A,2024-01-01,Camden,', //                     2
      '', //                                           3
      '', //                                           4
      '2,B,2024-01-01,Camden,"one', //                 5
      'two', //                                        6
      'three"', //                                     7
      '3,C,2024-13-01,Camden,"say ""hi"""', //         8  no month 13
      '4,D,2024-01-01,Camden,"a,b"', //                9
      '5,E,01/13/2024,Camden,', //                     10 month-first: not a UK date
    ].join('\n'));
    expect(result.problems.map((p) => [p.line, p.message])).toEqual([
      [8, '"2024-13-01" is not a real calendar date'],
      [10, '"01/13/2024" is not a real calendar date'],
    ]);
    expect(result.rowsUsed).toBe(3);
  });

  it('reads dates in each accepted form as the calendar date written, whatever time or offset follows', async () => {
    const dates = ['2024-02-29', '29/02/2024', '1/3/2024', '01/03/2024 00:10', '2024-02-29T23:30', '2024-02-29 23:59:59.999Z', '2024-03-01T00:30:00+01:00', '2024-02-29T23:30:00-05:00'];
    const csv = `incident_id,victim_id,date,borough\n${dates.map((d, i) => `${i},V,${d},Camden`).join('\n')}\n`;
    const result = await load(db, csv);
    expect(result.problems).toEqual([]);
    const rows = await db.query<{ day: string }>(`SELECT strftime(day, '%Y-%m-%d') AS day FROM extract_incidents ORDER BY incident_id::INTEGER`);
    expect(rows.map((r) => r.day)).toEqual(['2024-02-29', '2024-02-29', '2024-03-01', '2024-03-01', '2024-02-29', '2024-02-29', '2024-03-01', '2024-02-29']);
  });

  it('reads a file that is not UTF-8 (a Windows spreadsheet saves CSV as Latin-1) and says so', async () => {
    const text = 'incident_id,victim_id,date,borough\n1,Zo\xeb,2024-01-01,Camden\n2,B,2024-01-02,Camden\n';
    const bytes = Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
    const result = await loadIncidentExtract(db, 'latin1.csv', bytes, { today: TODAY });
    expect(result.problems).toEqual([]);
    expect(result.rowsUsed).toBe(2);
    expect(result.encoding).toBe('latin-1');
    const victims = await db.query<{ victim_id: string }>('SELECT victim_id FROM extract_incidents ORDER BY incident_id');
    expect(victims.map((v) => v.victim_id)).toEqual(['Zoë', 'B']);
    expect((await load(db, 'incident_id,victim_id,date,borough\n1,Ä,2024-01-01,Camden\n')).encoding).toBe('utf-8');
  });

  it('refuses a file with a quote that never closes, naming its line (the rest would read as one value)', async () => {
    const result = await load(db, 'incident_id,victim_id,date,borough\n1,A,2024-01-01,Camden\n2,"B,2024-01-02,Camden\n3,C,2024-01-03,Camden\n');
    expect(result.rowsUsed).toBe(0);
    expect(result.problems.map(describeProblem)).toEqual([
      'extract.csv, line 3: a quote (") opens on this line and never closes, so the rest of the file cannot be read as rows',
    ]);
  });
});
