/**
 * What the Datastore stand-in publishes: the London Datastore datasets data:fetch reads, each with
 * the files that stand for its resources.
 *
 * - MPS Recorded Crime: Geographic Breakdown (exy3m): the five MPS borough files of
 *   ../shared/data/real, under the names the Datastore gives them (SOURCES.md there says which
 *   is which), as successive uploads: two historical, two "most recent 24 months" and the
 *   2008-2016 file in the old categories.
 * - MPS Monthly Crime Dashboard Data (e5n6w): no copy of the real OtherCrimeData file exists, so
 *   our fixtures in its two published formats stand for it (before and after CONNECT, June 2024),
 *   with an archive file beside them as the dataset has (…OtherCrimeDatafy23-24_07.csv).
 * - Land Area and Population Density (e1zp8): our fixture in the format of housing-density-borough.csv.
 *
 * The other real files are not Datastore resources as such (the GLA population files are a
 * student's extract of the projections in housing-density-borough.csv; the ONS census tables and
 * the GeoJSON boundaries were never published there in that form), so the stand-in serves them,
 * and every other file of its folder, as plain extra files at files/<name>, in no dataset.
 *
 * Resource ids are those seen in public code where data:fetch's fixed list names them, so that
 * the fixed addresses work here too; the others are made up. Upload dates are made up too, a
 * month or so after the period each file covers: only their order matters.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StandInResource {
  id: string;
  /** Its title, which is also the file name in its address (as on the Datastore). */
  title: string;
  /** The file served. */
  source: string;
  /** csv unless said. */
  format?: string;
  /** ISO date: the API's check_timestamp (DataPress) and created/last_modified (CKAN). */
  uploaded: string;
  /** ISO dates: temporal_coverage_from/to. */
  coverage?: { from: string; to: string };
}

export interface StandInDataset {
  /** The code at the end of its page's address. */
  id: string;
  slug: string;
  title: string;
  /** Older slugs still used in addresses (the dashboard's was mps-monthly-crime-dahboard-data). */
  aliases: string[];
  resources: StandInResource[];
}

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The real published files: ../shared/data/real beside the repository. */
export const REAL_FOLDER = path.resolve(REPO_ROOT, '../shared/data/real');
const FIXTURES = path.join(REPO_ROOT, 'tests/fixtures/import');

/** The datasets, from the real files in `folder` (those missing are left out) and our fixtures. */
export function defaultCatalogue(folder: string = REAL_FOLDER): StandInDataset[] {
  const real = (name: string) => path.join(folder, name);
  const fixture = (name: string) => path.join(FIXTURES, name);
  const present = (r: StandInResource) => existsSync(r.source);
  return [
    {
      id: 'exy3m',
      slug: 'mps-recorded-crime-geographic-breakdown-exy3m',
      title: 'MPS Recorded Crime: Geographic Breakdown',
      aliases: ['recorded_crime_summary'],
      resources: [
        {
          id: 'borough-historic-2016',
          title: 'MPS_Borough_Level_Crime_Historic.csv',
          source: real('mps_borough_crime_2008-01_2016-12_oldcats.csv'),
          uploaded: '2017-02-01T09:00:00.000Z',
          coverage: { from: '2008-01-01', to: '2016-12-31' },
        },
        {
          id: 'borough-historical-2022',
          title: 'MPS Borough Level Crime (Historical).csv',
          source: real('mps_borough_crime_2010-04_2022-01_lookup.csv'),
          uploaded: '2022-03-01T09:00:00.000Z',
          coverage: { from: '2010-04-01', to: '2022-01-31' },
        },
        {
          id: 'borough-24m-2024',
          title: 'MPS Borough Level Crime (most recent 24 months).csv',
          source: real('mps_borough_crime_2022-02_2024-01_lookup_24m.csv'),
          uploaded: '2024-03-01T09:00:00.000Z',
          coverage: { from: '2022-02-01', to: '2024-01-31' },
        },
        {
          id: '6b725bdf-f863-4a7c-a1b4-c2bc15d547e1',
          title: 'MPS Borough Level Crime (Historical).csv',
          source: real('mps_borough_crime_2010-04_2023-02.csv'),
          uploaded: '2025-04-01T09:00:00.000Z',
          coverage: { from: '2010-04-01', to: '2023-02-28' },
        },
        {
          id: 'f3c80ea8-c2d6-4920-80ab-6a5a478e59e7',
          title: 'MPS Borough Level Crime (most recent 24 months).csv',
          source: real('mps_borough_crime_2023-03_2025-02_24m.csv'),
          uploaded: '2025-04-01T09:00:00.000Z',
          coverage: { from: '2023-03-01', to: '2025-02-28' },
        },
      ].filter(present),
    },
    {
      id: 'e5n6w',
      slug: 'mps-monthly-crime-dashboard-data-e5n6w',
      title: 'MPS Monthly Crime Dashboard Data',
      aliases: ['mps-monthly-crime-dahboard-data'],
      resources: [
        {
          id: 'af3d9b5c-935b-45cd-b0a1-5e289fec06c1',
          title: 'MPS_MonthlyCrimeDashboard_OtherCrimeData.csv',
          source: fixture('mps_monthly_crime_dashboard_othercrimedata.csv'),
          uploaded: '2024-07-06T09:00:00.000Z',
        },
        {
          id: 'm1045-other',
          title: 'M1045_MonthlyCrimeDashboard_OtherCrimeData.csv',
          source: fixture('mps_monthly_crime_dashboard_connect.csv'),
          uploaded: '2024-09-06T09:00:00.000Z',
        },
        {
          // An archive uploaded after the current file: a loose pattern would take it.
          id: 'other-fy23-24-07',
          title: 'MPS_MonthlyCrimeDashboard_OtherCrimeDatafy23-24_07.csv',
          source: fixture('mps_monthly_crime_dashboard_othercrimedata.csv'),
          uploaded: '2024-10-01T09:00:00.000Z',
        },
      ],
    },
    {
      id: 'e1zp8',
      slug: 'land-area-and-population-density-ward-and-borough-e1zp8',
      title: 'Land Area and Population Density, Ward and Borough',
      aliases: ['land-area-and-population-density-ward-and-borough'],
      resources: [
        {
          id: '77e9257d-ad9d-47aa-aeed-59a00741f301',
          title: 'housing-density-borough.csv',
          source: fixture('housing_density_borough.csv'),
          uploaded: '2023-06-01T09:00:00.000Z',
        },
      ],
    },
  ];
}
