import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';
import { byHandFor, recordAssessment } from './utils/factories.js';

const CARICC = 'JEW-II.9';
const FATF = 'JEW-II.8';
const DLO = 'JEW-II.4';
const FROM = '2009-12-31';
const TO = '2010-12-31';
const SECRET = 'Secret: the minister hesitates';

const text = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, ' ');

/** The HTML of the section with this id, up to its end. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id='${id}'`);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
}

/**
 * "REF Name" of every move listed in a section of the period report: the ref once over its
 * States, in the row that heads each recommendation's group.
 */
function movesIn(html: string): string[] {
  return html
    .split("<tr class='move-group'>")
    .slice(1)
    .flatMap((group) => {
      const ref = /<span class='ref'>([^<]+)<\/span>/.exec(group)?.[1];
      return [...group.matchAll(/<span class='move-name'>([^<]+)<\/span>/g)].map(
        (m) => `${ref} ${m[1]}`,
      );
    })
    .sort();
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** The figures table row of the progress index as the reports print it. */
function progressRow(now: { progressIndex: number }, before: { progressIndex: number }): RegExp {
  const pts = Math.round(now.progressIndex * 100) - Math.round(before.progressIndex * 100);
  const change = pts === 0 ? '±0' : `${pts > 0 ? '\\+' : '−'}${Math.abs(pts)}`;
  return new RegExp(
    `Progress index ${pct(now.progressIndex)} ${pct(before.progressIndex)} ${change} pts`,
  );
}

describe('Recommendation report and period report', () => {
  let t: TestApp;
  let admin: Agent;
  let viewer: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.api(Role.Admin);
    const write = async (
      ref: string,
      iso3: string,
      status: string,
      assessedOn: string,
      extra: Record<string, string> = {},
    ): Promise<void> => {
      const res = await recordAssessment(admin, ref, iso3, {
        status,
        assessedOn,
        note: `${ref} ${iso3} ${status} on ${assessedOn}`,
        ...byHandFor(ref),
        ...extra,
      });
      expect(res.status).toBe(201);
    };
    // Moved up in the period.
    await write(CARICC, 'KAZ', 'partially_implemented', '2009-03-01');
    await write(CARICC, 'KAZ', 'implemented', '2010-05-01', {
      internalNote: SECRET,
      evidenceUrl: 'https://example.org/caricc-ratification',
    });
    // After the period and after the recommendation report's date: never printed by them.
    await write(CARICC, 'KAZ', 'mostly_implemented', '2011-03-01', {
      note: 'Later than the report',
    });
    // Moved down.
    await write(CARICC, 'KGZ', 'implemented', '2009-06-01');
    await write(CARICC, 'KGZ', 'not_implemented', '2010-04-01', {
      note: 'Ratification withdrawn',
    });
    // From no information: another change.
    await write(CARICC, 'UZB', 'partially_implemented', '2010-02-01');
    // Unmoved, not assessed in the period.
    await write(CARICC, 'TJK', 'not_applicable', '2009-01-01');
    // To not applicable: another change.
    await write(FATF, 'TJK', 'not_implemented', '2009-01-01');
    await write(FATF, 'TJK', 'not_applicable', '2010-07-01');
    // Assessed in the period, same status: not a move.
    await write(FATF, 'KAZ', 'mostly_implemented', '2009-05-01');
    await write(FATF, 'KAZ', 'mostly_implemented', '2010-06-01');
    // Moved and came back within the period: not a move.
    await write(FATF, 'KGZ', 'partially_implemented', '2009-02-01');
    await write(FATF, 'KGZ', 'implemented', '2010-03-01');
    await write(FATF, 'KGZ', 'partially_implemented', '2010-09-01');
    // Moved before the period.
    await write(FATF, 'UZB', 'not_implemented', '2008-06-01');
    await write(FATF, 'UZB', 'partially_implemented', '2009-06-01');
    // Moved after the period.
    await write(FATF, 'TKM', 'not_implemented', '2009-03-01');
    await write(FATF, 'TKM', 'implemented', '2011-02-01');
    // Moved on the first day (excluded): not a move in the period.
    await write(DLO, 'KAZ', 'not_implemented', '2009-01-01');
    await write(DLO, 'KAZ', 'partially_implemented', FROM);
    // Moved on the last day (included): up.
    await write(DLO, 'KGZ', 'not_implemented', '2009-01-01');
    await write(DLO, 'KGZ', 'mostly_implemented', TO);
    // Back-dated: recorded after a newer one, yet in force at the end of the period.
    await write(DLO, 'UZB', 'implemented', '2011-01-15');
    await write(DLO, 'UZB', 'not_implemented', '2010-06-01');
    await t.user('printer', Role.Viewer);
    viewer = await t.signIn('printer');
  });
  afterAll(() => t.close());

  const page = async (url: string, query: Record<string, string>): Promise<string> =>
    (await viewer.get(url).query(query).expect(200)).text;
  const progressApi = async (query: Record<string, string>) =>
    (await admin.get('/api/v1/progress').query(query).expect(200)).body as {
      progressIndex: number;
      implementationRate: number;
      coverage: number;
    };

  describe('recommendation report', () => {
    const report = (query: Record<string, string> = {}): Promise<string> =>
      page(`/reports/recommendations/${CARICC}`, { asOf: TO, compareWith: FROM, ...query });

    it('prints the figures of the progress API at both dates, and their change', async () => {
      const html = text(await report());
      const at = async (asOf: string) =>
        (
          (await admin.get(`/api/v1/recommendations/${CARICC}`).query({ asOf }).expect(200))
            .body as { progress: { progressIndex: number; implementationRate: number } }
        ).progress;
      const now = await at(TO);
      const before = await at(FROM);
      expect(now.progressIndex).not.toBe(before.progressIndex);
      expect(html).toMatch(progressRow(now, before));
      expect(html).toMatch(
        new RegExp(
          `Implementation rate ${pct(now.implementationRate)} ${pct(before.implementationRate)}`,
        ),
      );
      expect(html).toContain(`Recommendation report ${CARICC}`);
      expect(html).toContain(`Status as of ${TO}`);
    });

    it("lists every assessment of a State up to the report's date, oldest first, and none after", async () => {
      const html = await report();
      const kaz = text(
        html.slice(
          html.indexOf("id='pair-KAZ'"),
          html.indexOf('</article>', html.indexOf("id='pair-KAZ'")),
        ),
      );
      expect(kaz).toMatch(
        /Kazakhstan KAZ As of 2010-12-31: C Implemented \(assessed on 2010-05-01\).*2009-03-01 PC Partially implemented .*2010-05-01 C Implemented in force/,
      );
      expect(kaz).toContain('https://example.org/caricc-ratification');
      expect(html).not.toContain('Later than the report');
      expect(html).not.toContain('2011-03-01');
      // States never assessed are named together, not given an empty history each.
      const histories = text(section(html, 'histories'));
      expect(histories).toMatch(
        /No assessment recorded up to 2010-12-31 \(\d+ States\): Albania, /,
      );
      expect(histories).not.toContain('Albania ALB');
      // Moving the date forward brings the later assessment in.
      const later = await page(`/reports/recommendations/${CARICC}`, { asOf: '2011-12-31' });
      expect(later).toContain('Later than the report');
    });

    it('pictures the pairs by status at the end of each year, from the year before the first assessment', async () => {
      const html = await report();
      const desc = /<desc id="timeline-history-desc">([^<]*)<\/desc>/.exec(html)?.[1] ?? '';
      expect(desc).toMatch(/^2008: No information \(–\): (\d+); \1 in all\. 2009: /);
      expect(desc).toMatch(
        /2009: No information \(–\): \d+; Partially implemented \(PC\): 1; Implemented \(C\): 1; Not applicable \(N\/A\): 1; \d+ in all\. 2010: /,
      );
      expect(desc).toMatch(
        /2010: No information \(–\): \d+; Not implemented \(NC\): 1; Partially implemented \(PC\): 1; Implemented \(C\): 1; Not applicable \(N\/A\): 1; \d+ in all\.$/,
      );
    });

    it('the public edition has no internal note and no author; the internal one has both', async () => {
      const internal = await report();
      expect(internal).toContain(SECRET);
      expect(internal).toMatch(/test admin \d+/);
      const published = await report({ edition: 'public' });
      expect(published).not.toContain(SECRET);
      expect(published).not.toMatch(/test admin/);
      expect(published).not.toContain("class='col-author");
      expect(text(published)).toContain(`Public edition · As of ${TO}`);
    });

    it('answers 404 for an unknown ref', async () => {
      await viewer.get('/reports/recommendations/NO-SUCH.1').set('Accept', 'text/html').expect(404);
    });
  });

  describe('period report', () => {
    const report = (query: Record<string, string> = {}): Promise<string> =>
      page('/reports/period', { from: FROM, to: TO, ...query });

    it('lists exactly the pairs whose status moved, grouped up, down and other', async () => {
      const html = await report();
      expect(movesIn(section(html, 'moves-up'))).toEqual(
        [`${CARICC} Kazakhstan`, `${DLO} Kyrgyzstan`].sort(),
      );
      expect(movesIn(section(html, 'moves-down'))).toEqual([`${CARICC} Kyrgyzstan`]);
      expect(movesIn(section(html, 'moves-other'))).toEqual(
        [`${DLO} Uzbekistan`, `${FATF} Tajikistan`, `${CARICC} Uzbekistan`].sort(),
      );
      expect((html.match(/<tr class='move'>/g) ?? []).length).toBe(6);
      // Reconfirmed, and moved and returned: apart, not as moves.
      const unchanged = text(section(html, 'unchanged'));
      expect(unchanged).toMatch(
        new RegExp(
          `${FATF.replace('.', '\\.')} [^(]+\\(2\\) Kazakhstan LC Mostly implemented 1 Kyrgyzstan PC Partially implemented 2`,
        ),
      );
      expect(unchanged).not.toContain('Uzbekistan');
      expect(unchanged).not.toContain('Turkmenistan');
      expect(text(section(html, 'summary'))).toContain(
        '6 had a different status on 2010-12-31 from the one they had on 2009-12-31: 2 moved up the scale, 1 moved down and 3 changed otherwise',
      );
    });

    it('prints, with each move, the assessments dated in the period and only those', async () => {
      const html = await report();
      const up = text(section(html, 'moves-up'));
      // The ref heads its States' rows, once.
      expect(up).toMatch(
        /JEW-II\.9 Sign the CARICC Agreement \(1\) Kazakhstan PC Partially implemented C Implemented 2010-05-01 · Implemented · in force JEW-II\.9 KAZ implemented on 2010-05-01/,
      );
      expect(up.match(/JEW-II\.9 Sign/g)).toHaveLength(1);
      expect(up).not.toContain('2009-03-01');
      expect(up).toContain('2010-12-31 · Mostly implemented');
      const other = text(section(html, 'moves-other'));
      expect(other).toMatch(
        /JEW-II\.4 .*? \(1\) Uzbekistan – No information NC Not implemented 2010-06-01/,
      );
      expect(other).not.toContain('2011-01-15');
    });

    it('prints the figures of the progress API at both dates, with and without filters', async () => {
      const filters: Record<string, string>[] = [
        {},
        { theme: 'information-sharing' },
        { event: 'joint-expert-workshop-illicit-drugs' },
      ];
      for (const filter of filters) {
        const html = text(await report(filter));
        const now = await progressApi({ ...filter, asOf: TO });
        const before = await progressApi({ ...filter, asOf: FROM });
        expect(html).toMatch(progressRow(now, before));
        expect(html).toMatch(new RegExp(`Coverage ${pct(now.coverage)} ${pct(before.coverage)}`));
      }
      // The theme filter keeps the moves of its recommendations only.
      const themed = await report({ theme: 'information-sharing' });
      expect(movesIn(themed)).toEqual([
        `${CARICC} Kazakhstan`,
        `${CARICC} Kyrgyzstan`,
        `${CARICC} Uzbekistan`,
      ]);
    });

    it('the public edition has no internal note and no author', async () => {
      expect(await report()).toContain(SECRET);
      const published = await report({ edition: 'public' });
      expect(published).not.toContain(SECRET);
      expect(published).not.toMatch(/test admin/);
      expect(published).not.toContain("class='author'");
    });

    it('answers 400 naming the field for bad dates and filters', async () => {
      const bad = async (query: Record<string, string>, message: string): Promise<void> => {
        const res = await viewer
          .get('/reports/period')
          .set('Accept', 'text/html')
          .query(query)
          .expect(400);
        expect(res.text).toContain(message);
      };
      await bad({ from: TO, to: FROM }, 'from must be before to');
      await bad({ from: TO, to: TO }, 'from must be before to');
      await bad({ from: '2010-02-30' }, 'from must be a real date written YYYY-MM-DD');
      await bad({ to: '31/12/2010' }, 'to must be a real date written YYYY-MM-DD');
      await bad({ to: '2999-01-01' }, 'to must not be in the future');
      await bad({ from: '2999-01-01' }, 'from must be before to');
      await bad({ theme: 'no-such-theme' }, 'theme: no theme');
      const json = await viewer.get('/reports/period').query({ from: TO, to: FROM }).expect(400);
      expect(json.body.errors).toEqual([
        expect.objectContaining({ field: 'from', message: 'from must be before to' }),
      ]);
    });

    it('defaults to the year up to today', async () => {
      const html = text(await report({ from: '', to: '' }));
      const today = new Date().toISOString().slice(0, 10);
      const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`.replace(
        '-02-29',
        '-02-28',
      );
      expect(html).toContain(`What changed from ${yearAgo} to ${today}`);
    });
  });
});
