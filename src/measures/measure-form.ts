import type { FieldProblem } from '../common/errors.js';
import type { Measure } from './measure.types.js';

/**
 * The measure form of the admin pages, without I/O. Its fields are named as the service names
 * them (`rule.instruments[0].steps[1].status`), one flat name per field (the pages' body parser
 * does not nest names): `readMeasureForm` reads them back into rows, `measureFromForm` makes the
 * API's `{ kind, rule }` of the rows that are filled in (blank rows are left out), and
 * `measureFormProblems` names each problem the rules find by the row it is on, with its label.
 */

/** One step of an instrument as typed: key, label, status (all text). */
export interface StepRow {
  key: string;
  label: string;
  status: string;
}

export interface InstrumentRows {
  key: string;
  label: string;
  steps: StepRow[];
}

export interface ThresholdRow {
  min: string;
  status: string;
}

export interface RatingRow {
  code: string;
  label: string;
  status: string;
}

/** The measure form as the page shows it: every section, whichever kind is chosen. */
export interface MeasureFormRows {
  kind: string;
  combine: string;
  instruments: InstrumentRows[];
  unit: string;
  target: string;
  thresholds: ThresholdRow[];
  scale: string;
  ratings: RatingRow[];
  note: string;
}

/** The most rows of one table the form reads (the rules allow 20 steps, 10 instruments). */
export const FORM_ROWS_MAX = 40;

/** Blank rows offered under the filled ones, to add steps, thresholds and ratings. */
export const BLANK_ROWS = 2;
/** Blank steps of the blank instrument offered to add one. */
export const BLANK_INSTRUMENT_STEPS = 3;

export const field = {
  instrument: (i: number, prop?: 'key' | 'label' | 'steps') =>
    `rule.instruments[${i}]${prop ? `.${prop}` : ''}`,
  step: (i: number, j: number, prop: keyof StepRow) => `rule.instruments[${i}].steps[${j}].${prop}`,
  threshold: (i: number, prop: keyof ThresholdRow) => `rule.thresholds[${i}].${prop}`,
  rating: (i: number, prop: keyof RatingRow) => `rule.ratings[${i}].${prop}`,
};

const blankStep = (): StepRow => ({ key: '', label: '', status: '' });
const blankInstrument = (): InstrumentRows => ({ key: '', label: '', steps: [] });
const blankThreshold = (): ThresholdRow => ({ min: '', status: '' });
const blankRating = (): RatingRow => ({ code: '', label: '', status: '' });

const isBlank = (row: object): boolean =>
  Object.values(row).every((v) => typeof v !== 'string' || v.trim() === '');
const isBlankInstrument = (i: InstrumentRows): boolean =>
  i.key.trim() === '' && i.label.trim() === '' && i.steps.every(isBlank);

/** The form filled with a measure (a graded one: the other sections empty). */
export function formRowsOf(measure: Measure): MeasureFormRows {
  const rows = emptyRows(measure.kind);
  switch (measure.kind) {
    case 'milestones':
      rows.combine = measure.rule.combine;
      rows.instruments = measure.rule.instruments.map((i) => ({
        key: i.key,
        label: i.label,
        steps: i.steps.map((s) => ({ key: s.key, label: s.label, status: s.status })),
      }));
      break;
    case 'count':
      rows.unit = measure.rule.unit;
      rows.target = String(measure.rule.target);
      rows.thresholds = measure.rule.thresholds.map((t) => ({
        min: String(t.min),
        status: t.status,
      }));
      break;
    case 'rating':
      rows.scale = measure.rule.scale;
      rows.ratings = measure.rule.ratings.map((r) => ({ ...r }));
      break;
  }
  return rows;
}

function emptyRows(kind: string): MeasureFormRows {
  return {
    kind,
    combine: 'least-advanced',
    instruments: [],
    unit: '',
    target: '',
    thresholds: [],
    scale: '',
    ratings: [],
    note: '',
  };
}

/** The rows a posted form holds, each at the place it had on the page. */
export function readMeasureForm(body: Record<string, unknown>): MeasureFormRows {
  const rows = emptyRows(text(body.kind));
  rows.combine = text(body['rule.combine']) || 'least-advanced';
  rows.unit = text(body['rule.unit']);
  rows.target = text(body['rule.target']);
  rows.scale = text(body['rule.scale']);
  rows.note = text(body.note);
  const at = <T>(list: T[], index: string, blank: () => T): T | null => {
    const i = Number(index);
    if (!Number.isSafeInteger(i) || i >= FORM_ROWS_MAX) return null;
    while (list.length <= i) list.push(blank());
    return list[i];
  };
  for (const [name, value] of Object.entries(body)) {
    let m = /^rule\.instruments\[(\d+)\]\.(key|label)$/.exec(name);
    if (m) {
      const instrument = at(rows.instruments, m[1], blankInstrument);
      if (instrument) instrument[m[2] as 'key' | 'label'] = text(value);
      continue;
    }
    m = /^rule\.instruments\[(\d+)\]\.steps\[(\d+)\]\.(key|label|status)$/.exec(name);
    if (m) {
      const instrument = at(rows.instruments, m[1], blankInstrument);
      const step = instrument && at(instrument.steps, m[2], blankStep);
      if (step) step[m[3] as keyof StepRow] = text(value);
      continue;
    }
    m = /^rule\.thresholds\[(\d+)\]\.(min|status)$/.exec(name);
    if (m) {
      const threshold = at(rows.thresholds, m[1], blankThreshold);
      if (threshold) threshold[m[2] as keyof ThresholdRow] = text(value);
      continue;
    }
    m = /^rule\.ratings\[(\d+)\]\.(code|label|status)$/.exec(name);
    if (m) {
      const rating = at(rows.ratings, m[1], blankRating);
      if (rating) rating[m[2] as keyof RatingRow] = text(value);
    }
  }
  return rows;
}

