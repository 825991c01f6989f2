import type { Agent, TestApp } from './utils/create-test-app.js';
import {
  CARICC,
  DLO,
  JEW,
  NATIONAL,
  pct,
  SEE,
  SEE_EVENT,
  stateReportFixture,
  text,
  THEME,
  type Figures,
} from './utils/state-report-fixture.js';

const AS_OF = '2010-12-31';
const BEFORE = '2009-12-31';

/** The part of a page from an element's id to the end of its element kind. */
const part = (html: string, id: string, end: string): string => {
  const start = html.indexOf(`id='${id}'`);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf(end, start));
};

/** The numbered section (an event) that holds a recommendation's entry. */
const sectionOf = (html: string, ref: string): string => {
  const at = html.indexOf(`id='rec-${ref}'`);
  expect(at).toBeGreaterThan(-1);
  return html.slice(html.lastIndexOf("<section id='section-", at), html.indexOf('</section>', at));
};

describe('State report and theme report', () => {
  let t: TestApp;
  let admin: Agent;
  let viewer: Agent;

  beforeAll(async () => {
    const fixture = await stateReportFixture();
    ({ t, admin } = fixture);
    const { write } = fixture;
    await write(CARICC, 'KAZ', 'partially_implemented', '2009-03-01');
    await write(CARICC, 'KAZ', 'implemented', '2010-05-01', {
      note: 'Ratification deposited in May',
      evidenceUrl: 'https://example.org/caricc/kaz',
      evidenceCitation: 'Law No. 123-IV',
      internalNote: 'Secret: the desk officer doubts the date',
    });
    await write(DLO, 'KAZ', 'mostly_implemented', '2009-06-01');
    await write(DLO, 'KAZ', 'not_implemented', '2010-04-01', { note: 'Officers recalled' });
    await write(SEE, 'KAZ', 'mostly_implemented', '2010-02-01');
    await write(NATIONAL, 'KAZ', 'partially_implemented', '2009-05-01');
    await write(NATIONAL, 'KAZ', 'not_applicable', '2010-06-01');
    await write(SEE, 'ALB', 'implemented', '2009-11-01');
    await write(SEE, 'KGZ', 'not_implemented', '2010-03-01');
    await write(CARICC, 'KGZ', 'implemented', '2009-06-01');
    await write(CARICC, 'KGZ', 'not_implemented', '2010-04-01');
    await write(CARICC, 'TJK', 'not_applicable', '2009-01-01');
    await write(DLO, 'UZB', 'partially_implemented', '2010-01-15');
    viewer = await fixture.viewer();
  });
  afterAll(() => t.close());

  const progress = async (query: Record<string, string>): Promise<Figures> =>
    (await admin.get('/api/v1/progress').query(query).expect(200)).body as Figures;

  const stateReport = async (query: Record<string, string> = {}): Promise<string> =>
    (
      await viewer
        .get('/reports/states/KAZ')
        .query({ asOf: AS_OF, compareWith: BEFORE, ...query })
        .expect(200)
    ).text;

  /** The row of the "Figure / asOf / compareWith / Change" table for a figure, as text. */
  const figureRow = (now: Figures, before: Figures, key: keyof Figures, label: string) => {
    const a = now[key];
    const b = before[key];
    if (a === null || b === null) return `${label} ${pct(a)} ${pct(b)} –`;
    const pts = Math.round(a * 100) - Math.round(b * 100);
    const change = pts === 0 ? '±0 pts' : `${pts > 0 ? '+' : '−'}${Math.abs(pts)} pts`;
    return `${label} ${pct(a)} ${pct(b)} ${change}`;
  };

  describe('State report', () => {
    it('prints the State’s figures of the progress API at both dates, and their change', async () => {
      const html = text(await stateReport());
      const now = await progress({ state: 'KAZ', asOf: AS_OF });
      const before = await progress({ state: 'KAZ', asOf: BEFORE });
      expect(now.progressIndex).not.toBe(before.progressIndex);
      expect(html).toContain(figureRow(now, before, 'implementationRate', 'Implementation rate'));
      expect(html).toContain(figureRow(now, before, 'progressIndex', 'Progress index'));
      expect(html).toContain(figureRow(now, before, 'coverage', 'Coverage'));
      expect(html).toContain(`As of ${AS_OF}`);
      expect(html).toMatch(/State report .*Kazakhstan/);
    });

    it('sets the State against the average of all States, as worked out from the API', async () => {
      const html = await stateReport();
      const states = (await admin.get('/api/v1/states').expect(200)).body as { iso3: string }[];
      /** Mean over States of each State's figure from the API, States without one left out. */
      const average = async (filter: Record<string, string>) => {
        const all = await Promise.all(
          states.map((s) => progress({ state: s.iso3, asOf: AS_OF, ...filter })),
        );
        const mean = (key: keyof Figures) => {
          const values = all.map((f) => f[key]).filter((v): v is number => v !== null);
          return { value: values.reduce((a, b) => a + b, 0) / values.length, n: values.length };
        };
        return {
          implementationRate: mean('implementationRate'),
          progressIndex: mean('progressIndex'),
          coverage: mean('coverage'),
        };
      };

      // Overall: KAZ is tracked for every recommendation any State is tracked for.
      const overall = await average({});
      const own = await progress({ state: 'KAZ', asOf: AS_OF });
      const summary = text(part(html, 'average', '</table>'));
      for (const [key, label] of [
        ['implementationRate', 'Implementation rate'],
        ['progressIndex', 'Progress index'],
        ['coverage', 'Coverage'],
      ] as const) {
        const avg = overall[key];
        expect(summary).toContain(`${label} ${pct(own[key])} ${pct(avg.value)} (${avg.n} States)`);
      }
      // Only the States with information count towards the rate: here a handful, not all 57.
      expect(overall.progressIndex.n).toBeLessThan(10);
      // Coverage is defined for every State tracked: the participating States, not the Partners.
      expect(overall.coverage.n).toBe(57);
      expect(text(html)).toContain('57 States are tracked for these recommendations');
      expect(text(html)).toContain(
        'Average of all States: each figure is worked out for every State',
      );

      // Per event: the Sarajevo recommendation is tracked for three States only.
      const see = await average({ event: SEE_EVENT });
      expect(see.progressIndex.n).toBe(3);
      const seeOwn = await progress({ state: 'KAZ', event: SEE_EVENT, asOf: AS_OF });
      const section = text(sectionOf(html, SEE));
      expect(section).toContain(
        `Kazakhstan: implementation rate ${pct(seeOwn.implementationRate)} (average of all States ${pct(see.implementationRate.value)}) · progress index ${pct(seeOwn.progressIndex)} (average ${pct(see.progressIndex.value)}) · coverage ${pct(seeOwn.coverage)} (average ${pct(see.coverage.value)})`,
      );

      // Per theme, in the summary table and the chart's description.
      const theme = await average({ theme: THEME });
      const themeOwn = await progress({ state: 'KAZ', theme: THEME, asOf: AS_OF });
      expect(text(html)).toContain(
        `Regional information sharing and intelligence exchange 3 ${pct(themeOwn.implementationRate)} ${pct(theme.implementationRate.value)} ${pct(themeOwn.progressIndex)} ${pct(theme.progressIndex.value)} ${pct(themeOwn.coverage)} ${pct(theme.coverage.value)}`,
      );
      expect(html).toContain(
        `Regional information sharing and intelligence exchange: Kazakhstan ${pct(themeOwn.progressIndex)}, Average of all States ${pct(theme.progressIndex.value)}.`,
      );
    });

    it('lists every recommendation in scope by event, with the status, note and evidence in force', async () => {
      const html = await stateReport();
      const recs = (
        await admin.get('/api/v1/states/KAZ/statuses').query({ asOf: AS_OF }).expect(200)
      ).body as { statuses: { items: { recommendation: string }[] } };
      const articles = html.match(/<article id='rec-[^']+' class='state-rec'>/g) ?? [];
      expect(articles).toHaveLength(recs.statuses.items.length);
      // A numbered section per event, in the order of the events list.
      const events = (
        (await admin.get('/api/v1/events').expect(200)).body as { items: { slug: string }[] }
      ).items;
      const order = events.map((e) => e.slug).filter((slug) => [SEE_EVENT, JEW].includes(slug));
      const number = (slug: string) => String(3 + order.indexOf(slug));
      expect(part(html, `section-${number(SEE_EVENT)}`, '</section>')).toContain(`id='rec-${SEE}'`);
      expect(part(html, `section-${number(JEW)}`, '</section>')).toContain(`id='rec-${CARICC}'`);
      expect(part(html, `section-${number(JEW)}`, '</section>')).not.toContain(`id='rec-${SEE}'`);

      const caricc = text(part(html, `rec-${CARICC}`, '</article>'));
      expect(caricc).toContain('Implemented, as assessed on 2010-05-01');
      expect(caricc).toContain('moved up from Partially implemented');
      expect(caricc).toContain('Note Ratification deposited in May');
      expect(caricc).toContain('Evidence https://example.org/caricc/kaz');
      expect(caricc).toContain('Citation Law No. 123-IV');
      expect(caricc).toContain('Themes Regional information sharing and intelligence exchange');
      expect(part(html, `rec-${CARICC}`, '</article>')).toContain(
        "href='https://example.org/caricc/kaz'",
      );
      // As of the comparison date the note recorded later is not in force yet.
      const earlier = text(
        part(
          await stateReport({ asOf: BEFORE, compareWith: '2009-01-01' }),
          `rec-${CARICC}`,
          '</article>',
        ),
      );
      expect(earlier).toContain('Partially implemented, as assessed on 2009-03-01');
      expect(earlier).not.toContain('Ratification deposited in May');
    });

    it('lists what moved up and down since the comparison date', async () => {
      const changes = text(part(await stateReport(), 'changes', '</section>'));
      expect(changes).toMatch(
        /Moved up \(1\) .* JEW-II\.9 Sign the CARICC Agreement Partially implemented Implemented \(2010-05-01\) Ratification deposited in May/,
      );
      // A first rating is new information, not a move up the scale (the rule of every report).
      expect(changes).not.toContain('SEE-2009.1');
      expect(changes).toMatch(
        /Moved down \(1\) .* JEW-II\.4 .* Mostly implemented Not implemented \(2010-04-01\) Officers recalled/,
      );
      // A change to "not applicable" is a change of scope, not a move.
      expect(changes).not.toContain(NATIONAL);
    });

    it('prints internal notes and authors in the internal edition only', async () => {
      const internal = await stateReport();
      expect(internal).toContain('Secret: the desk officer doubts the date');
      expect(internal).toContain('token:test admin');
      const published = await stateReport({ edition: 'public' });
      expect(published).not.toContain('Secret: the desk officer doubts the date');
      expect(published).not.toContain('token:test admin');
      expect(published).not.toContain("class='author'");
      expect(published).toContain('Ratification deposited in May');
      expect(text(published)).toContain(`Public edition · As of ${AS_OF}`);
    });

    it('says so for a State outside the scope of every recommendation', async () => {
      const html = (await viewer.get('/reports/states/JPN').query({ asOf: AS_OF }).expect(200))
        .text;
      expect(text(html)).toContain(
        'No recommendation is tracked for Japan: it is not in the scope of any recommendation.',
      );
      expect(html).not.toContain("class='state-rec'");
    });

    it('answers 404 for an unknown State and 400 naming a bad date', async () => {
      const missing = await viewer
        .get('/reports/states/XYZ')
        .set('Accept', 'text/html')
        .expect(404);
      expect(missing.text).toContain('No State with ISO 3166 alpha-3 code');
      expect(missing.text).toContain('XYZ');
      const bad = await viewer
        .get('/reports/states/KAZ')
        .set('Accept', 'text/html')
        .query({ asOf: '2010-13-45' })
        .expect(400);
      expect(bad.text).toContain('asOf');
      await viewer.get('/reports/states/kaz').query({ asOf: AS_OF }).expect(200);
    });
  });

  describe('Theme report', () => {
    const themeReport = async (query: Record<string, string> = {}): Promise<string> =>
      (
        await viewer
          .get(`/reports/themes/${THEME}`)
          .query({ asOf: AS_OF, compareWith: BEFORE, ...query })
          .expect(200)
      ).text;

    it('prints the theme’s figures of the progress API at both dates, and their change', async () => {
      const html = text(await themeReport());
      const now = await progress({ theme: THEME, asOf: AS_OF });
      const before = await progress({ theme: THEME, asOf: BEFORE });
      expect(now.implementationRate).not.toBeNull();
      expect(html).toContain(figureRow(now, before, 'implementationRate', 'Implementation rate'));
      expect(html).toContain(figureRow(now, before, 'progressIndex', 'Progress index'));
      expect(html).toContain(figureRow(now, before, 'coverage', 'Coverage'));
      expect(html).toMatch(/Theme report .*Regional information sharing and intelligence exchange/);
    });

    it('has a section per event with each recommendation of the theme, its figures and movers', async () => {
      const html = await themeReport();
      const listed = (
        await admin
          .get('/api/v1/recommendations')
          .query({ theme: THEME, pageSize: '100' })
          .expect(200)
      ).body as { items: { ref: string }[] };
      const refs = listed.items.map((r) => r.ref).sort();
      const articles = [...html.matchAll(/<article id='rec-([^']+)' class='recommendation'>/g)]
        .map((m) => m[1])
        .sort();
      expect(articles).toEqual(refs);
      expect(refs).toContain(SEE);
      const see = part(html, `rec-${SEE}`, '</article>');
      const seeApi = (
        await admin.get(`/api/v1/recommendations/${SEE}`).query({ asOf: AS_OF }).expect(200)
      ).body as { progress: Figures };
      expect(text(see)).toContain(
        `Implementation rate ${pct(seeApi.progress.implementationRate)} · progress index ${pct(seeApi.progress.progressIndex)}`,
      );
      expect(see).toContain('<svg');
      expect(text(see)).toContain('Implemented: Albania.');
      const caricc = text(part(html, `rec-${CARICC}`, '</article>'));
      expect(caricc).toMatch(
        /Moved up since 2009-12-31 .* Kazakhstan Partially implemented Implemented/,
      );
      expect(caricc).toMatch(
        /Moved down since 2009-12-31 .* Kyrgyzstan Implemented Not implemented/,
      );
      // The annex has a row per State tracked and a column per recommendation, once: a heatmap
      // unless a table is asked for.
      const annex = part(html, 'annex', '</section>');
      expect(annex).toContain(`<title>Albania – ${SEE}: Implemented</title>`);
      expect(annex).not.toContain("class='annex-matrix'");
      const table = part(await themeReport({ annex: 'table' }), 'annex', '</section>');
      expect(text(table)).toContain('Albania');
      expect(table).toContain(`>${SEE}</th>`);
      expect(table).not.toContain('<svg');
    });

    it('keeps internal notes out of the public edition and answers 404 for an unknown theme', async () => {
      expect(await themeReport()).toContain('Secret: the desk officer doubts the date');
      const published = await themeReport({ edition: 'public' });
      expect(published).not.toContain('Secret: the desk officer doubts the date');
      expect(published).not.toContain('token:test admin');
      const missing = await viewer
        .get('/reports/themes/no-such-theme')
        .set('Accept', 'text/html')
        .expect(404);
      expect(missing.text).toContain('No theme with slug');
      const bad = await viewer
        .get(`/reports/themes/${THEME}`)
        .set('Accept', 'text/html')
        .query({ asOf: 'yesterday' })
        .expect(400);
      expect(bad.text).toContain('asOf');
    });
  });
});
