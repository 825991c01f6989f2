import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ensureBuilt, ROOT } from './utils/build.js';

/**
 * The built command line, run as a user runs it (`recommendation-tracker`, package.json `bin`):
 * a process of its own on a temporary SQLite file. CI builds before testing; run alone, the test
 * builds first when the build is missing or older than the sources.
 */
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a run: this one without any database setting, plus `extra`. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const key of ['DATABASE_URL', 'DATABASE_PATH']) {
    if (!(key in extra)) delete env[key];
  }
  return env;
}

function cli(args: string[], options: { cwd: string; env?: Record<string, string> }): Run {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: envWith(options.env ?? {}),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function digest(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('the command line, built and run as a program', () => {
  let dir: string;
  let db: string;
  const inDir = (args: string[], env: Record<string, string> = { DATABASE_PATH: db }): Run =>
    cli(args, { cwd: dir, env });

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'rt-cli-'));
    db = join(dir, 'cli.sqlite');
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts with a shebang, so that the bin entry runs it', () => {
    expect(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ 'recommendation-tracker': 'dist/src/cli/main.js' });
  });

  it('--help and help print the overview of every command, exit code 0', () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const res = inDir(args);
      expect(res.code).toBe(0);
      expect(res.stderr).toBe('');
      for (const command of ['migrate', 'seed-demo', 'user create', 'token issue', 'import']) {
        expect(res.stdout).toContain(`  ${command} `);
      }
      expect(res.stdout).toContain('Exit codes:');
    }
    expect(existsSync(db)).toBe(false);
  });

  it('--version prints the version of package.json', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const res = inDir(['--version']);
    expect(res.code).toBe(0);
    expect(res.stdout.trim()).toBe(version);
  });

  it('without a command, prints the overview on stderr, exit code 2', () => {
    const res = inDir([]);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('Commands:');
  });

  it('migrate --help prints its help and creates no database', () => {
    const res = inDir(['migrate', '--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Usage: recommendation-tracker migrate');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses an unknown option by name, exit code 2, before touching the database', () => {
    const res = inDir(['migrate', '--frobnicate']);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^Unknown option --frobnicate for migrate/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    const missing = inDir(['user', 'create', 'x.y', '--role']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^--role needs a value/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('checks the database whole on demand, naming a reference that resolves nowhere', async () => {
    const work = mkdtempSync(join(tmpdir(), 'rt-cli-check-'));
    const file = join(work, 'check.sqlite');
    try {
      const ok = cli(['check'], { cwd: work, env: { DATABASE_PATH: file } });
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/checked whole: no damage, every reference resolves/);
      // A row written behind the app's back, with foreign keys off, as a bad copy would leave.
      const db = await new DataSource({ type: 'sqlite', database: file }).initialize();
      await db.query('PRAGMA foreign_keys = OFF');
      await db.query(
        'INSERT INTO recommendation_themes (recommendation_id, theme_id) VALUES (1, 999999)',
      );
      await db.destroy();
      const broken = cli(['check'], { cwd: work, env: { DATABASE_PATH: file } });
      expect(broken.code).toBe(1);
      expect(broken.stderr).toMatch(
        /recommendation_themes row \d+ refers to a missing themes? row/,
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('migrates; then seed --help and user create -h run nothing', () => {
    const res = inDir(['migrate']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      /^Database .*cli\.sqlite is up to date \(\d+ migrations applied\)\./,
    );
    const before = digest(db);
    for (const args of [
      ['seed', '--help'],
      ['user', 'create', 'a.b', '--role', 'admin', '-h'],
    ]) {
      const help = inDir(args);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Usage: recommendation-tracker');
    }
    expect(digest(db)).toBe(before);
  });

  it('says a refusal in one line without a stack, with the exit code of its kind', () => {
    const res = inDir(['user', 'reset-password', 'nobody']);
    expect(res.code).toBe(3);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe('No user "nobody"\n');
  });

  it('reads .env in the working directory, as the server does; the environment wins', () => {
    const work = mkdtempSync(join(tmpdir(), 'rt-cli-env-'));
    try {
      writeFileSync(join(work, '.env'), 'DATABASE_PATH=from-dotenv.sqlite\n');
      const fromFile = cli(['migrate'], { cwd: work });
      expect(fromFile.code).toBe(0);
      expect(fromFile.stdout).toContain('Database from-dotenv.sqlite is up to date');
      expect(existsSync(join(work, 'from-dotenv.sqlite'))).toBe(true);

      const fromEnv = cli(['migrate'], { cwd: work, env: { DATABASE_PATH: 'from-env.sqlite' } });
      expect(fromEnv.code).toBe(0);
      expect(existsSync(join(work, 'from-env.sqlite'))).toBe(true);

      writeFileSync(join(work, '.env'), 'SESSION_IDLE_MINUTES=often\n');
      const bad = cli(['migrate'], { cwd: work });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('SESSION_IDLE_MINUTES="often": SESSION_IDLE_MINUTES must be');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('imports lines of a recommendation measured by facts, printing each fact and the status it gives', () => {
    expect(inDir(['seed']).code).toBe(0);
    expect(inDir(['user', 'create', 'fact.analyst', '--role', 'analyst']).code).toBe(0);
    const file = join(dir, 'facts.csv');
    writeFileSync(
      file,
      [
        'ref,iso3,status,assessedOn,milestone,overrideReason',
        'JEW-II.9,KGZ,,2010-06-01,ratified,',
        'JEW-II.9,TJK,implemented,2010-06-01,,Deposited by decree',
        'JEW-II.10,KAZ,implemented,2010-06-01,,',
      ].join('\r\n'),
    );
    const facts = (title: string) =>
      [
        `${title} (2):`,
        '  line 2  KGZ  JEW-II.9  CARICC Agreement: Ratified → Mostly implemented  as of 2010-06-01',
        '  line 3  TJK  JEW-II.9  no fact → Implemented  as of 2010-06-01',
        '    set by hand (the facts give No information): Deposited by decree',
        '',
      ].join('\n');
    const dry = inDir(['import', file, '--as', 'fact.analyst']);
    expect(dry.stderr).not.toContain('Error');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(facts('Facts'));
    // A graded recommendation's line is a change, not a fact.
    expect(dry.stdout).toContain('line 4  JEW-II.10  KAZ  No information → Implemented');
    expect(dry.stdout).not.toMatch(/line 4 {2}KAZ/);

    const applied = inDir(['import', file, '--as', 'fact.analyst', '--apply']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Imported 3 assessments (import #');
    expect(applied.stdout.slice(applied.stdout.indexOf('Imported'))).toContain(
      facts('Facts recorded'),
    );

    // A status without a fact or a reason is a bad line, its fact's column named.
    writeFileSync(file, 'ref,iso3,status,assessedOn\r\nJEW-II.9,UZB,implemented,2010-06-01\r\n');
    const bad = inDir(['import', file, '--as', 'fact.analyst']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain(
      'line 2  milestone  factRequired: milestone: JEW-II.9 is measured by milestones: record the milestone reached, or give a reason to set the status by hand',
    );
  });
});
