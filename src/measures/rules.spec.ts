import { readReferenceData } from '../reference-data/reference-data.service.js';
import type { Fact } from './measure.types.js';
import { checkFactsStillMeaningful, parseMeasure } from './rules.js';

const ladder = (statuses: (string | undefined)[]) =>
  statuses.map((status, i) => ({ key: `step-${i + 1}`, label: `Step ${i + 1}`, status }));

const milestones = (steps: unknown[], more: object = {}) => ({
  kind: 'milestones',
  rule: { instruments: [{ key: 'treaty', label: 'Treaty', steps }], ...more },
});

const count = (thresholds: unknown[], more: object = {}) => ({
  kind: 'count',
  rule: { unit: 'officers placed', target: 5, thresholds, ...more },
});

const rating = (ratings: unknown[]) => ({ kind: 'rating', rule: { scale: 'FATF', ratings } });

/** The fields and rules of the problems found, or 'ok'. */
function problemsOf(input: { kind?: unknown; rule?: unknown }): string[] | 'ok' {
  const parsed = parseMeasure(input);
  return parsed.ok ? 'ok' : parsed.problems.map((p) => `${p.field} ${p.rule}`);
}

describe('parseMeasure', () => {
  it('accepts every measure of the reference data', () => {
    for (const record of readReferenceData().measures ?? []) {
      expect({ ref: record.ref, problems: problemsOf(record) }).toEqual({
        ref: record.ref,
        problems: 'ok',
      });
    }
  });

  it.each<[string, { kind?: unknown; rule?: unknown }, string[] | 'ok']>([
    ['graded, no rule', { kind: 'graded' }, 'ok'],
    ['graded with a rule', { kind: 'graded', rule: {} }, ['rule graded']],
    ['an unknown kind', { kind: 'stars' }, ['kind isIn']],
    ['no kind', {}, ['kind isIn']],
    ['a rule that is not an object', { kind: 'count', rule: [1] }, ['rule isObject']],
    // Milestones
    ['a good ladder', milestones(ladder(['partially_implemented', 'mostly_implemented'])), 'ok'],
    [
      'equal steps are in order',
      milestones(ladder(['partially_implemented', 'partially_implemented', 'implemented'])),
      'ok',
    ],
    [
      'steps out of order',
      milestones(ladder(['mostly_implemented', 'partially_implemented'])),
      ['rule.instruments[0].steps[1].status stepsInOrder'],
    ],
    [
      'a step without a status',
      milestones(ladder(['partially_implemented', undefined])),
      ['rule.instruments[0].steps[1].status isDefined'],
    ],
    [
      'a step giving a status off the ladder',
      milestones(ladder(['not_applicable'])),
      ['rule.instruments[0].steps[0].status isIn'],
    ],
    ['no steps', milestones([]), ['rule.instruments[0].steps arrayMinSize']],
    [
      'two steps with the same key',
      milestones([
        { key: 'signed', label: 'Signed', status: 'partially_implemented' },
        { key: 'signed', label: 'Signed again', status: 'implemented' },
      ]),
      ['rule.instruments[0].steps[1].key unique'],
    ],
    [
      'a key that is not a slug',
      milestones([{ key: 'In Force', label: 'In force', status: 'implemented' }]),
      ['rule.instruments[0].steps[0].key matches'],
    ],
    [
      'an unknown field',
      milestones(ladder(['implemented']), { weighting: 'equal' }),
      ['rule.weighting unknownField'],
    ],
    [
      'an unknown combine rule',
      milestones(ladder(['implemented']), { combine: 'average' }),
      ['rule.combine isIn'],
    ],
    [
      'two instruments with the same key',
      {
        kind: 'milestones',
        rule: {
          combine: 'least-advanced',
          instruments: [
            { key: 'treaty', label: 'A', steps: ladder(['implemented']) },
            { key: 'treaty', label: 'B', steps: ladder(['implemented']) },
          ],
        },
      },
      ['rule.instruments[1].key unique'],
    ],
    // Count
    [
      'increasing thresholds',
      count([
        { min: 0, status: 'not_implemented' },
        { min: 2, status: 'partially_implemented' },
        { min: 4, status: 'implemented' },
      ]),
      'ok',
    ],
    [
      'thresholds not increasing',
      count([
        { min: 0, status: 'not_implemented' },
        { min: 3, status: 'partially_implemented' },
        { min: 3, status: 'implemented' },
      ]),
      ['rule.thresholds[2].min increasing'],
    ],
    [
      'thresholds going down',
      count([
        { min: 0, status: 'not_implemented' },
        { min: 4, status: 'partially_implemented' },
        { min: 2, status: 'implemented' },
      ]),
      ['rule.thresholds[2].min increasing'],
    ],
    [
      'a first threshold above 0',
      count([{ min: 1, status: 'partially_implemented' }]),
      ['rule.thresholds[0].min startsAtZero'],
    ],
    [
      'a higher count giving a lower status',
      count([
        { min: 0, status: 'partially_implemented' },
        { min: 2, status: 'not_implemented' },
      ]),
      ['rule.thresholds[1].status statusesInOrder'],
    ],
    ['a threshold without a status', count([{ min: 0 }]), ['rule.thresholds[0].status isDefined']],
    [
      'a fractional threshold',
      count([{ min: 0.5, status: 'implemented' }]),
      ['rule.thresholds[0].min isInt'],
    ],
    [
      'a target that is not a number',
      {
        kind: 'count',
        rule: { unit: 'officers', target: 'five', thresholds: [{ min: 0, status: 'implemented' }] },
      },
      ['rule.target isInt'],
    ],
    [
      'no target',
      {
        kind: 'count',
        rule: { unit: 'officers', thresholds: [{ min: 0, status: 'implemented' }] },
      },
      ['rule.target isDefined'],
    ],
    // Rating
    [
      'a good scale',
      rating([
        { code: 'C', label: 'Compliant', status: 'implemented' },
        { code: 'N/A', label: 'Not applicable', status: 'not_applicable' },
      ]),
      'ok',
    ],
    [
      'a rating without a status',
      rating([{ code: 'C', label: 'Compliant' }]),
      ['rule.ratings[0].status isDefined'],
    ],
    [
      'a rating giving no information',
      rating([{ code: 'C', label: 'Compliant', status: 'no_information' }]),
      ['rule.ratings[0].status isIn'],
    ],
    [
      'the same code twice, in another case',
      rating([
        { code: 'LC', label: 'Largely compliant', status: 'mostly_implemented' },
        { code: 'lc', label: 'Largely', status: 'mostly_implemented' },
      ]),
      ['rule.ratings[1].code unique'],
    ],
  ])('%s', (_, input, expected) => {
    expect(problemsOf(input)).toEqual(expected);
  });

  it('names the field in each message', () => {
    const parsed = parseMeasure(milestones(ladder(['implemented', 'partially_implemented'])));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems[0].message).toMatch(
      /^rule\.instruments\[0\]\.steps\[1\]\.status: the steps are out of order/,
    );
  });

  it('answers the rule in its stored shape, the default combine rule filled in', () => {
    const parsed = parseMeasure(
      milestones([{ key: ' signed ', label: 'Signed', status: 'implemented' }]),
    );
    expect(parsed).toEqual({
      ok: true,
      measure: {
        kind: 'milestones',
        rule: {
          combine: 'least-advanced',
          instruments: [
            {
              key: 'treaty',
              label: 'Treaty',
              steps: [{ key: 'signed', label: 'Signed', status: 'implemented' }],
            },
          ],
        },
      },
    });
  });
});

