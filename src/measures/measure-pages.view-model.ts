import {
  statusInfo,
  type ImplementationStatus,
} from '../assessments/implementation-status.enum.js';
import type { FormErrors } from '../common/views/forms.js';
import type { PickerView } from '../common/views/picker.js';
import { dateText } from '../common/views/hbs-helpers.js';
import { LADDER_STATUSES, RATING_STATUSES } from './dto/measure-rule.dto.js';
import {
  field,
  formRowsOf,
  measureFieldLabel,
  withBlankRows,
  type MeasureFormRows,
  type RatingRow,
  type StepRow,
  type ThresholdRow,
} from './measure-form.js';
import {
  COMBINE_RULES,
  FACT_KINDS,
  MEASURE_KINDS,
  type FactKind,
  type Measure,
  type MeasureKind,
  type MeasureRule,
} from './measure.types.js';
import type { MeasureView, RuleChangePreview, RuleChangeResult } from './measures.service.js';
import { measureSentence } from './rule-text.js';
import type { Basis } from './timeline.js';

/** Each kind of measure in words, and what choosing it means. */
export const MEASURE_KIND_WORDS: Readonly<Record<MeasureKind, { label: string; hint: string }>> = {
  graded: {
    label: 'Graded',
    hint: 'Analysts judge the status on the scale. No facts are recorded.',
  },
  milestones: {
    label: 'Milestones',
    hint: 'Analysts record the step an instrument (a treaty, an agreement) reached; each step gives a status.',
  },
  count: {
    label: 'A count',
    hint: 'Analysts record a count (a total on the date) and its places; thresholds give the status.',
  },
  rating: {
    label: 'A rating',
    hint: 'Analysts record a rating of an external scale and its source; each rating gives a status.',
  },
};

const SECTION_TITLES: Readonly<Record<FactKind, string>> = {
  milestones: 'Milestones: the instruments and their steps',
  count: 'A count: what is counted, the target and the thresholds',
  rating: 'A rating: the scale and its ratings',
};

const COMBINE_WORDS: Readonly<Record<string, { label: string; hint: string }>> = {
  'least-advanced': {
    label: 'The least advanced instrument decides',
    hint: 'Every instrument must go the whole way; one without a step counts as not implemented.',
  },
  'most-advanced': {
    label: 'The most advanced instrument decides',
    hint: 'Any one instrument will do.',
  },
};

const KEPT_WORDS: Readonly<Record<Basis, string>> = {
  judged: 'judged on the scale by an analyst',
  override: 'set by an analyst against the facts, with a reason',
  derived: 'follows the facts',
  rederived: 'follows the facts',
};

/** The measure's path on the admin pages. */
export function measurePageHref(ref: string): string {
  return `/admin/measures/${encodeURIComponent(ref)}`;
}

export interface MeasuredRow {
  ref: string;
  title: string;
  href: string;
  kindLabel: string;
  sentence: string;
  version: number;
  effectiveOn: string | null;
}

export interface MeasuresIndexView {
  title: string;
  measured: MeasuredRow[];
  picker: PickerView;
}

/** The list of the recommendations measured by facts, and the field to open any one's measure. */
export function measuresIndexViewModel(
  measures: readonly MeasureView[],
  picker: PickerView,
): MeasuresIndexView {
  return {
    title: 'Measures',
    measured: measures.map((m) => ({
      ref: m.recommendation.ref,
      title: m.recommendation.title,
      href: measurePageHref(m.recommendation.ref),
      kindLabel: MEASURE_KIND_WORDS[m.kind].label,
      sentence: measureSentence(m.recommendation.ref, measureOf(m.kind, m.rule)),
      version: m.version,
      effectiveOn: m.effectiveOn,
    })),
    picker,
  };
}

/** A text field of the form: its name (also its id), label, value and message. */
export interface FieldView {
  name: string;
  label: string;
  value: string;
  error: string | null;
}

export interface SelectView extends FieldView {
  options: { value: string; label: string; selected: boolean }[];
}

export interface ChoiceView {
  id: string;
  value: string;
  label: string;
  hint: string;
  checked: boolean;
}

/** A table of rows (steps, thresholds, ratings): its id, its rows and the messages about it. */
export interface RowsView<R> {
  id: string;
  rows: R[];
  /** The table's own message and those of its fields, above it. */
  messages: { id: string; text: string }[];
}

export interface StepRowView {
  heading: string;
  key: FieldView;
  label: FieldView;
  status: SelectView;
}

export interface InstrumentView {
  id: string;
  legend: string;
  isNew: boolean;
  error: string | null;
  key: FieldView;
  label: FieldView;
  steps: RowsView<StepRowView>;
}

export interface ThresholdRowView {
  heading: string;
  min: FieldView;
  status: SelectView;
}

export interface RatingRowView {
  heading: string;
  code: FieldView;
  label: FieldView;
  status: SelectView;
}

/** The rule of one kind in the form: open when it is the kind chosen, else folded. */
export interface SectionView {
  id: string;
  title: string;
  hint: string;
  open: boolean;
}

