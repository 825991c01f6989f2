import { readReferenceData } from '../reference-data/reference-data.service.js';
import type { FactMeasure } from './measure.types.js';
import { parseMeasure } from './rules.js';

/**
 * The measures of the project's reference data, checked, by ref: for the demo data set and the
 * tests. (The reference data loader reads the same file.)
 */
export function referenceMeasures(): Map<string, FactMeasure> {
  const out = new Map<string, FactMeasure>();
  for (const record of readReferenceData().measures ?? []) {
    const parsed = parseMeasure(record);
    if (!parsed.ok) {
      throw new Error(
        `The measure of ${record.ref}: ${parsed.problems.map((p) => p.message).join('; ')}`,
      );
    }
    if (parsed.measure.kind !== 'graded') out.set(record.ref, parsed.measure);
  }
  return out;
}
