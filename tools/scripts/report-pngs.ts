/**
 * Pictures of the printed reports for the README: each report below is printed to PDF by the
 * report command line from a fresh database with the demo data set (demo-app.ts), and its first
 * pages are turned into PNGs in docs/ by pdftoppm (Debian's poppler-utils).
 *
 *   npm run docs:reports
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoApp } from './demo-app.js';

/** The reports pictured: `report <kind> <target>` of the command line, as docs/<name>-page-N.png. */
const REPORTS: { name: string; kind: string; target: string }[] = [
  { name: 'report-event', kind: 'event', target: 'joint-expert-workshop-illicit-drugs' },
  { name: 'report-state', kind: 'state', target: 'KAZ' },
];

/** A fixed date inside the demo data's years, so the pictures show movement and stay the same. */
const AS_OF = '2011-12-31';

/** pdftoppm's options: PNG at 60 dpi, pages 1 and 2. */
const PDFTOPPM_ARGS = ['-png', '-r', '60', '-f', '1', '-l', '2'];

function checkPdftoppm(): void {
  const probe = spawnSync('pdftoppm', ['-v'], { encoding: 'utf8' });
  if (probe.error) {
    throw new Error(
      "pdftoppm was not found. It turns PDF pages into PNGs; install it with Debian's poppler-utils: apt-get install -y poppler-utils",
    );
  }
}

/** Pages 1 and 2 of a PDF as docs/<name>-page-1.png and -2.png (pdftoppm pads numbers by page count). */
function toPngs(pdf: string, name: string, work: string): string[] {
  const prefix = join(work, name);
  const run = spawnSync('pdftoppm', [...PDFTOPPM_ARGS, pdf, prefix], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`pdftoppm failed on ${name}: ${run.stderr}`);
  const pages = readdirSync(work)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .sort();
  return pages.map((page, i) => {
    const target = join('docs', `${name}-page-${i + 1}.png`);
    renameSync(join(work, page), target);
    return target;
  });
}

async function main(): Promise<void> {
  checkPdftoppm();
  const { app, close } = await startDemoApp();
  const { REPORT_KINDS } = await import('../../src/reports/reports.service.js');
  const { execute } = await import('../../src/cli/run.js');
  const work = mkdtempSync(join(tmpdir(), 'rt-report-pngs-'));
  try {
    mkdirSync('docs', { recursive: true });
    const known: readonly string[] = REPORT_KINDS;
    for (const [i, report] of REPORTS.entries()) {
      const step = `[${i + 1}/${REPORTS.length}]`;
      if (!known.includes(report.kind)) {
        console.log(`${step} ${report.name}: skipped, there is no ${report.kind} report yet`);
        continue;
      }
      const pdf = join(work, `${report.name}.pdf`);
      await execute(app, ['report', report.kind, report.target, '--as-of', AS_OF, '--out', pdf], {
        log: () => undefined,
      });
      console.log(`${step} ${toPngs(pdf, report.name, work).join(', ')}`);
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
