import { type DatedJudgement, displacesCurrent, judgementAsOf, statusAsOf } from './as-of.js';
import { ImplementationStatus as S } from './implementation-status.enum.js';

const j = (id: number, assessedOn: string, status: S): DatedJudgement => ({
  id,
  assessedOn,
  status,
});

describe('judgementAsOf / statusAsOf', () => {
  const history = [
    j(1, '2020-01-10', S.NotImplemented),
    j(2, '2021-06-01', S.PartiallyImplemented),
    j(3, '2023-03-15', S.Implemented),
  ];

  it('takes the latest judgement on or before the date', () => {
    expect(judgementAsOf(history, '2022-12-31')?.id).toBe(2);
    expect(statusAsOf(history, '2022-12-31')).toBe(S.PartiallyImplemented);
    expect(statusAsOf(history, '2030-01-01')).toBe(S.Implemented);
  });

  it('includes a judgement assessed on the date itself', () => {
    expect(statusAsOf(history, '2023-03-15')).toBe(S.Implemented);
    expect(statusAsOf(history, '2023-03-14')).toBe(S.PartiallyImplemented);
  });

  it('does not depend on the order of the list', () => {
    expect(statusAsOf([...history].reverse(), '2022-12-31')).toBe(S.PartiallyImplemented);
  });

  it('breaks a tie on the same date by the one recorded later (higher id)', () => {
    const sameDay = [j(8, '2022-05-05', S.Implemented), j(5, '2022-05-05', S.NotImplemented)];
    expect(judgementAsOf(sameDay, '2022-05-05')?.id).toBe(8);
    expect(statusAsOf(sameDay, '2022-05-05')).toBe(S.Implemented);
    expect(statusAsOf([...sameDay].reverse(), '2022-05-05')).toBe(S.Implemented);
  });

  it('gives no information when nothing was assessed by the date', () => {
    expect(judgementAsOf(history, '2020-01-09')).toBeUndefined();
    expect(statusAsOf(history, '2020-01-09')).toBe(S.NoInformation);
    expect(statusAsOf([], '2024-01-01')).toBe(S.NoInformation);
  });
});

describe('displacesCurrent', () => {
  const current = j(10, '2023-06-01', S.MostlyImplemented);

  it('does not let a back-dated judgement displace a newer one', () => {
    expect(displacesCurrent(j(11, '2023-01-01', S.NotImplemented), current)).toBe(false);
  });

  it('lets a later-dated judgement displace the current one', () => {
    expect(displacesCurrent(j(11, '2023-06-02', S.Implemented), current)).toBe(true);
  });

  it('lets a judgement of the same date recorded later displace the current one', () => {
    expect(displacesCurrent(j(11, '2023-06-01', S.Implemented), current)).toBe(true);
  });

  it('does not let a same-date judgement with a lower id displace the current one', () => {
    expect(displacesCurrent(j(9, '2023-06-01', S.Implemented), current)).toBe(false);
  });

  it('displaces when there is no current judgement', () => {
    expect(displacesCurrent(j(1, '2000-01-01', S.NotImplemented))).toBe(true);
    expect(displacesCurrent(j(1, '2000-01-01', S.NotImplemented), undefined)).toBe(true);
  });
});
