import type { INestApplicationContext } from '@nestjs/common';
import { cliOutcomeOf } from '../common/error-mapping.js';
import { appVersion } from '../common/project-root.js';
import { DEFAULT_DATABASE_PATH, InvalidEnvironmentError } from '../config/env.js';
import {
  asksForDebug,
  asksForHelp,
  CommandFailure,
  formatHelp,
  parseCommandArgs,
  PROGRAM,
  UsageError,
} from './args.js';
import { createCliContext } from './cli.module.js';
import type { CliIo, Command, CommandGroup } from './command.js';
import { backupCommand, restoreCommand } from './commands/backup.js';
import { documentCommands } from './commands/documents.js';
import { checkCommand, migrateCommand, seedCommand, seedDemoCommand } from './commands/database.js';
import { reportCommand } from './commands/reports.js';
import { exportCommand, importCommand } from './commands/transfers.js';
import { tokenCommands, userCommands } from './commands/users.js';

/** Every command, in the order of the overview. */
export const COMMANDS: (Command | CommandGroup)[] = [
  migrateCommand,
  checkCommand,
  backupCommand,
  restoreCommand,
  seedCommand,
  seedDemoCommand,
  userCommands,
  tokenCommands,
  importCommand,
  exportCommand,
  reportCommand,
  documentCommands,
];

function isGroup(entry: Command | CommandGroup): entry is CommandGroup {
  return 'subcommands' in entry;
}

/** The overview: every command with a line on what it does, global options, exit codes. */
export function overview(): string {
  const rows = COMMANDS.flatMap((entry) =>
    isGroup(entry)
      ? entry.subcommands.map((c) => [c.name, c.summary])
      : [[entry.name, entry.summary]],
  );
  rows.push(['help [<command>]', 'this text, or the help of a command']);
  const width = Math.max(...rows.map(([name]) => name.length)) + 3;
  return [
    'Recommendation Tracker command line',
    '',
    `Usage: ${PROGRAM} [--debug] <command> [<arguments>] [<options>]`,
    `       ${PROGRAM} <command> --help`,
    '       npm run cli -- <command> ...   (builds first)',
    '',
    'Commands:',
    ...rows.map(([name, summary]) => `  ${name.padEnd(width)}${summary}`),
    '',
    'Options:',
    '  -h, --help      show help (after a command: its help); nothing is run',
    '  -V, --version   print the version',
    '  --debug         print the stack of an unexpected error',
    '',
    "The settings are the server's: environment variables, and a .env file in the working",
    'directory (a variable set in the environment wins over .env). The database is',
    `DATABASE_URL (PostgreSQL) when set, otherwise DATABASE_PATH (SQLite, default`,
    `${DEFAULT_DATABASE_PATH}). Every command but help, backup and restore first brings the`,
    'schema up to date.',
    '',
    'Exit codes: 0 done; 1 unexpected failure or invalid environment; 2 wrong usage or',
    'invalid input; 3 not found; 4 not allowed or out of scope; 5 stale version or conflict;',
    '6 unavailable (e.g. no Chromium for a PDF).',
  ].join('\n');
}

function groupHelp(group: CommandGroup): string {
  return [
    ...group.subcommands.map((c, i) =>
      `${i === 0 ? 'Usage: ' : '       '}${PROGRAM} ${c.name} ${c.usage[0]}`.trimEnd(),
    ),
    '',
    ...group.subcommands.map((c) => `  ${c.name.padEnd(22)}${c.summary}`),
    '',
    `${PROGRAM} ${group.name} <subcommand> --help shows the help of one.`,
  ].join('\n');
}

/** What the arguments ask for: a command's help, or a command to run with its arguments. */
type Plan = { help: string } | { command: Command; args: string[] };

