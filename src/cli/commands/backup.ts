import { resolve } from 'node:path';
import { configModule, validateEnv, type Env } from '../../config/env.js';
import { isMemoryDatabase } from '../../database/data-source.js';
import {
  backupDatabase,
  restoreDatabase,
  type DatabaseFileReport,
} from '../../database/sqlite-file.js';
import { EXIT_CODES } from '../../common/error-mapping.js';
import { CommandFailure, UsageError } from '../args.js';
import type { Command, CommandRun } from '../command.js';

/**
 * The SQLite file the environment names. These commands work on the file itself, without the
 * application (no migration is run): on PostgreSQL, or on a database in memory, they refuse.
 */
async function sqliteFile(command: 'backup' | 'restore'): Promise<string> {
  await configModule();
  const env: Env = validateEnv(process.env);
  if (env.DATABASE_URL) {
    throw new CommandFailure(EXIT_CODES.usage, [
      `${command} works on the SQLite file; this database is PostgreSQL (DATABASE_URL).`,
      command === 'backup'
        ? 'Back it up with PostgreSQL\'s own tool: pg_dump --format=custom --file=<file> "$DATABASE_URL"'
        : 'Restore a pg_dump file with PostgreSQL\'s own tool: pg_restore --clean --if-exists --dbname="$DATABASE_URL" <file>',
    ]);
  }
  if (isMemoryDatabase(env.DATABASE_PATH)) {
    throw new CommandFailure(EXIT_CODES.usage, [
      `${command}: DATABASE_PATH is ":memory:", a database that lives in one process only`,
    ]);
  }
  return env.DATABASE_PATH;
}

function requiredFile(run: CommandRun, command: string, option: string): string {
  if (run.args.positionals.length > 0) {
    throw new UsageError(
      `${command} takes no arguments (not "${run.args.positionals.join(' ')}"); name the file with --${option}`,
    );
  }
  const file = run.args.flags[option];
  if (!file) throw new UsageError(`${command} needs --${option} <file>`);
  return file;
}

/** "1,234 assessments, 21 recommendations; schema Measures1797200000000 (14 migrations)". */
function contents(report: DatabaseFileReport): string {
  const { schema } = report;
  return (
    `${report.assessments} assessments, ${report.recommendations} recommendations; ` +
    `schema ${schema.last ?? '(none)'} (${schema.applied} migrations)`
  );
}

export const backupCommand: Command = {
  name: 'backup',
  summary: 'copy the SQLite database to a file, while the server runs',
  usage: ['--out <file> [--force]'],
  description:
    'Copies the SQLite database (DATABASE_PATH) to a file: one consistent snapshot, taken\n' +
    'while the server goes on serving and writing (SQLite VACUUM INTO). The copy is checked\n' +
    'whole (PRAGMA integrity_check) before it takes its name; then its contents and schema\n' +
    'version (the last migration) are printed. An existing file is replaced only with --force.\n' +
    'On PostgreSQL it refuses: use pg_dump.',
  options: {
    out: { type: 'string', value: '<file>', help: 'the file to write (required)' },
    force: { type: 'boolean', help: 'replace the file if it exists' },
  },
  async run(run) {
    const out = requiredFile(run, 'backup', 'out');
    const database = await sqliteFile('backup');
    const report = await backupDatabase(database, out, { force: run.args.switches.has('force') });
    run.log(`Backed up ${resolve(database)} to ${resolve(out)}: integrity ok.`);
    run.log(`It holds ${contents(report)}.`);
    return 0;
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'replace the SQLite database with a backup (server stopped)',
  usage: ['--from <file>'],
  description:
    'Replaces the SQLite database (DATABASE_PATH) with a backup, the server being stopped (it\n' +
    'refuses while a process has the database open). The file is first checked: a SQLite\n' +
    'database of this app, whole (PRAGMA integrity_check), whose migrations this version all\n' +
    'knows (a file from a newer version is refused; an older one is brought up to date at the\n' +
    'next start). The database it replaces is kept beside it as\n' +
    '<database>.before-restore-<time>. On PostgreSQL it refuses: use pg_restore.',
  options: {
    from: { type: 'string', value: '<file>', help: 'the backup to restore (required)' },
  },
  async run(run) {
    const from = requiredFile(run, 'restore', 'from');
    const database = await sqliteFile('restore');
    const report = await restoreDatabase(from, database);
    run.log(`Restored ${resolve(from)} into ${resolve(database)}: integrity ok.`);
    run.log(`It holds ${contents(report)}.`);
    if (report.schema.pending.length > 0) {
      run.log(
        `${report.schema.pending.length} migration(s) of this version are not applied yet: the next start (or migrate) applies them.`,
      );
    }
    run.log(
      report.keptAs
        ? `The database it replaced is kept as ${report.keptAs}.`
        : 'There was no database there before.',
    );
    return 0;
  },
};