export interface MeasureFormView {
  kinds: ChoiceView[];
  sections: Record<FactKind, SectionView>;
  kindError: string | null;
  combine: ChoiceView[];
  combineError: string | null;
  instruments: InstrumentView[];
  instrumentsError: string | null;
  unit: FieldView;
  target: FieldView;
  thresholds: RowsView<ThresholdRowView>;
  scale: FieldView;
  ratings: RowsView<RatingRowView>;
  note: FieldView;
  baseVersion: number;
  /** The digest of the preview shown: applying sends it back. */
  previewDigest: string | null;
}

export interface StatusView {
  status: string;
  label: string;
}

export interface PreviewView {
  sentence: string;
  version: number;
  effectiveOn: string;
  summary: string;
  moves: { subject: string; from: StatusView; to: StatusView; facts: string[] }[];
  kept: { subject: string; status: StatusView; why: string }[];
  unchanged: number;
}

export interface MeasureEditView {
  title: string;
  recommendation: { ref: string; title: string; href: string };
  previewAction: string;
  applyAction: string;
  now: {
    kindLabel: string;
    sentence: string;
    version: number;
    effectiveOn: string | null;
    note: string | null;
  };
  /** Newest first. */
  versions: {
    version: number;
    kindLabel: string;
    effectiveOn: string;
    author: string;
    note: string | null;
  }[];
  /** Why the page is shown again (a change meanwhile), said above the form. */
  notice: string | null;
  errors: FormErrors | undefined;
  form: MeasureFormView;
  preview: PreviewView | null;
}

/** How the edit page is shown: fresh, with a preview, or again after a refusal. */
export interface MeasureEditState {
  /** The form as typed; none: the measure now. */
  rows?: MeasureFormRows;
  preview?: RuleChangePreview | null;
  errors?: FormErrors;
  notice?: string | null;
  /** The version the form is based on; none: the preview's, else the measure's now. */
  baseVersion?: number | null;
}

/** A recommendation's measure page: the measure now, its versions, the form and any preview. */
export function measureEditViewModel(
  measure: MeasureView,
  state: MeasureEditState,
): MeasureEditView {
  const { ref, title } = measure.recommendation;
  const errors = state.errors;
  const rows = withBlankRows(state.rows ?? formRowsOfView(measure));
  const preview = state.preview ?? null;
  return {
    title: `Measure of ${ref}`,
    recommendation: { ref, title, href: `/recommendations/${encodeURIComponent(ref)}` },
    previewAction: `${measurePageHref(ref)}/preview#preview`,
    applyAction: measurePageHref(ref),
    now: {
      kindLabel: MEASURE_KIND_WORDS[measure.kind].label,
      sentence: measureSentence(ref, measureOf(measure.kind, measure.rule)),
      version: measure.version,
      effectiveOn: measure.effectiveOn,
      note: measure.note,
    },
    versions: [...measure.versions].reverse().map((v) => ({
      version: v.version,
      kindLabel: MEASURE_KIND_WORDS[v.kind].label,
      effectiveOn: v.effectiveOn,
      author: v.author,
      note: v.note,
    })),
    notice: state.notice ?? null,
    errors,
    form: formView(
      rows,
      errors,
      state.baseVersion ?? preview?.baseVersion ?? measure.version,
      preview?.previewDigest ?? null,
    ),
    preview: preview && previewView(ref, preview),
  };
}

function formRowsOfView(measure: MeasureView): MeasureFormRows {
  return formRowsOf(measureOf(measure.kind, measure.rule));
}

