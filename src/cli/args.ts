import { parseArgs } from 'node:util';
import { cliOutcomeOf, EXIT_CODES } from '../common/error-mapping.js';
import type { DomainError } from '../common/errors.js';

/** The name the command line is installed under (package.json `bin`). */
export const PROGRAM = 'recommendation-tracker';

/**
 * A command that failed for a reason it can say in a few plain lines: they go to stderr, without
 * a stack, and the process ends with `exitCode`.
 */
export class CommandFailure extends Error {
  constructor(
    readonly exitCode: number,
    readonly lines: string[],
  ) {
    super(lines.join('\n'));
    this.name = 'CommandFailure';
  }
}

/** A command called the wrong way (an unknown option, a missing value or argument): exit code 2. */
export class UsageError extends CommandFailure {
  constructor(message: string) {
    super(EXIT_CODES.usage, message.split('\n'));
    this.name = 'UsageError';
  }
}

/**
 * A service's refusal as a command's failure: the exit code of its kind, and the lines the
 * command chose to say it with (by default, the common mapping's lines).
 */
export function refusal(err: DomainError, lines?: string[]): CommandFailure {
  const outcome = cliOutcomeOf(err) ?? { exitCode: EXIT_CODES[err.kind], lines: [err.message] };
  return new CommandFailure(outcome.exitCode, lines ?? outcome.lines);
}

/** One option of a command: `--name <value>` (string) or an on/off switch (boolean). */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** What the value looks like in the help, e.g. `YYYY-MM-DD`. */
  value?: string;
  /** One line for the help. */
  help: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** The options every command takes besides its own. */
export const COMMON_OPTIONS: OptionSpecs = {
  help: { type: 'boolean', help: 'show this help; nothing is run' },
  debug: { type: 'boolean', help: 'print the stack of an unexpected error' },
};

/** A command's arguments, read and checked against its options. */
export interface ParsedArgs {
  positionals: string[];
  /** The string options given, by name. */
  flags: Record<string, string | undefined>;
  /** The on/off options given. */
  switches: Set<string>;
}

/** Whether the arguments ask for help (`--help` or `-h` before any `--`). */
export function asksForHelp(args: string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/** Whether `--debug` is among the arguments (before any `--`). */
export function asksForDebug(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--debug');
}

function optionName(message: string): string {
  return /'(-[^' ]*)/.exec(message)?.[1] ?? 'an option';
}

/**
 * Reads `args` with node's own parser, strictly: an option the command does not take, a missing
 * value or a value given to a switch is refused with a UsageError naming the option.
 */
export function parseCommandArgs(
  command: string,
  args: string[],
  options: OptionSpecs,
  /** How to ask for the command's help, named in the messages. */
  helpHint = `${PROGRAM} ${command} --help`,
): ParsedArgs {
  const all = { ...options, ...COMMON_OPTIONS };
  const config = Object.fromEntries(
    Object.entries(all).map(([name, spec]) => [
      name,
      name === 'help' ? { type: spec.type, short: 'h' } : { type: spec.type },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: config, strict: true, allowPositionals: true });
  } catch (err) {
    const code = (err as { code?: string }).code;
    const message = err instanceof Error ? err.message : String(err);
    const option = optionName(message);
    const hint = `see ${helpHint}`;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const known = Object.keys(options).map((o) => `--${o}`);
      throw new UsageError(
        `Unknown option ${option} for ${command}; ${
          known.length > 0 ? `it takes ${known.join(', ')}` : 'it takes no options'
        } (${hint})`,
      );
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      if (message.includes('does not take an argument')) {
        throw new UsageError(`${option} takes no value (${hint})`);
      }
      if (message.includes('ambiguous')) {
        throw new UsageError(
          `${option} needs a value (a value starting with "-" is written ${option}=-value)`,
        );
      }
      throw new UsageError(`${option} needs a value (${hint})`);
    }
    throw err;
  }
  const flags: Record<string, string | undefined> = {};
  const switches = new Set<string>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string') flags[name] = value;
    else if (value === true) switches.add(name);
  }
  return { positionals: parsed.positionals, flags, switches };
}

/** The help of one option, e.g. `  --as-of YYYY-MM-DD   the date the figures are as of`. */
function optionLines(options: OptionSpecs): string[] {
  const rows = Object.entries(options).map(([name, spec]) => [
    `${name === 'help' ? '-h, ' : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`,
    spec.help,
  ]);
  const width = Math.max(...rows.map(([left]) => left.length)) + 3;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`);
}

/** A command's help: its usage lines, what it does, and its options. */
export function formatHelp(
  spec: { name: string; usage: string[]; description: string; options?: OptionSpecs },
  program = PROGRAM,
): string {
  const usage = spec.usage.map(
    (u, i) => `${i === 0 ? 'Usage: ' : '       '}${program} ${spec.name}${u ? ` ${u}` : ''}`,
  );
  return [
    ...usage,
    '',
    spec.description,
    '',
    'Options:',
    ...optionLines({ ...(spec.options ?? {}), ...COMMON_OPTIONS }),
  ].join('\n');
}
