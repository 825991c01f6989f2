import { textProblem } from '../common/text.js';
import {
  FORM_ROWS_MAX,
  formRowsOf,
  keyOf,
  measureFieldLabel,
  measureFormProblems,
  measureFormRequest,
  measureFromForm,
  readMeasureForm,
  withBlankRows,
  type MeasureFormRows,
} from './measure-form.js';
import type { FactMeasure } from './measure.types.js';
import { referenceMeasures } from './reference-measures.js';
import { parseMeasure } from './rules.js';

/** The fields a page posts for these rows, named as the form names them. */
function posted(rows: MeasureFormRows): Record<string, string> {
  const body: Record<string, string> = {
    kind: rows.kind,
    'rule.combine': rows.combine,
    'rule.unit': rows.unit,
    'rule.target': rows.target,
    'rule.scale': rows.scale,
    note: rows.note,
  };
  rows.instruments.forEach((instrument, i) => {
    body[`rule.instruments[${i}].key`] = instrument.key;
    body[`rule.instruments[${i}].label`] = instrument.label;
    instrument.steps.forEach((step, j) => {
      for (const [prop, value] of Object.entries(step)) {
        body[`rule.instruments[${i}].steps[${j}].${prop}`] = value;
      }
    });
  });
  rows.thresholds.forEach((t, i) => {
    body[`rule.thresholds[${i}].min`] = t.min;
    body[`rule.thresholds[${i}].status`] = t.status;
  });
  rows.ratings.forEach((r, i) => {
    for (const [prop, value] of Object.entries(r)) body[`rule.ratings[${i}].${prop}`] = value;
  });
  return body;
}

/** The rule checks of the service, on a form's measure, said as the page says them. */
function pageProblems(body: Record<string, string>): string[] {
  const { measure, formField } = measureFromForm(readMeasureForm(body));
  const parsed = parseMeasure(measure);
  if (parsed.ok) return [];
  return measureFormProblems(parsed.problems, formField).map((p) => `${p.field}: ${p.message}`);
}

const reference = referenceMeasures();

