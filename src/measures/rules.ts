import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  type ImplementationStatus,
  statusInfo,
} from '../assessments/implementation-status.enum.js';
import { flattenValidationErrors, type FieldProblem } from '../common/errors.js';
import { weight } from './derive.js';
import { CountRuleDto, MilestonesRuleDto, RatingRuleDto } from './dto/measure-rule.dto.js';
import {
  MEASURE_KINDS,
  type CountRule,
  type Fact,
  type Measure,
  type MeasureKind,
  type MilestonesRule,
  type RatingRule,
} from './measure.types.js';

/**
 * Checking a measure an admin (or the reference data) gives: every field against its own rule
 * (the DTOs), then the rules across fields. A bad measure is refused with every problem, each
 * naming its field as `rule.instruments[0].steps[1].status`.
 */

export type ParsedMeasure =
  { ok: true; measure: Measure } | { ok: false; problems: FieldProblem[] };

const RULE_CLASSES = {
  milestones: MilestonesRuleDto,
  count: CountRuleDto,
  rating: RatingRuleDto,
} as const;

/** Checks `{ kind, rule }` as sent; answers the measure, its rule in a plain, stored shape. */
export function parseMeasure(input: { kind?: unknown; rule?: unknown }): ParsedMeasure {
  const { kind, rule } = input;
  if (typeof kind !== 'string' || !(MEASURE_KINDS as readonly string[]).includes(kind)) {
    return fail('kind', 'isIn', `kind must be one of: ${MEASURE_KINDS.join(', ')}`);
  }
  if (kind === 'graded') {
    if (rule !== undefined && rule !== null) {
      return fail('rule', 'graded', 'a graded measure has no rule: leave rule out');
    }
    return { ok: true, measure: { kind: 'graded' } };
  }
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
    return fail('rule', 'isObject', `rule must be an object: the ${kind} rule`);
  }
  const cls: new () => object = RULE_CLASSES[kind as keyof typeof RULE_CLASSES];
  const dto = plainToInstance(cls, rule);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    return {
      ok: false,
      problems: missingFirst(flattenValidationErrors(errors, 'rule').map(bracketed)),
    };
  }
  const measure = normalise(kind as Exclude<MeasureKind, 'graded'>, dto);
  const problems = checkRule(measure);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, measure };
}

/** The rules across fields of a measure whose fields are each valid. */
export function checkRule(measure: Measure): FieldProblem[] {
  switch (measure.kind) {
    case 'graded':
      return [];
    case 'milestones':
      return checkMilestones(measure.rule);
    case 'count':
      return checkCount(measure.rule);
    case 'rating':
      return checkRating(measure.rule);
  }
}

function checkMilestones(rule: MilestonesRule): FieldProblem[] {
  const problems: FieldProblem[] = [];
  problems.push(
    ...duplicates(
      rule.instruments.map((i) => i.key),
      (i) => `rule.instruments[${i}].key`,
      'instrument',
    ),
  );
  rule.instruments.forEach((instrument, i) => {
    const at = `rule.instruments[${i}]`;
    problems.push(
      ...duplicates(
        instrument.steps.map((s) => s.key),
        (j) => `${at}.steps[${j}].key`,
        'step',
      ),
    );
    instrument.steps.forEach((step, j) => {
      if (j === 0) return;
      const before = instrument.steps[j - 1];
      if (weight(step.status) < weight(before.status)) {
        problems.push({
          field: `${at}.steps[${j}].status`,
          rule: 'stepsInOrder',
          message:
            `${at}.steps[${j}].status: the steps are out of order: "${step.label}" ` +
            `(${label(step.status)}) comes after "${before.label}" (${label(before.status)}); ` +
            'each step must give a status at least as high as the one before',
        });
      }
    });
  });
  return problems;
}

function checkCount(rule: CountRule): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (rule.thresholds[0].min !== 0) {
    problems.push({
      field: 'rule.thresholds[0].min',
      rule: 'startsAtZero',
      message:
        'rule.thresholds[0].min: the first threshold must start at 0, so that every count gives a status',
    });
  }
  rule.thresholds.forEach((t, i) => {
    if (i === 0) return;
    const before = rule.thresholds[i - 1];
    if (t.min <= before.min) {
      problems.push({
        field: `rule.thresholds[${i}].min`,
        rule: 'increasing',
        message: `rule.thresholds[${i}].min: the thresholds must increase: ${t.min} comes after ${before.min}`,
      });
    }
    if (weight(t.status) < weight(before.status)) {
      problems.push({
        field: `rule.thresholds[${i}].status`,
        rule: 'statusesInOrder',
        message:
          `rule.thresholds[${i}].status: a higher count may not give a lower status: ` +
          `${label(t.status)} from ${t.min} comes after ${label(before.status)} from ${before.min}`,
      });
    }
  });
  return problems;
}

