export { STATUS_FILLS, escapeXml, patternDefs, statusFill, type StatusFill } from './palette.js';
export {
  stackedStatusBar,
  stackedStatusBars,
  type StackedBarOptions,
  type StackedBarsOptions,
} from './stacked-bar.js';
export { statusDistribution, type DistributionOptions } from './distribution.js';
export {
  statusHeatmap,
  statusHeatmapPages,
  type HeatmapData,
  type HeatmapOptions,
} from './heatmap.js';
export {
  osceMap,
  osceMapWithEntries,
  osceStatusMap,
  fittedClasses,
  MAP_CLASSES,
  type MapEntry,
  type MapOptions,
} from './map.js';
export { figureLines, type FigureSeries, type FigureLinesOptions } from './figure-lines.js';