describe('the measure form', () => {
  it.each(['JEW-II.1', 'JEW-II.4', 'JEW-II.8', 'JEW-II.9'])(
    'posted as the page shows it (blank rows included), gives back the measure of %s',
    (ref) => {
      const measure = reference.get(ref) as FactMeasure;
      const body = posted(withBlankRows(formRowsOf(measure)));
      const parsed = parseMeasure(measureFromForm(readMeasureForm(body)).measure);
      expect(parsed).toEqual({ ok: true, measure });
    },
  );

  it('leaves blank rows out, and names a problem by the row it is on', () => {
    const body = {
      kind: 'count',
      'rule.unit': 'officers placed',
      'rule.target': '5',
      'rule.thresholds[0].min': '0',
      'rule.thresholds[0].status': 'not_implemented',
      'rule.thresholds[1].min': ' ',
      'rule.thresholds[1].status': '',
      'rule.thresholds[2].min': '3',
      'rule.thresholds[2].status': 'partially_implemented',
      'rule.thresholds[3].min': '2',
      'rule.thresholds[3].status': 'mostly_implemented',
    };
    const { measure, formField } = measureFromForm(readMeasureForm(body));
    expect(measure).toEqual({
      kind: 'count',
      rule: {
        unit: 'officers placed',
        target: 5,
        thresholds: [
          { min: 0, status: 'not_implemented' },
          { min: 3, status: 'partially_implemented' },
          { min: 2, status: 'mostly_implemented' },
        ],
      },
    });
    expect(formField('rule.thresholds[2].min')).toBe('rule.thresholds[3].min');
    expect(formField('rule.thresholds.1.status')).toBe('rule.thresholds[2].status');
    expect(formField('rule.target')).toBe('rule.target');
    expect(pageProblems(body)).toEqual([
      'rule.thresholds[3].min: Threshold 4: From — the thresholds must increase: 2 comes after 3',
    ]);
  });

  it('says each kind of problem with the label of its field', () => {
    const steps = {
      kind: 'milestones',
      'rule.combine': 'least-advanced',
      'rule.instruments[0].key': '',
      'rule.instruments[0].label': '',
      'rule.instruments[0].steps[0].key': '',
      'rule.instruments[0].steps[0].label': '',
      'rule.instruments[0].steps[0].status': '',
      'rule.instruments[1].key': 'Treaty!',
      'rule.instruments[1].label': 'Treaty',
      'rule.instruments[1].steps[0].key': '',
      'rule.instruments[1].steps[0].label': 'Signed',
      'rule.instruments[1].steps[0].status': 'mostly_implemented',
      'rule.instruments[1].steps[1].key': 'in-force',
      'rule.instruments[1].steps[1].label': 'In force',
      'rule.instruments[1].steps[1].status': '',
      'rule.instruments[1].steps[2].key': 'later',
      'rule.instruments[1].steps[2].label': 'Later',
      'rule.instruments[1].steps[2].status': 'partially_implemented',
    };
    expect(pageProblems(steps)).toEqual([
      'rule.instruments[1].key: Instrument 2: Key — must be lower-case letters and digits joined by hyphens (e.g. "in-force")',
      'rule.instruments[1].steps[1].status: Instrument 2, step 2: Status — choose a status',
    ]);
    expect(
      pageProblems({
        ...steps,
        'rule.instruments[1].key': '',
        'rule.instruments[1].steps[1].status': 'implemented',
      }),
    ).toEqual([
      'rule.instruments[1].steps[2].status: Instrument 2, step 3: Status — the steps are out of order: "Later" (partially implemented) comes after "In force" (implemented); each step must give a status at least as high as the one before',
    ]);
    expect(
      pageProblems({
        kind: 'count',
        'rule.unit': 'x',
        'rule.target': 'five',
        'rule.thresholds[0].min': '1',
        'rule.thresholds[0].status': 'implemented',
      }),
    ).toEqual(['rule.target: Target — must be a whole number']);
    expect(pageProblems({ kind: 'rating', 'rule.scale': 'FATF' })).toEqual([
      'rule.ratings: Ratings — a rating measure needs at least one rating',
    ]);
    expect(pageProblems({ kind: 'stars' })).toEqual([
      'kind: How it is measured — choose how it is measured',
    ]);
    // A problem found before the rules (a character that cannot be stored) on its dotted path.
    const { formField } = measureFromForm(readMeasureForm(steps));
    const unstorable = textProblem('rule.instruments.0.steps.1.label', 'a\uffff');
    expect(unstorable).not.toBeNull();
    expect(measureFormProblems([unstorable!], formField)).toEqual([
      expect.objectContaining({
        field: 'rule.instruments[1].steps[1].label',
        message:
          'Instrument 2, step 2: Label — contains a character that cannot be stored (U+FFFF)',
      }),
    ]);
  });

  it('makes a key from the label when it is left empty', () => {
    expect(keyOf('', 'Ratified or acceded')).toBe('ratified-or-acceded');
    expect(keyOf('', 'Entrée en vigueur (1988)')).toBe('entree-en-vigueur-1988');
    expect(keyOf(' signed ', 'Whatever')).toBe('signed');
    expect(keyOf('', '')).toBe('');
  });

  it('names every field of the form by its label on the page', () => {
    expect(
      [
        'kind',
        'note',
        'rule.combine',
        'rule.instruments',
        'rule.instruments[0]',
        'rule.instruments[0].label',
        'rule.instruments[0].steps',
        'rule.instruments[2].steps[1].status',
        'rule.unit',
        'rule.thresholds[2].min',
        'rule.ratings[0].code',
        'rule.ratings[1].label',
        'something else',
      ].map(measureFieldLabel),
    ).toEqual([
      'How it is measured',
      'Why',
      'How the instruments combine',
      'Instruments',
      'Instrument 1',
      'Instrument 1: Label',
      'Instrument 1: Steps',
      'Instrument 3, step 2: Status',
      'What is counted',
      'Threshold 3: From',
      'Rating 1: Code',
      'Rating 2: Label',
      null,
    ]);
  });

  it('offers blank rows under the filled ones, and one blank instrument', () => {
    const rows = withBlankRows(formRowsOf(reference.get('JEW-II.9') as FactMeasure));
    expect(rows.instruments.map((i) => i.steps.length)).toEqual([5, 3]);
    expect(rows.instruments[1]).toMatchObject({ key: '', label: '' });
    expect(rows.thresholds).toHaveLength(2);
    expect(rows.ratings).toHaveLength(2);
    // Shown again as typed: rows already blank at the end are not added to.
    expect(withBlankRows(rows)).toEqual(rows);
  });

  it('reads a posted form within bounds, and sends the rest as the API takes it', () => {
    const rows = readMeasureForm({
      kind: ['count', 'rating'],
      'rule.thresholds[0].min': '0',
      [`rule.thresholds[${FORM_ROWS_MAX}].min`]: '9',
      'rule.thresholds[99999999999].min': '9',
      'rule.other[0].min': '1',
    });
    expect(rows.kind).toBe('count');
    expect(rows.thresholds).toEqual([{ min: '0', status: '' }]);

    const request = measureFormRequest({
      kind: 'graded',
      note: '  Judged, not counted  ',
      baseVersion: '3',
      previewDigest: 'abc',
      'rule.unit': 'ignored: the kind is graded',
    });
    expect(request.fields).toEqual({
      kind: 'graded',
      note: 'Judged, not counted',
      baseVersion: 3,
      previewDigest: 'abc',
    });
    expect(measureFormRequest({ kind: 'graded', baseVersion: '' }).fields.baseVersion).toBe('');
  });
});
