import { csvLine } from '../src/transfers/csv-writer.js';
import { readCsvRows } from '../src/transfers/assessment-file.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, csrfOf, type Agent, type TestApp } from './utils/create-test-app.js';
import { assessmentsUrl } from './utils/factories.js';

const CARICC = 'JEW-II.9';
const DLOS = 'JEW-II.4';
const FATF = 'JEW-II.8';
const HEADER = [
  'ref',
  'iso3',
  'status',
  'assessedOn',
  'note',
  'instrument',
  'milestone',
  'count',
  'places',
  'rating',
  'source',
  'overrideReason',
];

interface Change {
  line: number;
  ref: string;
  iso3: string;
  status: string;
  fact: string | null;
  derivedStatus: string | null;
  overrideReason: string | null;
  rederived: { assessedOn: string; status: string }[];
}

/** A CSV file of lines given by column. */
function csv(...lines: Partial<Record<(typeof HEADER)[number], string>>[]): string {
  return [HEADER, ...lines.map((l) => HEADER.map((c) => l[c] ?? ''))].map(csvLine).join('');
}

describe('Imports and exports of facts (milestones, counts, ratings)', () => {
  let t: TestApp;
  let analyst: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    analyst = await t.api(Role.Analyst);
  });
  afterAll(() => t.close());

  const count = async (): Promise<number> => {
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      'SELECT COUNT(*) AS n FROM assessments',
    );
    return Number(n);
  };
  const upload = (text: string, filename = 'facts.csv') =>
    analyst.post('/api/v1/imports').attach('file', Buffer.from(text), filename);
  const statusOf = async (ref: string, iso3: string, asOf?: string) => {
    const res = await analyst
      .get(`/api/v1/recommendations/${ref}/statuses`)
      .query(asOf ? { asOf } : {})
      .expect(200);
    return (
      res.body.statuses as { subject: { code: string }; status: string; basis: string | null }[]
    ).find((r) => r.subject.code === iso3);
  };

  const good = [
    { ref: CARICC, iso3: 'KAZ', assessedOn: '2009-03-01', milestone: 'Signed', note: 'Signed' },
    { ref: CARICC, iso3: 'KAZ', assessedOn: '2011-06-01', milestone: 'ratified' },
    {
      ref: DLOS,
      iso3: 'UZB',
      assessedOn: '2012-01-01',
      count: '3',
      places: 'Kabul; Tashkent; Tehran',
    },
    { ref: FATF, iso3: 'ALB', assessedOn: '2018-07-01', rating: 'PC', source: 'MER 2018' },
    {
      ref: CARICC,
      iso3: 'UZB',
      status: 'implemented',
      assessedOn: '2010-01-01',
      milestone: 'signed',
      overrideReason: 'The agreement is applied in full by decree',
    },
  ];

  it('dry run: shows the fact and the status each line derives, writing nothing', async () => {
    const before = await count();
    const res = await upload(csv(...good)).expect(201);
    expect(res.body.problems).toEqual([]);
    expect(res.body.counts).toMatchObject({ lines: 5, changes: 5, bad: 0 });
    const changes = res.body.changes as Change[];
    expect(
      changes.map((c) => [c.line, c.fact, c.status, c.derivedStatus, c.overrideReason]),
    ).toEqual([
      [2, 'CARICC Agreement: Signed', 'partially_implemented', 'partially_implemented', null],
      [3, 'CARICC Agreement: Ratified', 'mostly_implemented', 'mostly_implemented', null],
      [
        4,
        '3 drug liaison officers placed abroad (target 5): Kabul, Tashkent, Tehran',
        'mostly_implemented',
        'mostly_implemented',
        null,
      ],
      [
        5,
        'FATF technical compliance PC (Partially compliant); source: MER 2018',
        'partially_implemented',
        'partially_implemented',
        null,
      ],
      [
        6,
        'CARICC Agreement: Signed',
        'implemented',
        'partially_implemented',
        'The agreement is applied in full by decree',
      ],
    ]);
    expect(await count()).toBe(before);
  });

  it('names a bad milestone by its column and line; applying is then refused, writing nothing', async () => {
    const before = await count();
    const res = await upload(
      csv(...good, { ref: CARICC, iso3: 'KGZ', assessedOn: '2010-01-01', milestone: 'acceded' }),
    ).expect(201);
    expect(res.body.problems).toEqual([
      expect.objectContaining({ line: 7, field: 'milestone', rule: 'isIn' }),
    ]);
    expect(res.body.problems[0].message).toMatch(/CARICC Agreement has the steps: signed/);
    expect(res.body.counts).toMatchObject({ changes: 5, bad: 1 });
    await analyst.post(`/api/v1/imports/${res.body.id}/apply`).expect(409);
    expect(await count()).toBe(before);
  });

  it('names the other problems of facts by column too: a fact on a graded recommendation, an override without a reason', async () => {
    const res = await upload(
      csv(
        { ref: 'JEW-II.2', iso3: 'KAZ', assessedOn: '2010-01-01', milestone: 'signed' },
        { ref: DLOS, iso3: 'KAZ', assessedOn: '2010-01-01', count: 'three' },
        { ref: FATF, iso3: 'ALB', assessedOn: '2010-01-01', rating: 'LC' },
        {
          ref: CARICC,
          iso3: 'KGZ',
          status: 'implemented',
          assessedOn: '2010-01-01',
          milestone: 'signed',
        },
      ),
    ).expect(201);
    expect(
      (res.body.problems as { line: number; field: string; rule: string }[]).map(
        (p) => `${p.line} ${p.field} ${p.rule}`,
      ),
    ).toEqual([
      '2 milestone graded',
      '3 count isInt',
      '4 source isDefined',
      '5 overrideReason required',
    ]);
  });

  it('refuses a status without a fact or a reason on a measured recommendation, naming the fact column', async () => {
    const res = await upload(
      csv(
        { ref: CARICC, iso3: 'KGZ', status: 'mostly_implemented', assessedOn: '2010-01-01' },
        { ref: DLOS, iso3: 'KGZ', status: 'implemented', assessedOn: '2010-01-01' },
        { ref: FATF, iso3: 'KGZ', status: 'implemented', assessedOn: '2010-01-01' },
        {
          ref: CARICC,
          iso3: 'TJK',
          status: 'mostly_implemented',
          assessedOn: '2010-01-01',
          overrideReason: 'Ratified by decree, not yet deposited',
        },
        { ref: 'JEW-II.2', iso3: 'KGZ', status: 'implemented', assessedOn: '2010-01-01' },
      ),
    ).expect(201);
    expect(res.body.problems).toEqual([
      {
        line: 2,
        field: 'milestone',
        rule: 'factRequired',
        message:
          'milestone: JEW-II.9 is measured by milestones: record the milestone reached, or give a reason to set the status by hand',
      },
      expect.objectContaining({ line: 3, field: 'count', rule: 'factRequired' }),
      expect.objectContaining({ line: 4, field: 'rating', rule: 'factRequired' }),
    ]);
    // The override (a reason) and the graded recommendation's status are good lines.
    expect((res.body.changes as Change[]).map((c) => [c.line, c.status, c.overrideReason])).toEqual(
      [
        [5, 'mostly_implemented', 'Ratified by decree, not yet deposited'],
        [6, 'implemented', null],
      ],
    );
    await analyst.post(`/api/v1/imports/${res.body.id as number}/apply`).expect(409);
  });

  it('applies all of it at once; the statuses are derived now and as of an earlier date', async () => {
    const before = await count();
    const dry = await upload(csv(...good)).expect(201);
    const applied = await analyst.post(`/api/v1/imports/${dry.body.id}/apply`).expect(200);
    expect(applied.body).toMatchObject({ status: 'applied', counts: { written: 5 } });
    expect(await count()).toBe(before + 5);

    expect(await statusOf(CARICC, 'KAZ')).toMatchObject({
      status: 'mostly_implemented',
      basis: 'derived',
    });
    expect(await statusOf(CARICC, 'KAZ', '2010-12-31')).toMatchObject({
      status: 'partially_implemented',
    });
    expect(await statusOf(CARICC, 'KAZ', '2009-02-28')).toMatchObject({
      status: 'no_information',
    });
    expect(await statusOf(DLOS, 'UZB')).toMatchObject({ status: 'mostly_implemented' });
    expect(await statusOf(FATF, 'ALB')).toMatchObject({ status: 'partially_implemented' });
    expect(await statusOf(CARICC, 'UZB')).toMatchObject({
      status: 'implemented',
      basis: 'override',
    });
    const history = await analyst.get(assessmentsUrl(CARICC, 'KAZ')).expect(200);
    expect(history.body.assessments[0]).toMatchObject({
      fact: { kind: 'milestones', instrument: 'caricc-agreement', milestone: 'ratified' },
      derivedStatus: 'mostly_implemented',
    });
  });

  it('re-derives the later statuses a back-dated fact moves, and says so in the dry run', async () => {
    // The three conventions: the least advanced decides, so a back-dated step of the third moves
    // the statuses derived after it.
    const before = await count();
    const setUp = await upload(
      csv(
        {
          ref: 'JEW-II.1',
          iso3: 'TJK',
          assessedOn: '2000-01-01',
          instrument: 'single-convention-1961',
          milestone: 'in-force',
        },
        {
          ref: 'JEW-II.1',
          iso3: 'TJK',
          assessedOn: '2001-01-01',
          instrument: 'psychotropic-convention-1971',
          milestone: 'in-force',
        },
      ),
    ).expect(201);
    await analyst.post(`/api/v1/imports/${setUp.body.id}/apply`).expect(200);
    const back = await upload(
      csv({
        ref: 'JEW-II.1',
        iso3: 'TJK',
        assessedOn: '1999-06-01',
        instrument: 'trafficking-convention-1988',
        milestone: 'signed',
      }),
    ).expect(201);
    const [change] = back.body.changes as Change[];
    expect(change.status).toBe('not_implemented');
    // On 2000-01-01 the 1971 convention has no step yet (not implemented either way); on
    // 2001-01-01 the signed 1988 convention is the least advanced: partially implemented.
    expect(change.rederived).toEqual([
      expect.objectContaining({ assessedOn: '2001-01-01', status: 'partially_implemented' }),
    ]);
    const applied = await analyst.post(`/api/v1/imports/${back.body.id}/apply`).expect(200);
    expect(applied.body.counts.written).toBe(2);
    expect(await count()).toBe(before + 4);
    expect(await statusOf('JEW-II.1', 'TJK')).toMatchObject({
      status: 'partially_implemented',
      basis: 'rederived',
    });
  });

  it('exports the facts in their columns, and the export imports again unchanged', async () => {
    const text = (await analyst.get('/api/v1/exports/history.csv').expect(200)).text;
    const [header, ...rows] = readCsvRows(text, 'history.csv');
    const col = (name: string) => header.cells.indexOf(name);
    const kazRatified = rows.find(
      (r) =>
        r.cells[col('ref')] === CARICC &&
        r.cells[col('iso3')] === 'KAZ' &&
        r.cells[col('assessedOn')] === '2011-06-01',
    );
    expect(kazRatified?.cells[col('instrument')]).toBe('caricc-agreement');
    expect(kazRatified?.cells[col('milestone')]).toBe('ratified');
    const uzbDlos = rows.find(
      (r) => r.cells[col('ref')] === DLOS && r.cells[col('iso3')] === 'UZB',
    );
    expect(uzbDlos?.cells[col('count')]).toBe('3');
    expect(uzbDlos?.cells[col('places')]).toBe('Kabul; Tashkent; Tehran');
    const override = rows.find(
      (r) => r.cells[col('ref')] === CARICC && r.cells[col('iso3')] === 'UZB',
    );
    expect(override?.cells[col('overrideReason')]).toBe(
      'The agreement is applied in full by decree',
    );

    const before = await count();
    const again = await upload(text, 'history.csv').expect(201);
    expect(again.body.problems).toEqual([]);
    expect(again.body.counts).toMatchObject({ lines: before, changes: 0, unchanged: before });
  });

  it('shows the fact and the derived status in the page of the dry run', async () => {
    await t.user('facts-analyst', Role.Analyst, ['KAZ']);
    const agent = await t.signIn('facts-analyst');
    const form = await agent.get('/imports/new').expect(200);
    expect(form.text).toContain('<code>milestone</code>');
    expect(form.text).toContain('<code>overrideReason</code>');
    const res = await agent
      .post('/imports')
      .field('_csrf', csrfOf(form.text))
      .attach(
        'file',
        Buffer.from(
          csv({ ref: CARICC, iso3: 'KAZ', assessedOn: '2012-01-15', milestone: 'in force' }),
        ),
        'facts.csv',
      )
      .expect(200);
    expect(res.text).toContain('CARICC Agreement: In force');
    expect(res.text).toContain('derived from the facts');
  });
});