describe('checkFactsStillMeaningful', () => {
  const parsed = parseMeasure(milestones(ladder(['partially_implemented', 'implemented'])));
  if (!parsed.ok) throw new Error('bad fixture');
  const facts = (list: [string, Fact][]) => list.map(([subject, fact]) => ({ subject, fact }));

  it('refuses a rule that drops an instrument or a step recorded facts use', () => {
    const used = facts([
      ['KAZ', { kind: 'milestones', instrument: 'treaty', milestone: 'step-3' }],
      ['TJK', { kind: 'milestones', instrument: 'treaty', milestone: 'step-3' }],
      ['UZB', { kind: 'milestones', instrument: 'other', milestone: 'step-1' }],
      ['KGZ', { kind: 'milestones', instrument: 'treaty', milestone: 'step-1' }],
    ]);
    expect(checkFactsStillMeaningful(parsed.measure, used)).toEqual([
      {
        field: 'rule.instruments[0].steps',
        rule: 'inUse',
        message: expect.stringContaining(
          'step "step-3" of "treaty" is used by facts recorded for KAZ, TJK',
        ),
      },
      {
        field: 'rule.instruments',
        rule: 'inUse',
        message: expect.stringContaining('instrument "other" is used by facts recorded for UZB'),
      },
    ]);
  });

  it('refuses a scale that drops a rating in use', () => {
    const scale = parseMeasure(rating([{ code: 'C', label: 'Compliant', status: 'implemented' }]));
    if (!scale.ok) throw new Error('bad fixture');
    expect(
      checkFactsStillMeaningful(
        scale.measure,
        facts([['ALB', { kind: 'rating', rating: 'LC', source: 'MER 2018' }]]),
      ).map((p) => p.field),
    ).toEqual(['rule.ratings']);
  });
});
