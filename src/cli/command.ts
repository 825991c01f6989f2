import type { INestApplicationContext } from '@nestjs/common';
import type { ProgressStream } from '../common/progress.js';
import type { OptionSpecs, ParsedArgs } from './args.js';

/** Where a command writes; tests replace these. */
export interface CliIo {
  /** A line of the command's output (stdout). */
  log?: (line: string) => void;
  /** A line about a failure (stderr). */
  error?: (line: string) => void;
  /** Progress bars and lines (stderr). */
  progressStream?: ProgressStream;
}

/** The application a command runs on, created when the command first asks for it. */
export type AppSource = () => Promise<INestApplicationContext>;

/** What a command is given when it runs. */
export interface CommandRun {
  args: ParsedArgs;
  /**
   * The application context (database connected, schema up to date). A command checks its
   * arguments first and asks for the context after, so a mistake never touches the database.
   */
  app: AppSource;
  log: (line: string) => void;
  error: (line: string) => void;
  progressStream?: ProgressStream;
}

/** One command of the command line (or a subcommand: `user create`). */
export interface Command {
  /** As typed: `migrate`, `user create`. */
  name: string;
  /** One line for the overview. */
  summary: string;
  /** Its usage lines, after the name: `<file> --as <username> [--apply]`. */
  usage: string[];
  /** What it does, for its help. */
  description: string;
  options?: OptionSpecs;
  /** Returns the exit code. */
  run(run: CommandRun): Promise<number>;
}

/** A command with subcommands (`user list|create|reset-password`). */
export interface CommandGroup {
  name: string;
  summary: string;
  subcommands: Command[];
}
