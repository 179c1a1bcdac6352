/**
 * The files a real deployment needs, where the London Datastore publishes them, and how to tell
 * each among its dataset's files.
 *
 * The Datastore serves files at download/<dataset id>/<resource id>/<file name>, and every monthly
 * refresh is uploaded as a new resource with a new id, so any fixed address goes stale within a
 * month. data:fetch therefore asks each dataset's API for its files at run time
 * (scripts/fetch/datastore-api.ts) and takes the newest whose title or file name matches
 * `pattern`. The fixed address (`path`) is only a fallback for when the API cannot be reached or
 * lists no such file, and data:fetch says so when it uses one.
 *
 * Boundaries are not here: the Datastore publishes borough boundaries only as zipped shapefiles
 * in British National Grid ("Statistical GIS Boundary Files for London"), which the importer
 * does not read; without a boundary file the map draws its tile layout.
 */

export interface PublishedFile {
  /** The published file name, saved as when the fixed address is used; names the entry in messages. */
  name: string;
  /** What it is, for messages. */
  what: string;
  /** The Datastore dataset publishing it: the code at the end of its page's address. Absent: fixed address only. */
  dataset?: string;
  /**
   * Which of the dataset's files it is: a regular expression, matched without regard to case
   * against each file's title and its file name. Loose enough for the small renames the
   * Datastore makes (spaces for underscores, a date added), strict enough to leave out the
   * dataset's other files.
   */
  pattern?: string;
  /** The fixed address, relative to the Datastore's download/ folder: the newest seen in public code. */
  path: string;
  /** The dataset's page, where a person can find the current file (for messages). */
  page?: string;
}

export const RECORDED_CRIME_PAGE = 'https://data.london.gov.uk/dataset/mps-recorded-crime-geographic-breakdown-exy3m';
export const CRIME_DASHBOARD_PAGE = 'https://data.london.gov.uk/dataset/mps-monthly-crime-dashboard-data-e5n6w';
export const POPULATION_DENSITY_PAGE = 'https://data.london.gov.uk/dataset/land-area-and-population-density-ward-and-borough-e1zp8';

/** "Borough Level Crime" with any separators: leaves out the dataset's ward and LSOA files. */
const BOROUGH_LEVEL_CRIME = 'borough[\\W_]*level[\\W_]*crime';

export const PUBLISHED_FILES: readonly PublishedFile[] = [
  {
    // Every month since 2010-04 but the latest 24 (an older upload, MPS_Borough_Level_Crime_Historic.csv,
    // has 2008-2016 in the pre-2019 categories; it matches too and is simply older). Its header is
    // now Group,SubGroup,BOCU,… (HammerThunderr/LONDON_OPEN_DATA, scrapers/crime.py, June 2026),
    // which the importer reads by what the columns hold.
    name: 'MPS Borough Level Crime (Historical).csv',
    what: 'MPS Borough Level Crime, historical',
    dataset: 'exy3m',
    pattern: `${BOROUGH_LEVEL_CRIME}.*historic`,
    // Seen in mohsenny/crime-atlas, scripts/prepare-data/sources.ts (londonCrimeHistorical), 2026.
    path: 'exy3m/6b725bdf-f863-4a7c-a1b4-c2bc15d547e1/MPS%20Borough%20Level%20Crime%20%28Historical%29.csv',
    page: RECORDED_CRIME_PAGE,
  },
  {
    name: 'MPS Borough Level Crime (most recent 24 months).csv',
    what: 'MPS Borough Level Crime, the latest 24 months',
    dataset: 'exy3m',
    pattern: `^(?!.*historic).*${BOROUGH_LEVEL_CRIME}.*(recent|24[\\W_]*months)`,
    // Seen in mohsenny/crime-atlas, scripts/prepare-data/sources.ts (londonCrimeRecent), 2026.
    path: 'exy3m/f3c80ea8-c2d6-4920-80ab-6a5a478e59e7/MPS%20Borough%20Level%20Crime%20%28most%20recent%2024%20months%29.csv',
    page: RECORDED_CRIME_PAGE,
  },
  {
    // The rolling file, MPS_MonthlyCrimeDashboard_OtherCrimeData.csv before June 2024 and
    // M1045_MonthlyCrimeDashboard_OtherCrimeData.csv since (compiled from CONNECT), perhaps with a
    // _YYYYMM date. Anchored, so that the dataset's archives (…OtherCrimeDatafy23-24_07.csv,
    // MPS_BoroughSNT_OtherCrimeData…, Micheal-Slade/sol-targets, mps_monthly_crim_dashboard_data_urls.csv)
    // and the TNO and knife crime files are left out.
    name: 'MPS_MonthlyCrimeDashboard_OtherCrimeData.csv',
    what: 'MPS Monthly Crime Dashboard Data, other crime (domestic abuse)',
    dataset: 'e5n6w',
    pattern: '^(M\\d+[\\W_]*|MPS[\\W_]*)?monthly[\\W_]*crime[\\W_]*dashboard[\\W_]*other[\\W_]*crime[\\W_]*data([\\W_]*\\d{6})?(\\.\\w+)?$',
    // The newest address for this file seen in public code: Micheal-Slade/sol-targets, crime_data.R
    // (2024), on the dataset's old address. No public code shows the M1045 file's address.
    path: 'mps-monthly-crime-dahboard-data/af3d9b5c-935b-45cd-b0a1-5e289fec06c1/MPS_MonthlyCrimeDashboard_OtherCrimeData.csv',
    page: CRIME_DASHBOARD_PAGE,
  },
  {
    // ONS mid-year estimates and GLA projections of each borough's population, with its area.
    // The dataset also has housing-density-ward.csv, which the pattern leaves out.
    name: 'housing-density-borough.csv',
    what: 'borough population (ONS mid-year estimates, GLA projections)',
    dataset: 'e1zp8',
    pattern: 'housing[\\W_]*density[\\W_]*borough',
    // Still what public scripts read (R and D3 code reading housing-density-borough.csv), on the
    // dataset's old address; no newer address for the file was found in public code.
    path: 'land-area-and-population-density-ward-and-borough/77e9257d-ad9d-47aa-aeed-59a00741f301/housing-density-borough.csv',
    page: POPULATION_DENSITY_PAGE,
  },
];
