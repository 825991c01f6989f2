import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createCliContext } from '../src/cli/cli.module.js';
import { execute } from '../src/cli/run.js';
import { chromiumPath } from '../src/common/chromium.js';
import { Theme } from '../src/themes/theme.entity.js';
import { User } from '../src/users/user.entity.js';
import { Role } from '../src/users/role.enum.js';
import { createTestApp, type TestApp } from './utils/create-test-app.js';
import { recordAssessment } from './utils/factories.js';

const EVENT = 'joint-expert-workshop-illicit-drugs';

// CI installs Chromium; elsewhere the PDF test says why it does not run rather than failing.
const haveChromium = existsSync(chromiumPath()) || process.env.CI === 'true';
if (!haveChromium) {
  console.warn(`Report PDF test skipped: no Chromium at ${chromiumPath()} (set CHROMIUM_PATH).`);
}

describe('report command line', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'rt-report-'));
    const admin = await t.api(Role.Admin);
    // The CARICC Agreement in force: implemented.
    const res = await recordAssessment(admin, 'JEW-II.9', 'KAZ', {
      status: undefined,
      fact: { milestone: 'in-force' },
      assessedOn: '2010-05-01',
    });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  async function cli(args: string[]): Promise<{ code: number; out: string[]; progress: string }> {
    const out: string[] = [];
    let progress = '';
    const code = await execute(t.app, ['report', ...args], {
      progressStream: { write: (s: string) => (progress += s), isTTY: false },
      log: (line) => out.push(line),
      error: (line) => out.push(line),
    });
    return { code, out, progress };
  }

  it('writes the HTML report with its title and as-of date, styles inlined, and says each step', async () => {
    const file = join(dir, 'event.html');
    const res = await cli(['event', EVENT, '--as-of', '2010-12-31', '--out', file]);
    expect(res.code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('Progress report');
    expect(html).toContain('Combating the threat of illicit drugs');
    expect(html).toContain('2010-12-31');
    expect(html).not.toContain("href='/assets/report.css'");
    expect(html).toContain('<style>');
    expect(res.out).toEqual([
      expect.stringMatching(
        /^Wrote .*event\.html: Progress report, .*illicit drugs.*, internal edition, as of 2010-12-31 \(HTML\)\.$/,
      ),
    ]);
    expect(res.progress).toMatch(/\[1\/3\] Reading data: done/);
    expect(res.progress).toMatch(/\[3\/3\] Writing: done/);
    expect(readdirSync(dir).filter((f) => f.startsWith('event.'))).toEqual(['event.html']);
  });

  it('writes the edition asked for', async () => {
    const file = join(dir, 'public.html');
    expect((await cli(['event', EVENT, '--edition', 'public', '--out', file])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('Public edition');
  });

  it('writes any kind of report by its target', async () => {
    const file = join(dir, 'kaz.html');
    const res = await cli(['state', 'KAZ', '--as-of', '2010-12-31', '--out', file]);
    expect(res.code).toBe(0);
    expect(res.out[0]).toMatch(/State report, Kazakhstan, internal edition, as of 2010-12-31/);
    expect(readFileSync(file, 'utf8')).toContain('Kazakhstan');
  });

  it('writes the State report narrowed to a theme and a period, and names a bad filter', async () => {
    const file = join(dir, 'kaz-narrowed.html');
    const args = ['state', 'KAZ', '--theme', 'information-sharing', '--out', file];
    const res = await cli([...args, '--from', '2009-12-31', '--to', '2010-12-31']);
    expect(res.code).toBe(0);
    expect(res.out[0]).toMatch(
      /State report, Kazakhstan: only the recommendations with the theme “.*”, assessed for the State after 2009-12-31 and up to 2010-12-31, internal edition, as of 2010-12-31/,
    );
    const html = readFileSync(file, 'utf8');
    // JEW-II.9 (information sharing) was assessed in 2010; JEW-IV.7, of the same theme, never.
    expect(html).toContain("id='rec-JEW-II.9'");
    expect(html).not.toContain("id='rec-JEW-IV.7'");
    expect(html).not.toContain("id='rec-JEW-II.4'");
    await expect(cli(['state', 'KAZ', '--event', 'no-such-event', '--out', file])).rejects.toThrow(
      /--event: event: no event "no-such-event" \(exists\)/,
    );
    await expect(
      cli(['state', 'KAZ', '--to', '2010-12-31', '--as-of', '2010-06-30', '--out', file]),
    ).rejects.toThrow(/--as-of: as-of cannot be given with a period/);
  });

  it('writes the period report from its own options, without a target', async () => {
    const file = join(dir, 'period.html');
    const args = ['period', '--from', '2009-12-31', '--to', '2010-12-31', '--out', file];
    const res = await cli([...args, '--theme', 'information-sharing']);
    expect(res.code).toBe(0);
    expect(res.out[0]).toMatch(/Period report, 2009-12-31 to 2010-12-31/);
    await expect(cli([...args, '--as-of', '2010-01-01'])).rejects.toThrow(
      /Unknown option --as-of; a period report takes --out, --from, --to/,
    );
    await expect(cli(['period', 'x', '--out', file])).rejects.toThrow(/takes no target/);
    await expect(
      cli(['period', '--from', '2011-01-01', '--to', '2010-12-31', '--out', join(dir, 'p.html')]),
    ).rejects.toThrow(/^--from: from must be before to \(beforeTo\)$/);
  });

  it('names the option and the rule of a bad argument, and writes nothing', async () => {
    const file = join(dir, 'bad.html');
    const bad = (args: string[]) => cli([...args, '--out', file]);
    await expect(bad(['event', EVENT, '--as-of', '2010-02-30'])).rejects.toThrow(
      /^--as-of: as-of must be a real date written YYYY-MM-DD \(isIsoDate\)$/,
    );
    await expect(bad(['event', EVENT, '--compare-with', '2999-01-01'])).rejects.toThrow(
      /--compare-with: .*must not be in the future \(notInFuture\)/,
    );
    await expect(bad(['event', EVENT, '--edition', 'secret'])).rejects.toThrow(
      /--edition: edition must be internal or public \(isIn\)/,
    );
    await expect(bad(['event', EVENT, '--format', 'docx'])).rejects.toThrow(/--format: /);
    await expect(bad(['event', EVENT, '--theme', 'x'])).rejects.toThrow(/Unknown option --theme/);
    await expect(bad(['event'])).rejects.toThrow(/needs one target: the event slug/);
    await expect(bad(['everything', 'x'])).rejects.toThrow(/report needs a kind: event/);
    await expect(bad(['event', 'no-such-event'])).rejects.toThrow(/no-such-event/);
    await expect(cli(['event', EVENT])).rejects.toThrow(/--out: name the file to write/);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('does not do the app’s start-up work: no first admin, no reference data', async () => {
    // The command line's own context, on a new database: only the schema is made.
    const context = await createCliContext({ database: { path: join(dir, 'empty.sqlite') } });
    try {
      await expect(
        execute(context, ['report', 'event', EVENT, '--out', join(dir, 'empty.html')], {
          progressStream: { write: () => undefined, isTTY: false },
        }),
      ).rejects.toThrow(/No event/);
      const ds = context.get(DataSource);
      expect(await ds.getRepository(User).count()).toBe(0);
      expect(await ds.getRepository(Theme).count()).toBe(0);
    } finally {
      await context.close();
    }
    rmSync(join(dir, 'empty.sqlite'), { force: true });
    for (const f of readdirSync(dir).filter((f) => f.startsWith('empty.sqlite'))) {
      rmSync(join(dir, f), { force: true });
    }
  });

  it('says what to install when Chromium is missing, exit code 1, no file', async () => {
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = join(dir, 'no-chromium');
    try {
      const file = join(dir, 'none.pdf');
      const res = await cli(['event', EVENT, '--out', file]);
      expect(res.code).toBe(1);
      expect(res.out.join('\n')).toMatch(/PDF output needs Chromium.*apt-get install -y chromium/);
      expect(res.progress).toMatch(/\[3\/4\] Printing PDF: failed/);
      expect(existsSync(file)).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });

  (haveChromium ? it : it.skip)(
    'prints the PDF through Chromium',
    async () => {
      const file = join(dir, 'event.pdf');
      const res = await cli(['event', EVENT, '--as-of', '2010-12-31', '--out', file]);
      expect(res.code).toBe(0);
      expect(readFileSync(file).subarray(0, 4).toString()).toBe('%PDF');
      expect(res.progress).toMatch(/\[3\/4\] Printing PDF: done/);
    },
    120_000,
  );
});