/** The rows with blank ones added below the filled ones, as the page offers them. */
export function withBlankRows(rows: MeasureFormRows): MeasureFormRows {
  const pad = <T extends object>(list: T[], blank: () => T, count: number): T[] => {
    const out = [...list];
    let trailing = 0;
    while (trailing < out.length && isBlank(out[out.length - 1 - trailing])) trailing++;
    for (; trailing < count; trailing++) out.push(blank());
    return out;
  };
  const instruments = rows.instruments.map((i) => ({ ...i, steps: [...i.steps] }));
  let trailing = 0;
  while (
    trailing < instruments.length &&
    isBlankInstrument(instruments[instruments.length - 1 - trailing])
  ) {
    trailing++;
  }
  if (trailing === 0) instruments.push(blankInstrument());
  return {
    ...rows,
    instruments: instruments.map((i) => ({
      ...i,
      steps: pad(i.steps, blankStep, isBlankInstrument(i) ? BLANK_INSTRUMENT_STEPS : BLANK_ROWS),
    })),
    thresholds: pad(rows.thresholds, blankThreshold, BLANK_ROWS),
    ratings: pad(rows.ratings, blankRating, BLANK_ROWS),
  };
}

/** The body of a preview or a change, as the API takes it, and where each of its rows is. */
export interface MeasureFromForm {
  /** `{ kind, rule? }`: the rule of the chosen kind, of the rows filled in. */
  measure: { kind: string; rule?: Record<string, unknown> };
  /** A field of the rule (`rule.thresholds[1].min`) → the form's field it came from. */
  formField: (path: string) => string;
}

/**
 * The measure of a form: the section of the chosen kind, blank rows left out (so the rule's
 * second threshold may be the form's third row). A key left empty is made from the label
 * ("In force" → "in-force"); a whole number is sent as a number, anything else as typed, for
 * the rules to name.
 */
export function measureFromForm(rows: MeasureFormRows): MeasureFromForm {
  const kind = rows.kind;
  const instrumentAt: number[] = [];
  const stepAt: number[][] = [];
  const thresholdAt: number[] = [];
  const ratingAt: number[] = [];
  const filled = <T extends object>(
    list: T[],
    into: number[],
    blank: (row: T) => boolean = isBlank,
  ): T[] => list.flatMap((row, i) => (blank(row) ? [] : (into.push(i), [row])));
  let rule: Record<string, unknown> | undefined;
  if (kind === 'milestones') {
    rule = {
      combine: rows.combine,
      instruments: filled(rows.instruments, instrumentAt, isBlankInstrument).map((i, n) => {
        stepAt[n] = [];
        return {
          key: keyOf(i.key, i.label),
          label: i.label,
          steps: filled(i.steps, stepAt[n]).map((s) => ({
            key: keyOf(s.key, s.label),
            label: s.label,
            ...(s.status ? { status: s.status } : {}),
          })),
        };
      }),
    };
  } else if (kind === 'count') {
    rule = {
      unit: rows.unit,
      ...(rows.target.trim() ? { target: wholeNumber(rows.target) } : {}),
      thresholds: filled(rows.thresholds, thresholdAt).map((t) => ({
        ...(t.min.trim() ? { min: wholeNumber(t.min) } : {}),
        ...(t.status ? { status: t.status } : {}),
      })),
    };
  } else if (kind === 'rating') {
    rule = {
      scale: rows.scale,
      ratings: filled(rows.ratings, ratingAt).map((r) => ({
        code: r.code,
        label: r.label,
        ...(r.status ? { status: r.status } : {}),
      })),
    };
  }
  const formField = (path: string): string =>
    bracketed(path)
      .replace(/^rule\.instruments\[(\d+)\](\.steps\[(\d+)\])?/, (whole, i, steps, j) => {
        const row = instrumentAt[Number(i)];
        if (row === undefined) return whole;
        const step = steps === undefined ? undefined : stepAt[Number(i)]?.[Number(j)];
        return steps === undefined || step === undefined
          ? `rule.instruments[${row}]${steps ?? ''}`
          : `rule.instruments[${row}].steps[${step}]`;
      })
      .replace(/^rule\.thresholds\[(\d+)\]/, (whole, i) =>
        thresholdAt[Number(i)] === undefined ? whole : `rule.thresholds[${thresholdAt[Number(i)]}]`,
      )
      .replace(/^rule\.ratings\[(\d+)\]/, (whole, i) =>
        ratingAt[Number(i)] === undefined ? whole : `rule.ratings[${ratingAt[Number(i)]}]`,
      );
  return { measure: rule === undefined ? { kind } : { kind, rule }, formField };
}

