import { ImplementationStatus } from '../assessments/implementation-status.enum.js';
import type { FileLine } from './assessment-file.js';
import { checkFields, parseStatus } from './import-line.js';

const TODAY = '2024-05-01';

function line(values: FileLine['values']): FileLine {
  return { line: 7, values, problems: [] };
}

const good = { ref: 'JEW-II.9', iso3: 'kaz', status: 'implemented', assessedOn: '2009-06-30' };

describe('checking the fields of an import line', () => {
  it('reads statuses by value or by label, in any case', () => {
    expect(parseStatus('partially_implemented')).toBe(ImplementationStatus.PartiallyImplemented);
    expect(parseStatus(' Partially   IMPLEMENTED ')).toBe(
      ImplementationStatus.PartiallyImplemented,
    );
    expect(parseStatus('Not applicable')).toBe(ImplementationStatus.NotApplicable);
    expect(parseStatus('done')).toBeNull();
  });

  it('gives the values of a good line, empty optional fields as null', () => {
    expect(checkFields(line({ ...good, note: '', evidenceUrl: 'https://x.org/a' }), TODAY)).toEqual(
      {
        values: {
          ref: 'JEW-II.9',
          iso3: 'KAZ',
          status: 'implemented',
          assessedOn: '2009-06-30',
          note: null,
          evidenceUrl: 'https://x.org/a',
          evidenceCitation: null,
          fact: null,
          overrideReason: null,
        },
        problems: [],
      },
    );
  });

  it('takes a line with a fact and no status (derived), and keeps the fact columns given', () => {
    const result = checkFields(
      line({ ...good, status: '', milestone: 'ratified', count: '', overrideReason: '' }),
      TODAY,
    );
    expect(result.problems).toEqual([]);
    expect(result.values).toMatchObject({ status: null, fact: { milestone: 'ratified' } });
  });

  it('needs a status with an override, and without a fact', () => {
    const [override] = checkFields(
      line({ ...good, status: '', milestone: 'signed', overrideReason: 'Why' }),
      TODAY,
    ).problems;
    expect(override).toMatchObject({ field: 'status', rule: 'isNotEmpty' });
    const [plain] = checkFields(line({ ...good, status: '' }), TODAY).problems;
    expect(plain).toMatchObject({ field: 'status', rule: 'isNotEmpty' });
  });

  it('names the field and rule of every problem, with the line', () => {
    const result = checkFields(
      line({
        ref: '',
        iso3: '',
        status: 'Done',
        assessedOn: '2024-05-02',
        note: 'n'.repeat(4001),
        evidenceUrl: 'javascript:alert(1)',
        evidenceCitation: 'c'.repeat(1001),
      }),
      TODAY,
    );
    expect(result.values).toBeUndefined();
    expect(result.problems.map((p) => [p.line, p.field, p.rule])).toEqual([
      [7, 'ref', 'isNotEmpty'],
      [7, 'iso3', 'isNotEmpty'],
      [7, 'status', 'isIn'],
      [7, 'assessedOn', 'notInFuture'],
      [7, 'note', 'maxLength'],
      [7, 'evidenceUrl', 'isUrl'],
      [7, 'evidenceCitation', 'maxLength'],
    ]);
    expect(result.problems[2].message).toContain('or their labels');
  });

  it('refuses dates that are not real or not written YYYY-MM-DD', () => {
    for (const assessedOn of ['2009-02-29', '30/06/2009', '2009-6-30', '']) {
      const [problem] = checkFields(line({ ...good, assessedOn }), TODAY).problems;
      expect(problem.field).toBe('assessedOn');
      expect(['isIsoDate', 'isNotEmpty']).toContain(problem.rule);
    }
    expect(checkFields(line({ ...good, assessedOn: TODAY }), TODAY).problems).toEqual([]);
  });
});
