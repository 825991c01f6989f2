import type { DataSource } from 'typeorm';
import { parseArgs, UsageError } from '../../src/cli-users.js';
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

export const SYNTHETIC_USAGE = `  seed-synthetic --size small|medium|large [--seed <n>]
            fill a new database (reference data only) with a deterministic synthetic
            data set for measuring: ${SYNTHETIC_SIZE_NAMES.map((s) => `${s} ${SYNTHETIC_SIZES[s].toLocaleString('en')}`).join(', ')}
            recommendations, about 12 pairs each, about 2.5 assessments per pair`;

/** `seed-synthetic`: checks the options, then generates with a progress bar on stderr. */
export async function syntheticCommand(
  ds: DataSource,
  args: string[],
  stream?: ProgressStream,
): Promise<SyntheticSummary> {
  const { positional, flags } = parseArgs(args);
  const unknown = [
    ...positional,
    ...Object.keys(flags).filter((f) => f !== 'size' && f !== 'seed'),
  ];
  if (unknown.length) throw new UsageError(`seed-synthetic does not take ${unknown.join(', ')}`);
  const size = flags.size as SyntheticSize | undefined;
  if (!size || !SYNTHETIC_SIZE_NAMES.includes(size)) {
    throw new UsageError(`--size must be one of ${SYNTHETIC_SIZE_NAMES.join(', ')}`);
  }
  const seed = flags.seed === undefined ? DEFAULT_SYNTHETIC_SEED : Number(flags.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new UsageError('--seed must be a whole number, 0 or more');
  }
  const bar = progress('Generating recommendations', SYNTHETIC_SIZES[size], {
    stream,
    quietBelow: 0,
  });
  let summary: SyntheticSummary;
  try {
    summary = await generateSyntheticData(ds, { size, seed, progress: bar });
  } catch (err) {
    throw err instanceof SyntheticDataRefusedError ? new UsageError(err.message) : err;
  }
  bar.finish(
    `${summary.events.toLocaleString('en')} events, ${summary.recommendations.toLocaleString('en')} recommendations, ` +
      `${summary.pairs.toLocaleString('en')} pairs, ${summary.assessments.toLocaleString('en')} assessments`,
  );
  return summary;
}
