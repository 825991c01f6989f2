/**
 * Pictures of the printed reports for the README: each report below is issued as a document
 * with its narrative, on a fresh database with the demo data set (demo-app.ts), and some of its
 * pages are turned into PNGs in docs/ by pdftoppm (Debian's poppler-utils).
 *
 *   npm run docs:reports
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoApp } from './demo-app.js';

/**
 * The documents pictured: a report kind and target, issued as a document with its narrative
 * (written, submitted, approved by another person, issued), as docs/<name>-page-N.png.
 */
const REPORTS: {
  name: string;
  kind: 'event' | 'state';
  target: string;
  /** Besides the cover, the page that prints this text is shown. */
  showPageOf: string;
  narrative: {
    introduction: string;
    conclusions: Record<string, string>;
    overallConclusion: string;
  };
}[] = [
  {
    name: 'report-event',
    kind: 'event',
    target: 'joint-expert-workshop-illicit-drugs',
    showPageOf: 'Signature of the CARICC Agreement progressed',
    narrative: {
      introduction:
        "This report follows up the recommendations of the joint expert workshop on the threat of illicit drugs. It is issued to the participating States ahead of the annual review, and covers the assessments recorded **up to the end of 2011**.\n\nThe figures come from the assessments recorded by the secretariat's analysts, each with its evidence. Where a State has not reported, the pair is counted as *no information* and lowers the coverage, not the implementation rate.",
      conclusions: {
        'JEW-II.9':
          'Signature of the CARICC Agreement progressed in Central Asia, where most States have now signed. Ratification remains pending in several parliaments.',
      },
      overallConclusion:
        'Implementation is uneven: legal framework recommendations moved furthest, while co-operation with regional bodies lags. The secretariat recommends a focused review of Session IV at the next meeting.',
    },
  },
  {
    name: 'report-state',
    kind: 'state',
    target: 'KAZ',
    showPageOf: 'Kazakhstan has acted on most',
    narrative: {
      introduction:
        'This report sets out how far Kazakhstan has implemented the recommendations addressed to it, with the evidence on which each status rests.',
      conclusions: {
        state:
          'Kazakhstan has acted on most of the recommendations on its legal framework. The secretariat invites it to report on the remaining ones before the next review.',
      },
      overallConclusion:
        'Progress is steady. The pending ratifications are the main outstanding step.',
    },
  },
];

/** A fixed date inside the demo data's years, so the pictures show movement and stay the same. */
const AS_OF = '2011-12-31';

function checkPdftoppm(): void {
  const probe = spawnSync('pdftoppm', ['-v'], { encoding: 'utf8' });
  if (probe.error) {
    throw new Error(
      "pdftoppm was not found. It turns PDF pages into PNGs; install it with Debian's poppler-utils: apt-get install -y poppler-utils",
    );
  }
}

/** The first page of a PDF that prints `text` (pdftotext, poppler-utils). */
function pageWith(pdf: string, text: string): number {
  const run = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr}`);
  const page = run.stdout.split('\f').findIndex((p) => p.replace(/\s+/g, ' ').includes(text));
  if (page < 0) throw new Error(`No page prints "${text}"`);
  return page + 1;
}

/** The given pages of a PDF as docs/<name>-page-1.png, -2.png, ... (PNG at 60 dpi). */
function toPngs(pdf: string, name: string, pages: number[], work: string): string[] {
  return pages.map((page, i) => {
    const prefix = join(work, `${name}-${page}`);
    const args = ['-png', '-r', '60', '-singlefile', '-f', String(page), '-l', String(page)];
    const run = spawnSync('pdftoppm', [...args, pdf, prefix], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`pdftoppm failed on ${name}: ${run.stderr}`);
    const target = join('docs', `${name}-page-${i + 1}.png`);
    renameSync(`${prefix}.png`, target);
    return target;
  });
}

async function main(): Promise<void> {
  checkPdftoppm();
  const { app, close } = await startDemoApp();
  const { DocumentsService } = await import('../../src/documents/documents.service.js');
  const { Role } = await import('../../src/users/role.enum.js');
  const { namedPrincipal } = await import('../../src/auth/principal.js');
  const documents = app.get(DocumentsService);
  const author = namedPrincipal('analyst.demo', Role.Analyst);
  const approver = namedPrincipal('supervisor.demo', Role.Admin);
  const work = mkdtempSync(join(tmpdir(), 'rt-report-pngs-'));
  try {
    mkdirSync('docs', { recursive: true });
    for (const [i, report] of REPORTS.entries()) {
      let doc = await documents.create(
        {
          kind: report.kind,
          target: report.target,
          marking: 'public',
          options: { asOf: AS_OF },
          ...report.narrative,
        },
        author,
      );
      doc = await documents.submit(doc.id, doc.version, author);
      doc = await documents.approve(doc.id, doc.version, approver);
      doc = await documents.issue(doc.id, doc.version, approver);
      const file = await documents.issuedFile(doc.id, 'pdf', approver);
      const pdf = join(work, `${report.name}.pdf`);
      writeFileSync(pdf, file.body);
      const pngs = toPngs(pdf, report.name, [1, pageWith(pdf, report.showPageOf)], work);
      console.log(`[${i + 1}/${REPORTS.length}] ${doc.symbol}: ${pngs.join(', ')}`);
    }
  } finally {
    await close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