/** Finds the command `argv` names (a UsageError if none); help when asked for, nothing run. */
export function plan(argv: string[]): Plan {
  const [name, ...rest] = argv;
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    throw new UsageError(`Unknown command "${name}" (${PROGRAM} --help lists the commands)`);
  }
  if (!isGroup(entry)) {
    return asksForHelp(rest) ? { help: formatHelp(entry) } : { command: entry, args: rest };
  }
  const [sub, ...args] = rest;
  const command = entry.subcommands.find((c) => c.name === `${name} ${sub}`);
  if (!command) {
    if (asksForHelp(rest)) return { help: groupHelp(entry) };
    const known = entry.subcommands.map((c) => c.name.split(' ')[1]).join(', ');
    throw new UsageError(
      sub === undefined
        ? `${name} needs a subcommand: ${known}`
        : `Unknown ${name} subcommand "${sub}"; the subcommands are ${known}`,
    );
  }
  return asksForHelp(args) ? { help: formatHelp(command) } : { command, args };
}

/**
 * Runs one command on an application context (or on the one `app` creates when first asked):
 * its help if asked for, else its arguments are checked and it runs. A refusal of the services
 * comes back as a CommandFailure with the exit code and lines of the common mapping.
 */
export async function execute(
  app: INestApplicationContext | (() => Promise<INestApplicationContext>),
  argv: string[],
  io: CliIo = {},
): Promise<number> {
  const log = io.log ?? ((line: string) => console.log(line));
  const error = io.error ?? ((line: string) => console.error(line));
  const planned = plan(argv);
  if ('help' in planned) {
    log(planned.help);
    return 0;
  }
  const { command } = planned;
  const args = parseCommandArgs(command.name, planned.args, command.options ?? {});
  try {
    return await command.run({
      args,
      app: typeof app === 'function' ? app : () => Promise.resolve(app),
      log,
      error,
      progressStream: io.progressStream,
    });
  } catch (err) {
    const outcome = cliOutcomeOf(err);
    if (outcome) throw new CommandFailure(outcome.exitCode, outcome.lines);
    throw err;
  }
}

/**
 * Says why a command failed, in plain lines on `error`, and gives its exit code: a command's
 * failure or a bad environment as it is, anything else as one line `error: <message>` (exit
 * code 1). The stack only with `debug`.
 */
export function exitCodeOf(err: unknown, debug: boolean, error: (line: string) => void): number {
  if (err instanceof CommandFailure) {
    err.lines.forEach((line) => error(line));
    if (debug && err.stack) error(err.stack);
    return err.exitCode;
  }
  const outcome = cliOutcomeOf(err);
  if (outcome) {
    outcome.lines.forEach((line) => error(line));
    if (debug && err instanceof Error && err.stack) error(err.stack);
    return outcome.exitCode;
  }
  if (err instanceof InvalidEnvironmentError) {
    err.message.split('\n').forEach((line) => error(line));
    return 1;
  }
  const message = err instanceof Error ? err.message : String(err);
  error(`error: ${message.split('\n')[0]}`);
  if (debug && err instanceof Error && err.stack) error(err.stack);
  return 1;
}

/**
 * The command line: global options, then one command on a context of its own, created only
 * when the command needs the database and closed at the end. Returns the exit code; failures
 * are said on stderr in plain lines (with the stack only under --debug).
 */
export async function runCli(argv: string[], io: CliIo = {}): Promise<number> {
  const log = io.log ?? ((line: string) => console.log(line));
  const error = io.error ?? ((line: string) => console.error(line));
  const debug = asksForDebug(argv);
  let context: INestApplicationContext | undefined;
  try {
    const rest = [...argv];
    while (rest[0]?.startsWith('-')) {
      const option = rest.shift() as string;
      if (option === '--help' || option === '-h') {
        log(overview());
        return 0;
      }
      if (option === '--version' || option === '-V') {
        log(appVersion());
        return 0;
      }
      if (option !== '--debug') {
        throw new UsageError(
          `Unknown option ${option}; before a command: --help, --version, --debug (${PROGRAM} --help)`,
        );
      }
    }
    const [name, ...args] = rest;
    if (name === undefined) {
      error(overview());
      return 2;
    }
    if (name === 'help') {
      if (args.length === 0) {
        log(overview());
        return 0;
      }
      return await execute(
        () => Promise.reject(new Error('help runs nothing')),
        [...args, '--help'],
        {
          ...io,
          log,
        },
      );
    }
    return await execute(
      async () => (context ??= await createCliContext({ verbose: debug })),
      rest,
      { ...io, log, error },
    );
  } catch (err) {
    return exitCodeOf(err, debug, error);
  } finally {
    await context?.close().catch(() => undefined);
  }
}