/** What a field of the form is called on the page: "Instrument 1, step 2: Status". */
export function measureFieldLabel(name: string): string | null {
  const path = bracketed(name);
  const fixed = FIELD_LABELS[path];
  if (fixed) return fixed;
  let m = /^rule\.instruments\[(\d+)\](?:\.(key|label|steps))?$/.exec(path);
  if (m) {
    const it = `Instrument ${Number(m[1]) + 1}`;
    return m[2] ? `${it}: ${PROP_LABELS[m[2]]}` : it;
  }
  m = /^rule\.instruments\[(\d+)\]\.steps\[(\d+)\](?:\.(key|label|status))?$/.exec(path);
  if (m) {
    const it = `Instrument ${Number(m[1]) + 1}, step ${Number(m[2]) + 1}`;
    return m[3] ? `${it}: ${PROP_LABELS[m[3]]}` : it;
  }
  m = /^rule\.(thresholds|ratings)\[(\d+)\](?:\.(min|status|code|label))?$/.exec(path);
  if (m) {
    const it = `${m[1] === 'thresholds' ? 'Threshold' : 'Rating'} ${Number(m[2]) + 1}`;
    return m[3] ? `${it}: ${PROP_LABELS[m[3]]}` : it;
  }
  return null;
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  kind: 'How it is measured',
  note: 'Why',
  baseVersion: 'Version',
  previewDigest: 'Preview',
  rule: 'Rule',
  'rule.combine': 'How the instruments combine',
  'rule.instruments': 'Instruments',
  'rule.unit': 'What is counted',
  'rule.target': 'Target',
  'rule.thresholds': 'Thresholds',
  'rule.scale': 'Scale',
  'rule.ratings': 'Ratings',
};

const PROP_LABELS: Readonly<Record<string, string>> = {
  key: 'Key',
  label: 'Label',
  steps: 'Steps',
  status: 'Status',
  min: 'From',
  code: 'Code',
};

/**
 * The problems the rules found in a form's measure, each on the form's field it came from and
 * said as the page says it: "Instrument 1, step 2: Status — choose a status".
 */
export function measureFormProblems(
  problems: readonly FieldProblem[],
  formField: (path: string) => string,
): FieldProblem[] {
  return problems.map((p) => {
    const name = p.field ? formField(p.field) : '';
    const label = measureFieldLabel(name);
    return label ? { ...p, field: name, message: `${label} — ${said(p)}` } : { ...p, field: name };
  });
}

/** A problem's message without the field's name it starts with, as the rest of a sentence. */
function said(p: FieldProblem): string {
  const leaf = /(\w+)$/.exec(p.field)?.[1] ?? '';
  if (leaf === 'status' && (p.rule === 'isDefined' || p.rule === 'isIn')) return 'choose a status';
  if (p.field === 'kind' && p.rule === 'isIn') return 'choose how it is measured';
  if (p.field === 'previewDigest') return 'preview the change first, then apply it';
  let rest = p.message;
  for (const name of [p.field, bracketed(p.field)]) {
    if (rest.startsWith(`${name}: `)) rest = rest.slice(name.length + 2);
  }
  if (leaf && rest.startsWith(`${leaf} `)) rest = rest.slice(leaf.length + 1);
  return rest.charAt(0).toLowerCase() + rest.slice(1);
}

/** `rule.instruments.0.steps.1.status` → `rule.instruments[0].steps[1].status`. */
function bracketed(path: string): string {
  return path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

/** A key as typed, or made from the label when left empty: "Ratified or acceded" → "ratified-or-acceded". */
export function keyOf(key: string, label: string): string {
  if (key.trim() !== '') return key.trim();
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** "5" → 5; anything else stays as typed, for the rules to refuse with its field named. */
function wholeNumber(value: string): number | string {
  const v = value.trim();
  return /^\d{1,15}$/.test(v) ? Number(v) : v;
}

/** A posted value as text (the first, if it came several times). */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return text(value[0]);
  return '';
}

/** A posted measure form: its rows as typed, the body for the service, and where each field is. */
export interface MeasureFormRequest extends MeasureFromForm {
  rows: MeasureFormRows;
  /** `kind`, `rule`, `note`, `baseVersion` and `previewDigest`, as the API's DTOs take them. */
  fields: Record<string, unknown>;
}

export function measureFormRequest(body: Record<string, unknown>): MeasureFormRequest {
  const rows = readMeasureForm(body);
  const made = measureFromForm(rows);
  const note = rows.note.trim();
  const digest = text(body.previewDigest);
  return {
    ...made,
    rows,
    fields: {
      ...made.measure,
      ...(note ? { note } : {}),
      baseVersion: wholeNumber(text(body.baseVersion)),
      ...(digest ? { previewDigest: digest } : {}),
    },
  };
}
