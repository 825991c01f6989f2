import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execute, exitCodeOf, runCli } from '../src/cli/run.js';
import { Role } from '../src/users/role.enum.js';
import { browserSuite } from './utils/browser.js';
import { createTestApp, type Agent, type TestApp } from './utils/create-test-app.js';

const JEW = 'joint-expert-workshop-illicit-drugs';
const CARICC = 'JEW-II.9';
const YEAR = new Date().getUTCFullYear();

interface DocumentBody {
  id: number;
  symbol: string;
  stage: string;
  version: number;
  title: string;
  author: string;
  approvedBy: string | null;
  marking: string;
  language: string;
  target: string;
  options: Record<string, string>;
  introduction: string;
  conclusions: Record<string, string>;
  overallConclusion: string;
  issued: { pdfSha256: string; htmlSha256: string; pdfUrl: string; htmlUrl: string } | null;
}

interface Run {
  code: number;
  out: string[];
  err: string[];
}

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('document command line', () => {
  let t: TestApp;
  let dir: string;
  let admin: Agent;
  let viewer: Agent;
  let drafts = 0;

  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'rt-cli-doc-'));
    admin = await t.api(Role.Admin);
    viewer = await t.api(Role.Viewer);
    await t.user('doc-analyst', Role.Analyst, ['KAZ']);
    await t.user('doc-admin', Role.Admin);
    await t.user('doc-admin-2', Role.Admin);
    await t.user('doc-viewer', Role.Viewer);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  /** `document ...` on the test app, with the exit code and lines the program would give. */
  async function cli(args: string[]): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    let code: number;
    try {
      code = await execute(t.app, ['document', ...args], {
        log: (line) => out.push(line),
        error: (line) => err.push(line),
      });
    } catch (e) {
      code = exitCodeOf(e, false, (line) => err.push(line));
    }
    return { code, out, err };
  }

  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const read = async (id: number): Promise<DocumentBody> =>
    (await admin.get(`/api/v1/documents/${id}`).expect(200)).body as DocumentBody;
  const total = async (): Promise<number> =>
    ((await admin.get('/api/v1/documents').expect(200)).body as { total: number }).total;
  /** Creates a draft from a JSON file as `as`; returns its id. */
  const created = async (as: string, fields: object = { kind: 'event', target: JEW }) => {
    const res = await cli([
      'create',
      '--file',
      file(`draft-${++drafts}.json`, JSON.stringify(fields)),
      '--as',
      as,
    ]);
    expect(res).toMatchObject({ code: 0, err: [] });
    return Number(/\(document (\d+)\)/.exec(res.out[0])?.[1]);
  };

  it('is in the overview, and each command has its help', async () => {
    const out: string[] = [];
    expect(await runCli(['--help'], { log: (line) => out.push(line) })).toBe(0);
    for (const command of ['create', 'list', 'submit', 'approve', 'return', 'issue', 'download']) {
      expect(out.join('\n')).toContain(`  document ${command} `);
    }
    const help = await cli(['create', '--help']);
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toMatch(
      /^Usage: recommendation-tracker document create --file <narrative\.json\|\.yaml\|\.yml> --as <username>\n/,
    );
  });

  it('creates a draft from a YAML file of its narrative, and prints its id, symbol and stage', async () => {
    const yaml = file(
      'narrative.yaml',
      [
        '# A recommendation report with the analyst’s words',
        'kind: recommendation',
        `target: ${CARICC}`,
        'title: CARICC Agreement, where it stands',
        'language: en',
        'marking: restricted',
        'options:',
        '  asOf: 2010-12-31',
        '  compareWith: 2009-12-31',
        'introduction: |',
        '  Most States have **signed**.',
        '',
        '  Few have ratified.',
        'conclusions:',
        `  ${CARICC}: Ratification is the next step.`,
        'overallConclusion: Slow but steady.',
        '',
      ].join('\n'),
    );
    const res = await cli(['create', '--file', yaml, '--as', 'doc-analyst']);
    expect(res.err).toEqual([]);
    expect(res.code).toBe(0);
    expect(res.out).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Created SEC/REC/${YEAR}/1 \\(document \\d+\\), draft: CARICC Agreement, where it stands$`,
        ),
      ),
    ]);
    const id = Number(/\(document (\d+)\)/.exec(res.out[0])?.[1]);
    expect(await read(id)).toMatchObject({
      symbol: `SEC/REC/${YEAR}/1`,
      stage: 'draft',
      version: 1,
      author: 'doc-analyst',
      marking: 'restricted',
      language: 'en',
      target: CARICC,
      // YAML dates stay the text written: the API's own date rules check them.
      options: { asOf: '2010-12-31', compareWith: '2009-12-31' },
      introduction: 'Most States have **signed**.\n\nFew have ratified.\n',
      conclusions: { [CARICC]: 'Ratification is the next step.' },
      overallConclusion: 'Slow but steady.',
    });
  });

  it('creates a draft from a JSON file (.yml and .json alike)', async () => {
    const json = file(
      'narrative.json',
      JSON.stringify({ kind: 'state', target: 'kaz', conclusions: { state: 'On track.' } }),
    );
    const res = await cli(['create', '--file', json, '--as', 'doc-admin']);
    expect(res.code).toBe(0);
    expect(res.out[0]).toMatch(
      new RegExp(`^Created SEC/STA/${YEAR}/2 \\(document \\d+\\), draft: `),
    );
    const id = Number(/\(document (\d+)\)/.exec(res.out[0])?.[1]);
    expect(await read(id)).toMatchObject({
      target: 'KAZ',
      author: 'doc-admin',
      marking: 'internal',
      conclusions: { state: 'On track.' },
    });

    const yml = file('theme.yml', 'kind: theme\ntarget: information-sharing\n');
    expect((await cli(['create', '--file', yml, '--as', 'doc-analyst'])).out[0]).toMatch(
      new RegExp(`^Created SEC/THM/${YEAR}/3 `),
    );
  });

  it('names each bad field of the file as the API does, exit code 2, and creates nothing', async () => {
    const before = await total();
    const bad = file(
      'bad.json',
      JSON.stringify({
        kind: 'memo',
        marking: 'secret',
        language: 'English',
        options: { asOf: '2010-02-30' },
        colour: 'blue',
      }),
    );
    const res = await cli(['create', '--file', bad, '--as', 'doc-analyst']);
    expect(res.code).toBe(2);
    expect(res.out).toEqual([]);
    expect(res.err).toEqual(
      expect.arrayContaining([
        'kind: kind must be one of event, state, theme, recommendation, period',
        'marking: marking must be public, restricted or internal',
        'language: language must be a tag such as en or fr-CH',
        expect.stringMatching(/^options\.asOf: /),
        'colour: colour is not a known field',
      ]),
    );

    const refused = async (args: string[], code: number, message: RegExp): Promise<void> => {
      const run = await cli(args);
      expect({ code: run.code, err: run.err.join('\n') }).toEqual({
        code,
        err: expect.stringMatching(message),
      });
    };
    const good = file('good.yaml', `kind: event\ntarget: ${JEW}\n`);
    await refused(
      ['create', '--file', file('broken.yaml', 'kind: [event\n'), '--as', 'doc-analyst'],
      2,
      /^--file: .*broken\.yaml is not valid YAML/,
    );
    await refused(
      ['create', '--file', file('list.yaml', '- kind: event\n'), '--as', 'doc-analyst'],
      2,
      /must hold one object of fields .*, not a list$/,
    );
    await refused(
      ['create', '--file', file('n.txt', 'kind: event'), '--as', 'doc-analyst'],
      2,
      /^--file: a \.json, \.yaml or \.yml file/,
    );
    await refused(
      ['create', '--file', join(dir, 'missing.yaml'), '--as', 'doc-analyst'],
      2,
      /^--file: cannot read/,
    );
    await refused(['create', '--file', good], 2, /^--as: name the user/);
    await refused(['create', '--as', 'doc-analyst'], 2, /^--file: name the JSON or YAML file/);
    await refused(
      ['create', '--file', good, '--as', 'doc-viewer'],
      2,
      /^--as: doc-viewer is a viewer; writing a document needs an analyst or an admin$/,
    );
    await refused(['create', '--file', good, '--as', 'nobody'], 2, /^--as: no user "nobody"$/);
    await refused(
      [
        'create',
        '--file',
        file('unknown.yaml', 'kind: event\ntarget: no-such-event\n'),
        '--as',
        'doc-analyst',
      ],
      3,
      /no-such-event/,
    );
    expect(await total()).toBe(before);
  });

  it('lists every document one a line, the latest change first, and by stage', async () => {
    const res = await cli(['list']);
    expect(res.code).toBe(0);
    expect(res.out).toHaveLength(await total());
    const [latest] = res.out;
    expect(latest).toMatch(
      new RegExp(
        `^\\d+ +SEC/THM/${YEAR}/3 +draft +theme/information-sharing +.+ +doc-analyst +\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC$`,
      ),
    );
    expect(res.out.join('\n')).toContain(`draft  recommendation/${CARICC}`);
    expect(res.out.join('\n')).toContain('CARICC Agreement, where it stands');

    expect(await cli(['list', '--stage', 'issued'])).toMatchObject({
      code: 0,
      out: ['No issued documents.'],
    });
    const bad = await cli(['list', '--stage', 'lost']);
    expect(bad.code).toBe(2);
    expect(bad.err).toEqual(['stage: stage must be one of draft, submitted, approved, issued']);
    expect((await cli(['list', 'extra'])).code).toBe(2);
  });

  it('submits, returns and approves on the current version; the author may not approve (four eyes)', async () => {
    const id = await created('doc-admin');
    const submitted = await cli(['submit', String(id), '--as', 'doc-admin']);
    expect(submitted).toMatchObject({
      code: 0,
      out: [expect.stringMatching(/^Submitted SEC\/EVT\//)],
    });
    expect(await read(id)).toMatchObject({ stage: 'submitted', version: 2 });

    const own = await cli(['approve', String(id), '--as', 'doc-admin']);
    expect(own).toMatchObject({
      code: 4,
      out: [],
      err: ['You wrote this document: someone else must approve it (four eyes).'],
    });
    const analyst = await cli(['approve', String(id), '--as', 'doc-analyst']);
    expect(analyst).toMatchObject({
      code: 2,
      err: ['--as: doc-analyst is an analyst; approving a document needs an admin'],
    });
    const notAuthor = await cli(['return', String(id), '--as', 'doc-analyst']);
    expect(notAuthor.code).toBe(4);
    expect(notAuthor.err[0]).toMatch(/^Only its author \(doc-admin\) or an admin may return/);
    expect(await read(id)).toMatchObject({ stage: 'submitted', version: 2 });

    expect((await cli(['return', String(id), '--as', 'doc-admin'])).code).toBe(0);
    expect(await read(id)).toMatchObject({ stage: 'draft', version: 3 });
    expect((await cli(['submit', String(id), '--as', 'doc-admin'])).code).toBe(0);
    const approved = await cli(['approve', String(id), '--as', 'doc-admin-2']);
    expect(approved).toMatchObject({
      code: 0,
      out: [expect.stringMatching(/^Approved SEC\/EVT\/.* \(by doc-admin-2\)\.$/)],
    });
    expect(await read(id)).toMatchObject({ stage: 'approved', approvedBy: 'doc-admin-2' });

    // A step the stage does not allow: a conflict, exit code 5.
    const again = await cli(['submit', String(id), '--as', 'doc-admin']);
    expect(again.code).toBe(5);
    expect(again.err[0]).toMatch(/is approved: it cannot be submitted/);
  });

  it('names a wrong id or a missing document, and downloads only what was issued', async () => {
    expect(await cli(['approve', '999', '--as', 'doc-admin'])).toMatchObject({
      code: 3,
      err: ['No document 999.'],
    });
    expect((await cli(['approve', 'first', '--as', 'doc-admin'])).err).toEqual([
      'document approve: a document id is a number (not "first")',
    ]);
    expect((await cli(['submit', '--as', 'doc-admin'])).err).toEqual([
      'document submit needs a document id',
    ]);
    expect((await cli(['issue', '1'])).err[0]).toMatch(/^--as: name the user it is done as/);

    const id = await created('doc-analyst');
    const out = join(dir, 'draft.pdf');
    const draft = await cli(['download', String(id), '--out', out]);
    expect(draft.code).toBe(3);
    expect(draft.err[0]).toMatch(/has not been issued\.$/);
    expect(existsSync(out)).toBe(false);
    expect((await cli(['download', String(id)])).err).toEqual(['--out: name the file to write']);
  });

  // Issuing prints a PDF: without Chromium this part says why it does not run.
  browserSuite('issuing (Chromium)', () => {
    let id: number;
    beforeAll(async () => {
      id = await created('doc-analyst', {
        kind: 'recommendation',
        target: CARICC,
        marking: 'public',
        options: { asOf: '2010-12-31' },
        introduction: 'Issued from the command line.',
      });
      expect((await cli(['submit', String(id), '--as', 'doc-analyst'])).code).toBe(0);
      expect((await cli(['approve', String(id), '--as', 'doc-admin'])).code).toBe(0);
    });

    it('issues an approved document (an admin), and downloads its PDF and HTML exactly as issued', async () => {
      expect(await cli(['issue', String(id), '--as', 'doc-analyst'])).toMatchObject({
        code: 2,
        err: ['--as: doc-analyst is an analyst; issuing a document needs an admin'],
      });
      const issued = await cli(['issue', String(id), '--as', 'doc-admin']);
      expect(issued.err).toEqual([]);
      expect(issued.code).toBe(0);
      // Issued documents are for everyone: the viewer reads it through the API.
      const doc = (await viewer.get(`/api/v1/documents/${id}`).expect(200)).body as DocumentBody;
      expect(doc.stage).toBe('issued');
      expect(issued.out).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Issued ${escaped(doc.symbol)} \\(document ${id}\\): PDF of \\d+ pages?, SHA-256 ${doc.issued?.pdfSha256 ?? 'none'}\\.$`,
          ),
        ),
      ]);

      const pdfFile = join(dir, 'issued.pdf');
      const pdf = await cli(['download', String(id), '--out', pdfFile]);
      expect(pdf.code).toBe(0);
      expect(pdf.out[1]).toBe(`SHA-256: ${doc.issued?.pdfSha256 ?? ''}`);
      const written = readFileSync(pdfFile);
      expect(sha256(written)).toBe(doc.issued?.pdfSha256);
      const served = await viewer
        .get(`/api/v1/documents/${id}/issued.pdf`)
        .responseType('blob')
        .expect(200);
      expect(written.equals(served.body as Buffer)).toBe(true);

      const htmlFile = join(dir, 'issued.html');
      const html = await cli(['download', String(id), '--out', htmlFile]);
      expect(html.out[1]).toBe(`SHA-256: ${doc.issued?.htmlSha256 ?? ''}`);
      const servedHtml = await viewer.get(`/api/v1/documents/${id}/issued.html`).expect(200);
      expect(readFileSync(htmlFile, 'utf8')).toBe(servedHtml.text);
      const asked = await cli([
        'download',
        String(id),
        '--out',
        join(dir, 'copy.bin'),
        '--format',
        'html',
      ]);
      expect(asked.out[1]).toBe(`SHA-256: ${doc.issued?.htmlSha256 ?? ''}`);
      expect((await cli(['download', String(id), '--out', pdfFile, '--format', 'docx'])).code).toBe(
        2,
      );
      expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);

      expect(await cli(['list', '--stage', 'issued'])).toMatchObject({
        code: 0,
        out: [expect.stringMatching(new RegExp(`^${id} +${escaped(doc.symbol)} +issued `))],
      });
      // Issued once: a second issue is a conflict.
      expect((await cli(['issue', String(id), '--as', 'doc-admin-2'])).code).toBe(5);
    }, 120_000);
  });
});