function formView(
  rows: MeasureFormRows,
  errors: FormErrors | undefined,
  baseVersion: number,
  previewDigest: string | null,
): MeasureFormView {
  const err = (name: string): string | null => errors?.byField[name] ?? null;
  const text = (name: string, value: string): FieldView => ({
    name,
    label: measureFieldLabel(name) ?? name,
    value,
    error: err(name),
  });
  const select = (
    name: string,
    value: string,
    statuses: readonly ImplementationStatus[],
  ): SelectView => ({
    ...text(name, value),
    options: [
      { value: '', label: 'Choose a status', selected: value === '' },
      ...statuses.map((s) => ({
        value: s,
        label: statusInfo(s).label,
        selected: value === String(s),
      })),
    ],
  });
  const table = <R>(id: string, rows: R[], fields: (row: R) => FieldView[]): RowsView<R> => ({
    id,
    rows,
    messages: [
      ...(err(id) ? [{ id: `${id}-error`, text: err(id) as string }] : []),
      ...rows
        .flatMap(fields)
        .filter((f) => f.error !== null)
        .map((f) => ({ id: `${f.name}-error`, text: f.error as string })),
    ],
  });
  const stepRow =
    (i: number) =>
    (s: StepRow, j: number): StepRowView => ({
      heading: `Step ${j + 1}`,
      key: text(field.step(i, j, 'key'), s.key),
      label: text(field.step(i, j, 'label'), s.label),
      status: select(field.step(i, j, 'status'), s.status, LADDER_STATUSES),
    });
  const thresholdRow = (t: ThresholdRow, i: number): ThresholdRowView => ({
    heading: `Threshold ${i + 1}`,
    min: text(field.threshold(i, 'min'), t.min),
    status: select(field.threshold(i, 'status'), t.status, LADDER_STATUSES),
  });
  const ratingRow = (r: RatingRow, i: number): RatingRowView => ({
    heading: `Rating ${i + 1}`,
    code: text(field.rating(i, 'code'), r.code),
    label: text(field.rating(i, 'label'), r.label),
    status: select(field.rating(i, 'status'), r.status, RATING_STATUSES),
  });
  const last = rows.instruments.length - 1;
  return {
    kinds: MEASURE_KINDS.map((kind, i) => ({
      id: i === 0 ? 'kind' : `kind-${kind}`,
      value: kind,
      ...MEASURE_KIND_WORDS[kind],
      checked: rows.kind === kind,
    })),
    sections: Object.fromEntries(
      FACT_KINDS.map((kind) => [
        kind,
        {
          id: `section-${kind}`,
          title: SECTION_TITLES[kind],
          hint: `Read when “${MEASURE_KIND_WORDS[kind].label}” is chosen above.`,
          open: rows.kind === kind,
        },
      ]),
    ) as Record<FactKind, SectionView>,
    kindError: err('kind'),
    combine: COMBINE_RULES.map((c, i) => ({
      id: i === 0 ? 'rule.combine' : `rule.combine-${c}`,
      value: c,
      ...COMBINE_WORDS[c],
      checked: rows.combine === c,
    })),
    combineError: err('rule.combine'),
    instruments: rows.instruments.map((instrument, i) => ({
      id: field.instrument(i),
      legend: i === last ? 'A new instrument (leave it empty if none)' : `Instrument ${i + 1}`,
      isNew: i === last,
      error: err(field.instrument(i)),
      key: text(field.instrument(i, 'key'), instrument.key),
      label: text(field.instrument(i, 'label'), instrument.label),
      steps: table(field.instrument(i, 'steps'), instrument.steps.map(stepRow(i)), (r) => [
        r.key,
        r.label,
        r.status,
      ]),
    })),
    instrumentsError: err('rule.instruments'),
    unit: text('rule.unit', rows.unit),
    target: text('rule.target', rows.target),
    thresholds: table('rule.thresholds', rows.thresholds.map(thresholdRow), (r) => [
      r.min,
      r.status,
    ]),
    scale: text('rule.scale', rows.scale),
    ratings: table('rule.ratings', rows.ratings.map(ratingRow), (r) => [r.code, r.label, r.status]),
    note: text('note', rows.note),
    baseVersion,
    previewDigest,
  };
}

/** What a change would do, as the page lists it. */
export function previewView(ref: string, preview: RuleChangePreview): PreviewView {
  const status = (s: string, label: string): StatusView => ({ status: s, label });
  const n = preview.moves.length;
  const parts = [
    n === 0 ? 'no status moves' : n === 1 ? '1 status moves' : `${n} statuses move`,
    ...(preview.kept.length > 0
      ? [`${preview.kept.length} set by analysts ${preview.kept.length === 1 ? 'is' : 'are'} kept`]
      : []),
    `${preview.unchanged} ${preview.unchanged === 1 ? 'stays' : 'stay'} as ${preview.unchanged === 1 ? 'it is' : 'they are'}`,
  ];
  return {
    sentence: measureSentence(ref, measureOf(preview.kind, preview.rule)),
    version: preview.version,
    effectiveOn: preview.effectiveOn,
    summary: `Applied, it becomes version ${preview.version} of the measure, effective ${dateText(preview.effectiveOn)}: ${parts.join(', ')}.`,
    moves: preview.moves.map((m) => ({
      subject: m.subject.name,
      from: status(m.from, m.fromLabel),
      to: status(m.to, m.toLabel),
      facts: m.facts.map((f) => f.text),
    })),
    kept: preview.kept.map((k) => ({
      subject: k.subject.name,
      status: status(k.status, k.statusLabel),
      why: KEPT_WORDS[k.basis],
    })),
    unchanged: preview.unchanged,
  };
}

/** What the page says once a change is applied. */
export function changedMessage(result: RuleChangeResult): string {
  const { ref } = result.measure.recommendation;
  const n = result.moves.length;
  const moved =
    n === 0 ? 'no status re-derived' : `${n} ${n === 1 ? 'status' : 'statuses'} re-derived`;
  const on = result.measure.effectiveOn;
  return `Measure of ${ref} changed: ${moved}${n > 0 && on ? `, dated ${dateText(on)}` : ''}.`;
}

/** The measure a view's kind and rule make. */
export function measureOf(kind: MeasureKind, rule: MeasureRule | null): Measure {
  return (kind === 'graded' || rule === null ? { kind: 'graded' } : { kind, rule }) as Measure;
}
