import type { FieldProblem } from '../common/errors.js';
import { COUNT_MAX, LABEL_MAX } from './dto/measure-rule.dto.js';
import { FACT_FIELDS, type FactField } from './dto/fact.dto.js';
import type { Fact, FactKind, FactMeasure, Measure } from './measure.types.js';

export const SOURCE_MAX = 1000;
export const PLACE_MAX = LABEL_MAX;
export const PLACES_MAX = 200;

/** The fields each kind of measure takes; the others are refused. */
const FIELDS_OF: Record<FactKind, readonly FactField[]> = {
  milestones: ['instrument', 'milestone'],
  count: ['count', 'places'],
  rating: ['rating', 'source'],
};

export type ParsedFact = { ok: true; fact: Fact } | { ok: false; problems: FieldProblem[] };

/**
 * Checks a fact against a recommendation's measure and answers it in its stored shape (keys,
 * not labels). The one place facts are read, whatever brings them: the API's JSON (`fact` with
 * `prefix` "fact"), a page's form, or an import line's columns (no prefix: the fields are named
 * as the columns). Instruments, steps and ratings are found by key or by label, in any case;
 * `count` may be a string of digits and `places` one string with places separated by ";".
 * Empty strings count as left out.
 */
export function parseFact(measure: Measure, raw: unknown, prefix = 'fact'): ParsedFact {
  const name = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const problems: FieldProblem[] = [];
  const problem = (field: string, rule: string, message: string): ParsedFact => {
    problems.push({ field: name(field), rule, message: `${name(field)}: ${message}` });
    return { ok: false, problems };
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({
      field: prefix || 'fact',
      rule: 'isObject',
      message: `${prefix || 'fact'} must be an object`,
    });
    return { ok: false, problems };
  }
  const values = raw as Record<string, unknown>;
  for (const field of Object.keys(values)) {
    if (!(FACT_FIELDS as readonly string[]).includes(field)) {
      problems.push({
        field: name(field),
        rule: 'unknownField',
        message: `${name(field)} is not a known field`,
      });
    }
  }
  if (measure.kind === 'graded') {
    problems.push({
      field: prefix || 'fact',
      rule: 'graded',
      message:
        'this recommendation is graded: record its status, not a fact (an admin may give it a measure)',
    });
    return { ok: false, problems };
  }
  const given = (field: FactField): unknown => {
    const v = values[field];
    if (typeof v === 'string' && v.trim() === '') return undefined;
    return v;
  };
  for (const field of FACT_FIELDS) {
    if (given(field) !== undefined && !FIELDS_OF[measure.kind].includes(field)) {
      problem(
        field,
        'notForMeasure',
        `a ${measure.kind} measure takes ${FIELDS_OF[measure.kind].join(' and ')}, not ${field}`,
      );
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  switch (measure.kind) {
    case 'milestones': {
      const instruments = measure.rule.instruments;
      const rawInstrument = given('instrument');
      let instrument = instruments.length === 1 ? instruments[0] : undefined;
      if (rawInstrument !== undefined) {
        instrument = findByKeyOrLabel(instruments, rawInstrument);
        if (!instrument) {
          return problem(
            'instrument',
            'isIn',
            `must be one of: ${instruments.map((i) => `${i.key} (${i.label})`).join(', ')}`,
          );
        }
      } else if (!instrument) {
        return problem(
          'instrument',
          'isDefined',
          `which instrument? one of: ${instruments.map((i) => i.key).join(', ')}`,
        );
      }
      const rawStep = given('milestone');
      if (rawStep === undefined) {
        return problem(
          'milestone',
          'isDefined',
          `which step did ${instrument.label} reach? one of: ${instrument.steps.map((s) => s.key).join(', ')}`,
        );
      }
      const step = findByKeyOrLabel(instrument.steps, rawStep);
      if (!step) {
        return problem(
          'milestone',
          'isIn',
          `${instrument.label} has the steps: ${instrument.steps.map((s) => `${s.key} (${s.label})`).join(', ')}`,
        );
      }
      return {
        ok: true,
        fact: { kind: 'milestones', instrument: instrument.key, milestone: step.key },
      };
    }
    case 'count': {
      let count = given('count');
      if (typeof count === 'string' && /^\s*\d+\s*$/.test(count)) count = Number(count);
      if (count === undefined) {
        return problem('count', 'isDefined', `the number of ${measure.rule.unit} is required`);
      }
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > COUNT_MAX) {
        return problem('count', 'isInt', `must be a whole number from 0 to ${COUNT_MAX}`);
      }
      const places = parsePlaces(given('places'));
      if (typeof places === 'string') return problem('places', 'places', places);
      return { ok: true, fact: { kind: 'count', count, places } };
    }
    case 'rating': {
      const rawRating = given('rating');
      const ratings = measure.rule.ratings;
      const grade =
        rawRating === undefined
          ? undefined
          : (ratings.find((r) => same(r.code, rawRating)) ??
            ratings.find((r) => same(r.label, rawRating)));
      if (!grade) {
        return problem(
          'rating',
          rawRating === undefined ? 'isDefined' : 'isIn',
          `must be one of the ${measure.rule.scale} ratings: ${ratings.map((r) => r.code).join(', ')}`,
        );
      }
      const source = given('source');
      if (source === undefined) {
        return problem('source', 'isDefined', 'every rating cites its source document');
      }
      if (typeof source !== 'string' || source.trim().length > SOURCE_MAX) {
        return problem('source', 'isString', `must be text of at most ${SOURCE_MAX} characters`);
      }
      return { ok: true, fact: { kind: 'rating', rating: grade.code, source: source.trim() } };
    }
  }
}

/** A fact in words, with the labels of the measure's rule (for pages, reports and exports). */
export function describeFact(measure: Measure, fact: Fact): string {
  if (fact.kind === 'milestones') {
    const instrument =
      measure.kind === 'milestones'
        ? measure.rule.instruments.find((i) => i.key === fact.instrument)
        : undefined;
    const step = instrument?.steps.find((s) => s.key === fact.milestone);
    return `${instrument?.label ?? fact.instrument}: ${step?.label ?? fact.milestone}`;
  }
  if (fact.kind === 'count') {
    const rule = measure.kind === 'count' ? measure.rule : undefined;
    const counted = rule ? `${fact.count} ${rule.unit} (target ${rule.target})` : `${fact.count}`;
    return fact.places.length > 0 ? `${counted}: ${fact.places.join(', ')}` : counted;
  }
  const grade =
    measure.kind === 'rating'
      ? measure.rule.ratings.find((r) => r.code === fact.rating)
      : undefined;
  const scale = measure.kind === 'rating' ? `${measure.rule.scale} ` : '';
  const rated = grade ? `${scale}${grade.code} (${grade.label})` : `${scale}${fact.rating}`;
  return `${rated}; source: ${fact.source}`;
}

/**
 * The refusal of a status without a fact and without a reason on a recommendation measured by
 * facts: there, the status follows from the facts, and a status set by hand is an override that
 * needs its reason. The one rule every writer obeys (the API, the forms, the bulk update, the
 * imports). `prefix` as in `parseFact`: "fact" for the API and forms, "" for an import line, whose
 * problem names the fact's column (the milestone, count or rating).
 */
export function factRequired(ref: string, measure: FactMeasure, prefix = 'fact'): FieldProblem {
  const field = prefix || FIELDS_OF[measure.kind][measure.kind === 'milestones' ? 1 : 0];
  const [by, what] =
    measure.kind === 'milestones'
      ? ['milestones', 'the milestone reached']
      : measure.kind === 'count'
        ? ['a count', `the number of ${measure.rule.unit}`]
        : ['a rating', `the ${measure.rule.scale} rating`];
  return {
    field,
    rule: 'factRequired',
    message: `${field}: ${ref} is measured by ${by}: record ${what}, or give a reason to set the status by hand`,
  };
}

/**
 * A fact as the columns of an import or export line, keys not labels: the inverse of
 * `parseFact(measure, columns, '')` (places separated by "; ").
 */
export function factColumns(fact: Fact | null): Record<FactField, string | null> {
  const none = {
    instrument: null,
    milestone: null,
    count: null,
    places: null,
    rating: null,
    source: null,
  };
  if (!fact) return none;
  switch (fact.kind) {
    case 'milestones':
      return { ...none, instrument: fact.instrument, milestone: fact.milestone };
    case 'count':
      return {
        ...none,
        count: String(fact.count),
        places: fact.places.length > 0 ? fact.places.join('; ') : null,
      };
    case 'rating':
      return { ...none, rating: fact.rating, source: fact.source };
  }
}

/** Whether two facts say the same (same kind and fields, places in the same order). */
export function sameFact(a: Fact | null, b: Fact | null): boolean {
  if (a === null || b === null) return a === b;
  const columns = [factColumns(a), factColumns(b)];
  return a.kind === b.kind && FACT_FIELDS.every((f) => columns[0][f] === columns[1][f]);
}

/**
 * The note of an assessment the app appends when recording a fact moved a later derived status
 * (`fact` null: an override or a judgement moved it).
 */
export function rederivedNote(measure: Measure, fact: Fact | null, assessedOn: string): string {
  const why = fact
    ? `a fact dated ${assessedOn} was recorded (${describeFact(measure, fact)})`
    : `an assessment dated ${assessedOn} was recorded`;
  return `Re-derived: ${why}.`;
}

/** Reads a fact stored as JSON text (null when none or unreadable). */
export function factFromJson(text: unknown): Fact | null {
  if (typeof text !== 'string' || text === '') return null;
  try {
    const value = JSON.parse(text) as Fact;
    return typeof value === 'object' && value !== null && 'kind' in value ? value : null;
  } catch {
    return null;
  }
}

function parsePlaces(value: unknown): string[] | string {
  if (value === undefined || value === null) return [];
  const list =
    typeof value === 'string'
      ? value.split(';')
      : Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? value
        : null;
  if (!list) return 'must be a list of places (or one text with places separated by ";")';
  const places = list.map((p) => p.trim()).filter((p) => p !== '');
  if (places.length > PLACES_MAX) return `at most ${PLACES_MAX} places`;
  const long = places.find((p) => p.length > PLACE_MAX);
  if (long) return `a place may have at most ${PLACE_MAX} characters ("${long.slice(0, 20)}...")`;
  return places;
}

function findByKeyOrLabel<T extends { key: string; label: string }>(
  items: readonly T[],
  value: unknown,
): T | undefined {
  if (typeof value !== 'string') return undefined;
  return items.find((i) => same(i.key, value)) ?? items.find((i) => same(i.label, value));
}

/**
 * Equal but for case, spaces around, spaces or hyphens between words ("In force" = "in-force")
 * and slashes ("N/A" = "NA").
 */
function same(a: string, b: unknown): boolean {
  if (typeof b !== 'string') return false;
  const norm = (s: string) =>
    s
      .trim()
      .toLowerCase()
      .replace(/\//g, '')
      .replace(/[\s_-]+/g, ' ');
  return norm(a) === norm(b);
}
