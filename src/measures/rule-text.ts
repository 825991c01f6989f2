import {
  statusInfo,
  type ImplementationStatus,
} from '../assessments/implementation-status.enum.js';
import type { FactMeasure, Measure, MilestoneStep } from './measure.types.js';

/**
 * A recommendation's rule in one sentence, for the method section of reports and documents:
 * "JEW-II.9 is measured by milestones of the CARICC Agreement: signed = partially implemented,
 * ratified = mostly implemented, in force = implemented." The wording of every rule lives here.
 */
export function ruleSentence(ref: string, measure: FactMeasure): string {
  switch (measure.kind) {
    case 'milestones': {
      const { instruments, combine } = measure.rule;
      if (instruments.length === 1) {
        const [only] = instruments;
        return `${ref} is measured by milestones of the ${only.label}: ${ladder(only.steps)}.`;
      }
      const decides =
        combine === 'least-advanced'
          ? 'the least advanced deciding (an instrument without a step counts as not implemented)'
          : 'the most advanced deciding';
      return `${ref} is measured by milestones of ${instruments.length} instruments, ${decides}: ${instruments
        .map((i) => `${i.label} (${ladder(i.steps)})`)
        .join('; ')}.`;
    }
    case 'count': {
      const { unit, target, thresholds } = measure.rule;
      const bands = thresholds.map((t, i) => {
        const next = thresholds[i + 1];
        const range =
          next === undefined
            ? `${t.min} or more`
            : next.min - 1 === t.min
              ? `${t.min}`
              : `${t.min}–${next.min - 1}`;
        return `${range} = ${status(t.status)}`;
      });
      return `${ref} is measured by the count of ${unit}, against a target of ${target}; the latest count (a total) decides: ${bands.join(', ')}.`;
    }
    case 'rating':
      return `${ref} is measured by the ${measure.rule.scale} rating, the latest one deciding: ${measure.rule.ratings
        .map((r) => `${r.code} = ${status(r.status)}`)
        .join(', ')}.`;
  }
}

/** Any measure in one sentence: a graded one says that analysts judge the status. */
export function measureSentence(ref: string, measure: Measure): string {
  return measure.kind === 'graded'
    ? `${ref} is graded: analysts judge its status on the scale.`
    : ruleSentence(ref, measure);
}

function ladder(steps: readonly MilestoneStep[]): string {
  return steps.map((s) => `${lowerFirst(s.label)} = ${status(s.status)}`).join(', ');
}

function status(value: ImplementationStatus): string {
  return statusInfo(value).label.toLowerCase();
}

/** "In force" → "in force"; an acronym ("CARICC") stays as it is. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}
