/**
 * Writes a large file in the MPS Monthly Crime Dashboard layout (borough and ward rows, both
 * measures, many offence subgroups, quoted names with commas, CRLF), for streaming tests.
 * Deterministic; returns the domestic abuse offences per month that the borough rows hold,
 * computed while writing.
 *
 * Ward rows are most of the file and the same every month apart from the month and financial
 * year, so they are built once as bytes and only those fields are patched per month: writing
 * 200 MB then takes a few seconds rather than building 1.5 million strings.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { BOROUGHS } from '../../../src/data/boroughs';

const HEADER = 'Month_Year,Area Type,Borough_SNT,Area name,Area code,Offence Group,Offence Subgroup,Measure,Financial Year,FY_FYIndex,Count,Refresh Date';
const SUBGROUPS: readonly (readonly [string, string])[] = [
  ['Domestic Abuse', 'Domestic Abuse'],
  ['Sexual Offences', 'Rape'],
  ['Sexual Offences', 'Other Sexual Offences'],
  ...['Violence with Injury', 'Violence without Injury', 'Homicide'].map((s) => ['Violence Against the Person', s] as const),
  ...['Bicycle Theft', 'Other Theft', 'Shoplifting', 'Theft from Person'].map((s) => ['Theft', s] as const),
  ...['Domestic Burglary', 'Burglary Business and Community'].map((s) => ['Burglary', s] as const),
  ...['Arson', 'Criminal Damage'].map((s) => ['Arson and Criminal Damage', s] as const),
  ...['Aggravated Vehicle Taking', 'Interfering with a Motor Vehicle', 'Theft from a Motor Vehicle'].map((s) => ['Vehicle Offences', s] as const),
  ['Miscellaneous Crimes Against Society', 'Disclosure, Obstruction, False or Misleading State'],
  ['Public Order Offences', 'Racially or Religiously Aggravated Public Fear, Al'],
  ['Robbery', 'Robbery of Personal Property'],
  ['Drug Offences', 'Possession of Drugs'],
];
const WARDS_PER_BOROUGH = 19;
const MONTH_CELL = 'MM.MM.MM';
const FY_CELL = 'FYxx-xx';

function csv(value: string): string {
  return value.includes(',') ? `"${value}"` : value;
}

const boroughs = BOROUGHS.filter((b) => b.name !== 'City of London');

/** Ward rows for one month, with placeholders, and where the placeholders are. */
function wardTemplate(): { bytes: Buffer; months: number[]; fys: number[] } {
  const lines: string[] = [];
  boroughs.forEach((b, bi) => {
    SUBGROUPS.forEach(([group, subgroup], si) => {
      for (let w = 0; w < WARDS_PER_BOROUGH; w++) {
        const code = `E0501${String(bi * 100 + w).padStart(4, '0')}`;
        const start = `${MONTH_CELL},SNT,${b.name},${b.name} Ward ${w + 1},${code},${csv(group)},${csv(subgroup)}`;
        lines.push(`${start},Offences,${FY_CELL},${FY_CELL}_00,${(bi + si + w) % 11},01.07.24`);
        lines.push(`${start},Positive Outcomes,${FY_CELL},${FY_CELL}_00,${(bi + w) % 3},01.07.24`);
      }
    });
  });
  const text = `${lines.join('\r\n')}\r\n`;
  const months: number[] = [];
  const fys: number[] = [];
  for (let i = text.indexOf(MONTH_CELL); i !== -1; i = text.indexOf(MONTH_CELL, i + 1)) months.push(i);
  for (let i = text.indexOf(FY_CELL); i !== -1; i = text.indexOf(FY_CELL, i + 1)) fys.push(i);
  // The text is ASCII, so character offsets are byte offsets.
  return { bytes: Buffer.from(text, 'latin1'), months, fys };
}

export async function writeLargeDashboardFile(file: string, targetBytes: number): Promise<{ bytes: number; daByMonth: Map<string, number> }> {
  const out = createWriteStream(file);
  out.write(`${HEADER}\r\n`);
  let bytes = HEADER.length + 2;
  const daByMonth = new Map<string, number>();
  const template = wardTemplate();
  for (let index = 2010 * 12; bytes < targetBytes; index++) {
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    const mm = String(month).padStart(2, '0');
    const monthCell = `01.${mm}.${String(year % 100).padStart(2, '0')}`;
    const fyStart = month >= 4 ? year : year - 1;
    const fy = `FY${String(fyStart % 100).padStart(2, '0')}-${String((fyStart + 1) % 100).padStart(2, '0')}`;
    const key = `${year}-${mm}`;

    const lines: string[] = [];
    boroughs.forEach((b, bi) => {
      SUBGROUPS.forEach(([group, subgroup], si) => {
        const n = ((index * 7 + bi * 13 + si * 29) % 150) + 20;
        if (subgroup === 'Domestic Abuse') daByMonth.set(key, (daByMonth.get(key) ?? 0) + n);
        const start = `${monthCell},Borough,${b.name},${b.name},${b.code},${csv(group)},${csv(subgroup)}`;
        lines.push(`${start},Offences,${fy},${fy}_${mm},${n},01.07.24`);
        lines.push(`${start},Positive Outcomes,${fy},${fy}_${mm},${Math.floor(n / 8)},01.07.24`);
      });
    });
    const boroughRows = Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1');
    const wards = Buffer.from(template.bytes);
    for (const at of template.months) wards.write(monthCell, at, 'latin1');
    for (const at of template.fys) wards.write(fy, at, 'latin1');
    bytes += boroughRows.length + wards.length;
    out.write(boroughRows);
    if (!out.write(wards)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { bytes, daByMonth };
}
