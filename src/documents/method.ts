import { ImplementationStatus, STATUS_INFO } from '../assessments/implementation-status.enum.js';
import type { ProgressFigures } from '../assessments/progress.js';
import { percent } from '../common/views/hbs-helpers.js';

/** The method section a document prints, generated from the scale, the dates and the figures. */
export interface MethodSection {
  scale: { label: string; fatf: string; weight: string }[];
  /** The dates the figures are read at, in words ("as of 31 Dec 2010, compared with ..."). */
  dates: string;
  pairs: number;
  applicable: number;
  withInformation: number;
  coverage: string;
  /** Said when information is missing for part of the pairs: the figures speak of the rest. */
  caveat: string | null;
  /**
   * The rule of each recommendation measured by facts (milestones, a count, a rating), in a
   * sentence: its status follows from the facts recorded, not from an analyst's judgement.
   */
  rules: string[];
  /** What the report is narrowed to, in words (the State report's filters); null: not narrowed. */
  selection: string | null;
}

const WEIGHTS = new Map<number | null, string>([
  [null, 'not counted; lowers coverage'],
  [0, '0'],
  [1 / 3, '⅓'],
  [2 / 3, '⅔'],
  [1, '1'],
]);

function pairs(n: number): string {
  return n === 1 ? '1 pair' : `${n} pairs`;
}

/**
 * The method of a document: the status scale and its FATF equivalents with their weights, the
 * dates, how many pairs the figures rest on, and the rules of the recommendations measured by
 * facts (`rules`, as the report says them), and what the report is narrowed to (`selection`). Not
 * applicable pairs are left out everywhere.
 */
export function methodSection(
  figures: ProgressFigures,
  dates: string,
  rules: readonly string[] = [],
  selection: string | null = null,
): MethodSection {
  const missing = figures.applicable - figures.withInformation;
  return {
    scale: STATUS_INFO.map((s) => ({
      label: s.label,
      fatf: s.fatf ?? '–',
      weight:
        s.value === ImplementationStatus.NotApplicable
          ? 'left out of every figure'
          : (WEIGHTS.get(s.weight) ?? String(s.weight)),
    })),
    dates,
    pairs: figures.pairs,
    applicable: figures.applicable,
    withInformation: figures.withInformation,
    coverage: percent(figures.coverage),
    caveat:
      missing > 0
        ? `No information has been recorded for ${missing} of the ${figures.applicable} applicable pairs (coverage ${percent(figures.coverage)}): the implementation rate and the progress index describe only the ${pairs(figures.withInformation)} with information, and may not hold for the others.`
        : null,
    rules: [...rules],
    selection,
  };
}
