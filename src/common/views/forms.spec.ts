import {
  ASSESSMENT_FIELD_LABELS,
  defaultAsOf,
  formErrors,
  pageMessage,
  rememberRecord,
  takeConfirmation,
  matrixReturnTo,
} from './forms.js';

const labels = ASSESSMENT_FIELD_LABELS;

describe('pageMessage', () => {
  it('names a field by its label on a page', () => {
    expect(
      pageMessage(
        {
          field: 'assessedOn',
          rule: 'notInFuture',
          message: 'assessedOn must not be in the future',
        },
        labels,
      ),
    ).toBe('Date the facts refer to must not be in the future');
    expect(
      pageMessage(
        { field: 'evidenceUrl', rule: 'isUrl', message: 'evidenceUrl must be an http(s) URL' },
        labels,
      ),
    ).toBe('Evidence link must be an http(s) URL');
    expect(
      pageMessage(
        { field: 'states', rule: 'arrayNotEmpty', message: 'states: choose at least one State' },
        labels,
      ),
    ).toBe('Choose at least one State');
  });

  it('asks for a choice where no status was chosen', () => {
    expect(
      pageMessage(
        { field: 'status', rule: 'isIn', message: 'status must be one of: a, b' },
        labels,
      ),
    ).toBe('Choose a status');
  });

  it('keeps the message of a field without a label, and of the form as a whole', () => {
    const p = { field: 'other', rule: 'x', message: 'other is wrong' };
    expect(pageMessage(p, labels)).toBe('other is wrong');
    expect(pageMessage({ field: '', rule: 'stale', message: 'Someone else…' }, labels)).toBe(
      'Someone else…',
    );
    expect(pageMessage({ field: 'note', rule: 'x', message: 'Too long' }, labels)).toBe('Too long');
  });
});

describe('formErrors', () => {
  it('gives each field its first message, labelled, and the list for the summary', () => {
    const errors = formErrors(
      [
        { field: 'assessedOn', rule: 'isIsoDate', message: 'assessedOn must be a real date' },
        {
          field: 'assessedOn',
          rule: 'notInFuture',
          message: 'assessedOn must not be in the future',
        },
        { field: 'note', rule: 'maxLength', message: 'note must be shorter' },
      ],
      labels,
    );
    expect(errors.byField).toEqual({
      assessedOn: 'Date the facts refer to must be a real date',
      note: 'Note must be shorter',
    });
    expect(errors.all).toHaveLength(3);
    expect(errors.list[2]).toEqual({ field: 'note', message: 'Note must be shorter' });
  });

  it('keeps field names when no labels are given', () => {
    const errors = formErrors([{ field: 'username', rule: 'x', message: 'username is taken' }]);
    expect(errors.all).toEqual(['username is taken']);
  });
});

describe('the remembered date and the confirmation', () => {
  it('starts a form with the last date this user entered, else the fallback', () => {
    const session = {} as Parameters<typeof rememberRecord>[0] & object;
    expect(defaultAsOf(session, '2026-01-10')).toBe('2026-01-10');
    rememberRecord(session, '2009-06-30');
    expect(defaultAsOf(session, '2026-01-10')).toBe('2009-06-30');
    expect(defaultAsOf(undefined, '2026-01-10')).toBe('2026-01-10');
  });

  it('shows a confirmation once, on the page it belongs to', () => {
    const session = {} as Parameters<typeof rememberRecord>[0] & object;
    rememberRecord(session, '2009-06-30', {
      page: 'recommendation',
      ref: 'JEW-II.9',
      iso3: 'KAZ',
      text: 'Recorded',
    });
    expect(takeConfirmation(session, { page: 'state', iso3: 'KAZ' })).toBeNull();
    expect(takeConfirmation(session, { page: 'recommendation', ref: 'JEW-II.8' })).toBeNull();
    expect(takeConfirmation(session, { page: 'recommendation', ref: 'JEW-II.9' })).toMatchObject({
      iso3: 'KAZ',
    });
    expect(takeConfirmation(session, { page: 'recommendation', ref: 'JEW-II.9' })).toBeNull();
  });

  it('goes back only to the matrix of this site, with its query and a cell', () => {
    expect(matrixReturnTo('/matrix?event=jew&region=central-asia#cell-JEW-II.9-KAZ')).toBe(
      '/matrix?event=jew&region=central-asia#cell-JEW-II.9-KAZ',
    );
    expect(matrixReturnTo('/matrix')).toBe('/matrix');
    for (const bad of [
      'https://evil.example/matrix',
      '//evil.example/matrix',
      '/\\evil.example/matrix',
      '/matrix/../logout',
      '/matrixes',
      '/matrix#x" onmouseover="y',
      'javascript:alert(1)',
      '/recommendations',
      42,
      undefined,
    ]) {
      expect([bad, matrixReturnTo(bad)]).toEqual([bad, null]);
    }
  });
});
