import { ConfigService } from '@nestjs/config';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type request from 'supertest';
import { chromiumPath } from '../src/common/chromium.js';
import { projectRoot } from '../src/common/project-root.js';
import { DemoService } from '../src/demo/demo.service.js';
import { readOutline } from '../src/reports/pdf-document.js';
import { PdfService } from '../src/reports/pdf.service.js';
import { ReportRenderer } from '../src/reports/report-renderer.js';
import { ReportsService } from '../src/reports/reports.service.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';

const EVENT = 'joint-expert-workshop-illicit-drugs';
const EMPTY_EVENT = '2008-vienna-expert-conference';
const EMPTY_THEME = 'corruption';
const AS_OF = '2011-12-31';

// CI installs Chromium and poppler-utils; elsewhere these say why they do not run.
const haveChromium = existsSync(chromiumPath()) || process.env.CI === 'true';
const havePoppler = !spawnSync('pdftotext', ['-v']).error;
if (!haveChromium || !havePoppler) {
  console.warn(
    `Printed report tests skipped: they need Chromium (${chromiumPath()}) and poppler-utils (pdftotext, pdfinfo).`,
  );
}

function asBuffer(req: request.Test): request.Test {
  return req.buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/** Text with its runs of white space made one space. */
const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** HTML as the text a PDF of it shows: tags dropped, entities resolved, spaces made one. */
const textOf = (html: string): string =>
  flat(
    html
      .replace(/<[^>]+>/g, '')
      .replace(/&#x27;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  );

/**
 * What a page must not end with: each heading of a report (h2 to h4), and each heading with the
 * quotation or note that follows it (a recommendation's text, a chart's key), which would leave
 * the heading at the foot of the page as surely, its table or figure on the next.
 */
function headingEnds(html: string): string[] {
  return [
    ...html.matchAll(
      /<h([2-4])[^>]*>([\s\S]*?)<\/h\1>(?:\s*<(?:blockquote|p class='note')[^>]*>([\s\S]*?)<\/(?:blockquote|p)>)?/g,
    ),
  ]
    .flatMap((m) => {
      const heading = textOf(m[2]);
      return m[3] ? [heading, `${heading} ${textOf(m[3])}`] : [heading];
    })
    .filter((text) => text.length > 3);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

(haveChromium && havePoppler ? describe : describe.skip)(
  'Printed reports: documents a secretariat issues',
  () => {
    let t: TestApp;
    let viewer: Agent;
    let work: string;
    let organisation: string;

    beforeAll(async () => {
      t = await createTestApp();
      await t.app.get(DemoService).load();
      await t.user('printer', Role.Viewer);
      viewer = await t.signIn('printer');
      work = mkdtempSync(join(tmpdir(), 'rt-print-'));
      organisation = t.app.get(ConfigService).get<string>('ORGANISATION_NAME') ?? '';
    });
    afterAll(async () => {
      rmSync(work, { recursive: true, force: true });
      await t.close();
    });

    /** A report as the browser gets it: the PDF written to a file, and the same report's HTML. */
    const report = async (
      path: string,
      query: Record<string, string>,
    ): Promise<{ file: string; pdf: Buffer; html: string }> => {
      const res = await asBuffer(viewer.get(path).query({ ...query, format: 'pdf' })).expect(200);
      const pdf = res.body as Buffer;
      const file = join(work, `${path.replace(/\W+/g, '-')}-${Object.values(query).join('-')}.pdf`);
      writeFileSync(file, pdf);
      const html = (await viewer.get(path).query(query).expect(200)).text;
      return { file, pdf, html };
    };
    const run = (tool: string, args: string[]): string => {
      const out = spawnSync(tool, args, { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`${tool} failed: ${out.stderr}`);
      return out.stdout;
    };
    const pageCount = (file: string): number =>
      Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]))?.[1]);
    /** The text of one page, without its running header and footer. */
    const pageText = (file: string, page: number, layout = false): string =>
      run('pdftotext', [
        ...(layout ? ['-layout'] : []),
        '-f',
        String(page),
        '-l',
        String(page),
        file,
        '-',
      ]);

    it('prints each contents entry with the page on which its heading is, and bookmarks that follow them', async () => {
      const { file, pdf, html } = await report(`/reports/events/${EVENT}`, { asOf: AS_OF });
      const entries = [
        ...html.matchAll(/<a href='#([^']+)'><span class='toc-text'>([^<]+)<\/span>/g),
      ].map((m) => ({ id: m[1], title: flat(m[2]).replace(/&#x27;/g, "'") }));
      // Summary, 4 sessions, 21 recommendations, annex.
      expect(entries).toHaveLength(27);
      const pages = pageCount(file);
      const texts = Array.from({ length: pages }, (_, i) => flat(pageText(file, i + 1)));
      // The contents, on the cover: each entry followed by its page number.
      const contents = flat(pageText(file, 1, true));
      for (const entry of entries) {
        const match = new RegExp(`${escapeRegExp(entry.title)} (\\d+)(?: |$)`).exec(contents);
        expect(match).not.toBeNull();
        const page = Number(match?.[1]);
        // The heading is on that page, and on none before it (the cover lists them all).
        const first = texts.findIndex((text, i) => i > 0 && text.includes(entry.title)) + 1;
        expect({ entry: entry.title, page }).toEqual({ entry: entry.title, page: first });
      }
      // The PDF's bookmarks are the contents, with the same pages.
      const outline = await readOutline(pdf);
      const flatOutline = outline.flatMap((item) => [item, ...item.children]);
      expect(flatOutline.map((item) => item.title)).toEqual(entries.map((e) => e.title));
      for (const item of flatOutline) {
        const listed = new RegExp(`${escapeRegExp(item.title)} (\\d+)`).exec(contents);
        expect(item.page).toBe(Number(listed?.[1]));
      }
    }, 60_000);

    it('prints a report once more when asked for it again: the headings’ pages are known', async () => {
      const pdf = t.app.get(PdfService);
      const query = { asOf: '2010-06-30', edition: 'public' };
      const before = pdf.prints;
      const first = await report(`/reports/states/KGZ`, query);
      expect(pdf.prints - before).toBe(2);
      const second = await report(`/reports/states/KGZ`, query);
      expect(pdf.prints - before).toBe(3);
      // The same contents, at the same pages.
      expect(flat(pageText(second.file, 1, true))).toBe(flat(pageText(first.file, 1, true)));
    }, 60_000);

    it('says who issues it and what it is in the document information, and is tagged', async () => {
      const { file } = await report(`/reports/events/${EVENT}`, { asOf: AS_OF, edition: 'public' });
      const info = run('pdfinfo', [file]);
      const { version } = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as {
        version: string;
      };
      expect(info).toMatch(
        new RegExp(`Creator:\\s+Recommendation Tracker ${escapeRegExp(version)}\\n`),
      );
      expect(info).toMatch(new RegExp(`Author:\\s+${escapeRegExp(organisation)}\\n`));
      expect(info).toMatch(
        /Title:\s+Progress report: Joint expert workshop “Combating the threat of illicit drugs in the OSCE area” · As of 2011-12-31 · Public edition\n/,
      );
      expect(info).toMatch(
        /Subject:\s+Implementation of the recommendations of Joint expert workshop/,
      );
      expect(info).toMatch(/Tagged:\s+yes\n/);
      expect(info).not.toContain('HeadlessChrome');
      // The running header names the report short (never cut), the footer the organisation.
      const second = pageText(file, 2, true);
      expect(second).toMatch(/^\s*Progress report · JEW\s+As of 2011-12-31 · DEMO DATA/);
      expect(second).toMatch(
        new RegExp(`${escapeRegExp(organisation)} · Public edition\\s+Page 2 of \\d+`),
      );
    }, 60_000);

    it('never leaves a heading at the foot of a page', async () => {
      // One after the other: one person may have only PDF_PER_USER PDFs under way.
      const reports = [];
      for (const [path, query] of [
        [`/reports/events/${EVENT}`, { asOf: AS_OF }],
        ['/reports/states/KAZ', { asOf: AS_OF }],
        ['/reports/themes/precursor-control', { asOf: AS_OF }],
        ['/reports/recommendations/JEW-II.9', { asOf: AS_OF }],
        ['/reports/period', { from: '2010-12-31', to: AS_OF }],
      ] as [string, Record<string, string>][]) {
        reports.push(await report(path, query));
      }
      for (const { file, html } of reports) {
        const ends = headingEnds(html);
        for (let page = 1; page <= pageCount(file); page++) {
          // The page's text without its running footer (organisation and edition, page number).
          const body = flat(
            pageText(file, page)
              .split('\n')
              .filter(
                (line) => !/^(Page \d+ of \d+|.* · (Internal|Public) edition)$/.test(line.trim()),
              )
              .join(' '),
          );
          const last = ends.find((end) => body.endsWith(end));
          expect({ file, page, last }).toEqual({ file, page, last: undefined });
        }
      }
    }, 120_000);

    it('says in one line, on one page, when there is nothing to report', async () => {
      const cases: [string, Record<string, string>, string][] = [
        // The default period: the year up to today, when the demo data has no assessment.
        ['/reports/period', {}, 'No assessment is dated after'],
        [`/reports/events/${EMPTY_EVENT}`, {}, 'This event has no recommendations yet'],
        [`/reports/themes/${EMPTY_THEME}`, {}, 'No recommendation has this theme yet'],
        ['/reports/states/JPN', {}, 'No recommendation is tracked for Japan'],
      ];
      for (const [path, query, line] of cases) {
        const { file, html } = await report(path, query);
        expect(html).toContain(`<p class='empty-selection'>${line}`);
        expect(html).not.toContain("class='chapter");
        expect(html).not.toContain("class='contents'");
        expect(pageCount(file)).toBe(1);
        expect(flat(pageText(file, 1))).toContain(line);
      }
    }, 60_000);

    it('offers on the reports page only the events and themes that have recommendations', async () => {
      const page = (await viewer.get('/reports').expect(200)).text;
      expect(page).toContain(`<option value='${EVENT}'>`);
      expect(page).not.toContain(`<option value='${EMPTY_EVENT}'`);
      expect(page).toContain("<option value='precursor-control'>");
      expect(page).not.toContain(`<option value='${EMPTY_THEME}'`);
      // A report is still there for whoever names the event.
      await viewer.get(`/reports/events/${EMPTY_EVENT}`).expect(200);
      await viewer
        .get('/reports/open')
        .query({ kind: 'event', target: EMPTY_EVENT })
        .expect(303)
        .expect('Location', `/reports/events/${EMPTY_EVENT}`);
    });

    it('prints each data set once: the counts as a chart, the annex as a heatmap or a table', async () => {
      const heatmap = (
        await viewer.get(`/reports/events/${EVENT}`).query({ asOf: AS_OF }).expect(200)
      ).text;
      const annex = heatmap.slice(heatmap.indexOf("id='annex'"));
      expect(annex).toContain("<figure class='heatmap'>");
      expect(annex).not.toContain("class='annex-matrix'");
      // The counts' table is for the screen; the chart prints.
      expect(heatmap).toContain("<div class='screen-only'><table class='counts'>");
      const table = (
        await viewer
          .get(`/reports/events/${EVENT}`)
          .query({ asOf: AS_OF, annex: 'table' })
          .expect(200)
      ).text;
      const tableAnnex = table.slice(table.indexOf("id='annex'"));
      expect(tableAnnex).toContain("class='annex-matrix'");
      expect(tableAnnex).not.toContain('<svg');
      await viewer.get(`/reports/events/${EVENT}`).query({ annex: 'both' }).expect(400);
    });

    it('prints the full text of each recommendation in the State report', async () => {
      const html = (await viewer.get('/reports/states/KAZ').query({ asOf: AS_OF }).expect(200))
        .text;
      const entry = html.slice(
        html.indexOf("id='rec-JEW-II.9'"),
        html.indexOf('</article>', html.indexOf("id='rec-JEW-II.9'")),
      );
      expect(entry).toContain(
        '<blockquote>Participating states should take urgent action to sign the Agreement',
      );
    });

    it('keeps the dates of a cover title whole', async () => {
      const { file, html } = await report('/reports/period', { from: '2010-12-31', to: AS_OF });
      expect(html).toContain(
        "<h1>What changed from <span class='nowrap'>2010-12-31</span> to <span class='nowrap'>2011-12-31</span></h1>",
      );
      expect(pageText(file, 1, true)).not.toMatch(/\d{4}-\s*$/m);
    }, 60_000);

    it('prints the marking on every page and the secretariat’s text where it is given', async () => {
      const doc = await t.app.get(ReportsService).build('event', EVENT, { asOf: AS_OF }, true);
      const html = await t.app.get(ReportRenderer).render(doc, {
        standalone: true,
        marking: 'RESTRICTED',
        narrative: {
          introduction: '<p>The Secretariat followed up the workshop.</p>',
          conclusions: { 'JEW-II.9': '<p>CARICC needs signatures.</p>' },
          overallConclusion: '<p>Progress is slow.</p>',
        },
      });
      const file = join(work, 'narrative.pdf');
      writeFileSync(file, await t.app.get(PdfService).fromHtml(html));
      const pages = pageCount(file);
      for (let page = 1; page <= pages; page++) {
        expect(pageText(file, page)).toContain('RESTRICTED');
      }
      const text = flat(run('pdftotext', [file, '-']));
      expect(text).toMatch(/Introduction \d+ 1\. Executive summary/);
      expect(text).toContain('Introduction The Secretariat followed up the workshop.');
      expect(text).toContain('Conclusion CARICC needs signatures.');
      expect(text).toContain('Conclusions Progress is slow.');
      // Without a narrative, none of it.
      const plain = await t.app.get(ReportRenderer).render(doc);
      expect(plain).not.toContain("id='introduction'");
      expect(plain).not.toContain("class='conclusion narrative'");
    }, 60_000);
  },
);
