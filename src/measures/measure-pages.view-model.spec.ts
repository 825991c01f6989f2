import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import { formErrors } from '../common/views/forms.js';
import { changedMessage, measureEditViewModel, previewView } from './measure-pages.view-model.js';
import type { FactMeasure } from './measure.types.js';
import type { MeasureView, RuleChangePreview, RuleChangeResult } from './measures.service.js';
import { referenceMeasures } from './reference-measures.js';

const count = referenceMeasures().get('JEW-II.4') as FactMeasure;
const recommendation = { ref: 'JEW-II.4', title: 'Expand placement of drug liaison officers' };
const measure: MeasureView = {
  recommendation,
  kind: 'count',
  version: 1,
  rule: count.rule,
  effectiveOn: '2026-01-01',
  note: null,
  versions: [
    {
      version: 1,
      kind: 'count',
      rule: count.rule,
      effectiveOn: '2026-01-01',
      note: 'First',
      author: 'Reference data',
      recordedAt: '2026-01-01T00:00:00Z',
    },
  ],
};
const kgz = { kind: 'state' as const, code: 'KGZ', name: 'Kyrgyzstan' };
const move = {
  subject: kgz,
  from: ImplementationStatus.PartiallyImplemented,
  fromLabel: 'Partially implemented',
  to: ImplementationStatus.MostlyImplemented,
  toLabel: 'Mostly implemented',
  facts: [{ fact: { kind: 'count' as const, count: 2, places: [] }, text: '2 officers' }],
};
const preview: RuleChangePreview = {
  recommendation,
  baseVersion: 1,
  version: 2,
  kind: 'count',
  rule: count.rule,
  effectiveOn: '2026-11-30',
  moves: [move, { ...move, subject: { ...kgz, code: 'KAZ', name: 'Kazakhstan' } }],
  kept: [],
  unchanged: 1,
  previewDigest: 'd'.repeat(64),
};

describe('the measure pages', () => {
  it('fills the form with the measure now, and a preview with its digest and base version', () => {
    const fresh = measureEditViewModel(measure, {});
    expect(fresh.form.kinds.find((k) => k.checked)?.value).toBe('count');
    expect(fresh.form.target).toMatchObject({ name: 'rule.target', label: 'Target', value: '5' });
    expect(fresh.form.thresholds.rows.map((r) => r.min.value)).toEqual([
      '0',
      '1',
      '3',
      '5',
      '',
      '',
    ]);
    expect(fresh.form.previewDigest).toBeNull();
    expect(fresh.preview).toBeNull();
    expect(fresh.versions[0]).toMatchObject({ version: 1, kindLabel: 'A count', note: 'First' });

    const previewed = measureEditViewModel(measure, { preview });
    expect(previewed.form.previewDigest).toBe(preview.previewDigest);
    expect(previewed.form.baseVersion).toBe(1);
    expect(
      previewed.preview?.moves.map((m) => `${m.subject}: ${m.from.label} → ${m.to.label}`),
    ).toEqual([
      'Kyrgyzstan: Partially implemented → Mostly implemented',
      'Kazakhstan: Partially implemented → Mostly implemented',
    ]);
  });

  it('puts each message beside its field and above its table', () => {
    const view = measureEditViewModel(measure, {
      errors: formErrors([
        { field: 'rule.thresholds[1].min', rule: 'increasing', message: 'Threshold 2: From — no' },
      ]),
    });
    expect(view.form.thresholds.rows[1].min.error).toBe('Threshold 2: From — no');
    expect(view.form.thresholds.messages).toEqual([
      { id: 'rule.thresholds[1].min-error', text: 'Threshold 2: From — no' },
    ]);
  });

  it('says what a change moves, keeps and leaves, and what applying it did', () => {
    expect(previewView('JEW-II.4', preview).summary).toBe(
      'Applied, it becomes version 2 of the measure, effective 30 Nov 2026: 2 statuses move, 1 stays as it is.',
    );
    const result = (moves: number): RuleChangeResult => ({
      measure: { ...measure, version: 2, effectiveOn: '2026-11-30' },
      moves: preview.moves.slice(0, moves),
    });
    expect(changedMessage(result(2))).toBe(
      'Measure of JEW-II.4 changed: 2 statuses re-derived, dated 30 Nov 2026.',
    );
    expect(changedMessage(result(1))).toBe(
      'Measure of JEW-II.4 changed: 1 status re-derived, dated 30 Nov 2026.',
    );
    expect(changedMessage(result(0))).toBe('Measure of JEW-II.4 changed: no status re-derived.');
  });
});
