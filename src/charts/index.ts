/** The chart layer's public surface: pure functions (rows, options) → element. */

import '../styles/charts.css';

export { chartFigure, type ChartFigureOptions } from './figure';
export { provideFigureData, figureData, type Cell, type ColumnType, type Dataset, type DatasetColumn, type FigureData } from './dataset';
export { buildAllTableRows, buildTableRows, dataTable, type DataTableColumn, type DataTableOptions } from './data-table';
export { formatCount, formatRate, formatPercent, formatPercentChange, formatMonth, NOT_AVAILABLE } from './format';
export {
  boroughMap,
  focusBorough,
  showSelectedBorough,
  type BoroughMapRow,
  type BoroughMapOptions,
  type BoroughFeatureCollection,
  type BoroughFeatureProperties,
} from './borough-map';
export { trendChart, type TrendRow, type TrendChartOptions, type TrendTableColumns } from './trend-chart';
export { groupedBars, type GroupedBarRow, type GroupedBarsOptions } from './grouped-bars';
export {
  stackedBars,
  stackSegments,
  isWithheld,
  partCounts,
  type Count,
  type Withheld,
  type StackedBarRow,
  type StackedCountRow,
  type StackedTotals,
  type StackedBarsOptions,
  type StackedSegment,
} from './stacked-bars';
export { CATEGORICAL, CATEGORICAL_ORDER, SEQUENTIAL_BLUES, categoricalColour } from './palette';
export { quantileClasses, type ValueClass } from './classes';
export { linePanels, type LinePanel, type LinePanelRow, type LinePanelsOptions } from './line-panels';
export { stackedColumns, columnTicks, type StackedColumnRow, type StackedColumnCountRow, type StackedColumnsOptions } from './stacked-columns';
export { horizontalGroupedBars, type HorizontalBarRow, type HorizontalGroupedBarsOptions, type ExtraTableColumn } from './horizontal-grouped-bars';
export { shareTable, stackedBarsWithShares, type ShareTableOptions } from './share-table';