function checkRating(rule: RatingRule): FieldProblem[] {
  return duplicates(
    rule.ratings.map((r) => r.code.toUpperCase()),
    (i) => `rule.ratings[${i}].code`,
    'rating',
  );
}

/**
 * The instruments, steps and ratings that recorded facts use must stay in a changed rule: a fact
 * that no longer means anything would silently stop counting. `used` are the facts recorded for
 * the recommendation, with the subject each is for.
 */
export function checkFactsStillMeaningful(
  measure: Measure,
  used: readonly { fact: Fact; subject: string }[],
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const missing = new Map<string, { field: string; what: string; subjects: Set<string> }>();
  const note = (id: string, field: string, what: string, subject: string) => {
    const entry = missing.get(id) ?? { field, what, subjects: new Set<string>() };
    entry.subjects.add(subject);
    missing.set(id, entry);
  };
  for (const { fact, subject } of used) {
    if (measure.kind === 'milestones' && fact.kind === 'milestones') {
      const i = measure.rule.instruments.findIndex((x) => x.key === fact.instrument);
      if (i < 0) {
        note(
          `i:${fact.instrument}`,
          'rule.instruments',
          `instrument "${fact.instrument}"`,
          subject,
        );
      } else if (!measure.rule.instruments[i].steps.some((s) => s.key === fact.milestone)) {
        note(
          `s:${fact.instrument}:${fact.milestone}`,
          `rule.instruments[${i}].steps`,
          `step "${fact.milestone}" of "${fact.instrument}"`,
          subject,
        );
      }
    } else if (measure.kind === 'rating' && fact.kind === 'rating') {
      if (!measure.rule.ratings.some((r) => r.code === fact.rating)) {
        note(`r:${fact.rating}`, 'rule.ratings', `rating "${fact.rating}"`, subject);
      }
    }
  }
  for (const { field, what, subjects } of missing.values()) {
    const list = [...subjects].sort();
    const shown = list.slice(0, 10).join(', ') + (list.length > 10 ? ', ...' : '');
    problems.push({
      field,
      rule: 'inUse',
      message: `${field}: ${what} is used by facts recorded for ${shown}; it cannot be removed (its label may change)`,
    });
  }
  return problems;
}

/** The measure in the plain shape it is stored in (keys in a fixed order, defaults filled). */
function normalise(kind: Exclude<MeasureKind, 'graded'>, dto: object): Measure {
  if (kind === 'milestones') {
    const d = dto as MilestonesRuleDto;
    return {
      kind,
      rule: {
        combine: d.combine ?? 'least-advanced',
        instruments: d.instruments.map((i) => ({
          key: i.key,
          label: i.label,
          steps: i.steps.map((s) => ({ key: s.key, label: s.label, status: s.status })),
        })),
      },
    };
  }
  if (kind === 'count') {
    const d = dto as CountRuleDto;
    return {
      kind,
      rule: {
        unit: d.unit,
        target: d.target,
        thresholds: d.thresholds.map((t) => ({ min: t.min, status: t.status })),
      },
    };
  }
  const d = dto as RatingRuleDto;
  return {
    kind,
    rule: {
      scale: d.scale,
      ratings: d.ratings.map((r) => ({ code: r.code, label: r.label, status: r.status })),
    },
  };
}

function duplicates(keys: string[], field: (i: number) => string, what: string): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  keys.forEach((k, i) => {
    if (seen.has(k)) {
      problems.push({
        field: field(i),
        rule: 'unique',
        message: `${field(i)}: another ${what} already has the key "${k}"`,
      });
    }
    seen.add(k);
  });
  return problems;
}

/** `rule.instruments.0.steps.1.status` → `rule.instruments[0].steps[1].status`, in messages too. */
function bracketed(problem: FieldProblem): FieldProblem {
  const field = problem.field.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  const message = problem.message.startsWith(problem.field)
    ? field + problem.message.slice(problem.field.length)
    : `${field}: ${problem.message}`;
  return { ...problem, field, message };
}

/**
 * A field left out is said once ("every step needs a status"), not with every rule it then
 * breaks; so is a number that is not a whole number ("five"), not also as out of range.
 */
function missingFirst(problems: FieldProblem[]): FieldProblem[] {
  const fieldsBreaking = (rule: string) =>
    new Set(problems.filter((p) => p.rule === rule).map((p) => p.field));
  const missing = fieldsBreaking('isDefined');
  const notWhole = fieldsBreaking('isInt');
  return problems.filter(
    (p) =>
      (p.rule === 'isDefined' || !missing.has(p.field)) &&
      !(notWhole.has(p.field) && (p.rule === 'min' || p.rule === 'max')),
  );
}

function fail(field: string, rule: string, message: string): ParsedMeasure {
  return { ok: false, problems: [{ field, rule, message }] };
}

function label(status: ImplementationStatus): string {
  return statusInfo(status).label.toLowerCase();
}
