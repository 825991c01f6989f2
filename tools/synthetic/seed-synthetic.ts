/**
 * Fills a new database (reference data only) with a deterministic synthetic data set for
 * measuring, on the command line's application context and with its argument parser:
 *
 *   npm run seed:synthetic -- --size small|medium|large [--seed <n>]
 *
 * The database is the one the settings name, as for the command line (DATABASE_PATH, .env).
 */
import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { pathToFileURL } from 'node:url';
import { DataSource } from 'typeorm';
import {
  asksForDebug,
  asksForHelp,
  formatHelp,
  parseCommandArgs,
  UsageError,
  type OptionSpecs,
} from '../../src/cli/args.js';
import { createCliContext } from '../../src/cli/cli.module.js';
import { databaseName } from '../../src/cli/commands/database.js';
import { exitCodeOf } from '../../src/cli/run.js';
import { progress, type ProgressStream } from '../../src/common/progress.js';
import {
  DEFAULT_SYNTHETIC_SEED,
  generateSyntheticData,
  SYNTHETIC_SIZE_NAMES,
  SYNTHETIC_SIZES,
  SyntheticDataRefusedError,
  type SyntheticSize,
  type SyntheticSummary,
} from './synthetic-data.js';

const OPTIONS: OptionSpecs = {
  size: {
    type: 'string',
    value: 'small|medium|large',
    help: 'the size of the data set (required)',
  },
  seed: {
    type: 'string',
    value: '<n>',
    help: `the random seed, a whole number (default ${DEFAULT_SYNTHETIC_SEED})`,
  },
};

const HELP = formatHelp(
  {
    name: 'seed:synthetic --',
    usage: ['--size small|medium|large [--seed <n>]'],
    description:
      'Fills a new database (reference data only) with a deterministic synthetic data set for\n' +
      `measuring: ${SYNTHETIC_SIZE_NAMES.map((s) => `${s} ${SYNTHETIC_SIZES[s].toLocaleString('en')}`).join(', ')}\n` +
      'recommendations, about 12 pairs each, about 2.5 assessments per pair.',
    options: OPTIONS,
  },
  'npm run',
);

/** Checks the options, then generates with a progress bar on stderr. */
export async function syntheticCommand(
  app: INestApplicationContext | (() => Promise<INestApplicationContext>),
  args: string[],
  stream?: ProgressStream,
): Promise<SyntheticSummary> {
  const { positionals, flags } = parseCommandArgs(
    'seed:synthetic',
    args,
    OPTIONS,
    'npm run seed:synthetic -- --help',
  );
  if (positionals.length) {
    throw new UsageError(`seed:synthetic does not take ${positionals.join(', ')}`);
  }
  const size = flags.size as SyntheticSize | undefined;
  if (!size || !SYNTHETIC_SIZE_NAMES.includes(size)) {
    throw new UsageError(`--size must be one of ${SYNTHETIC_SIZE_NAMES.join(', ')}`);
  }
  const seed = flags.seed === undefined ? DEFAULT_SYNTHETIC_SEED : Number(flags.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new UsageError('--seed must be a whole number, 0 or more');
  }
  const context = typeof app === 'function' ? await app() : app;
  const bar = progress('Generating recommendations', SYNTHETIC_SIZES[size], {
    stream,
    quietBelow: 0,
  });
  let summary: SyntheticSummary;
  try {
    summary = await generateSyntheticData(context.get(DataSource), { size, seed, progress: bar });
  } catch (err) {
    throw err instanceof SyntheticDataRefusedError ? new UsageError(err.message) : err;
  }
  bar.finish(
    `${summary.events.toLocaleString('en')} events, ${summary.recommendations.toLocaleString('en')} recommendations, ` +
      `${summary.pairs.toLocaleString('en')} pairs, ${summary.assessments.toLocaleString('en')} assessments`,
  );
  return summary;
}

async function main(argv: string[]): Promise<number> {
  const debug = asksForDebug(argv);
  if (asksForHelp(argv)) {
    console.log(HELP);
    return 0;
  }
  let context: INestApplicationContext | undefined;
  try {
    const summary = await syntheticCommand(
      async () => (context = await createCliContext({ verbose: debug })),
      argv,
    );
    console.log(
      `Synthetic data set (${summary.size}, seed ${summary.seed}) written to ${databaseName(context as INestApplicationContext)}.`,
    );
    return 0;
  } catch (err) {
    return exitCodeOf(err, debug, (line) => console.error(line));
  } finally {
    await context?.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
