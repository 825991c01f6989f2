import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { systemPrincipal } from '../../src/auth/principal.js';
import { createCliContext } from '../../src/cli/cli.module.js';
import { progress } from '../../src/common/progress.js';
import { TransactionRunner } from '../../src/database/transaction-runner.js';
import {
  loadReferenceData,
  readReferenceData,
} from '../../src/reference-data/reference-data.service.js';
import { Role } from '../../src/users/role.enum.js';
import { UsersService } from '../../src/users/users.service.js';
import {
  DEFAULT_SYNTHETIC_SEED,
  generateSyntheticData,
  SYNTHETIC_SIZES,
  SYNTHETIC_VERSION,
  type SyntheticSize,
  type SyntheticSummary,
} from '../synthetic/synthetic-data.js';

/** Where the benchmark keeps its data sets, one file per size (not in git). */
export const BENCH_DATA_DIR = join('data', 'bench');

/** What a data set file was built from, kept beside it as `<size>.json`. */
export interface DataSetRecord {
  size: SyntheticSize;
  seed: number;
  version: number;
  builtAt: string;
  buildSeconds: number;
  summary: SyntheticSummary;
}

export interface DataSet {
  /** The kept file, never written by a run. */
  path: string;
  record: DataSetRecord | null;
  /** Whether it was built by this run (false: reused). */
  built: boolean;
}

function recordPath(size: SyntheticSize): string {
  return join(BENCH_DATA_DIR, `${size}.json`);
}

function readRecord(size: SyntheticSize): DataSetRecord | null {
  try {
    return JSON.parse(readFileSync(recordPath(size), 'utf8')) as DataSetRecord;
  } catch {
    return null;
  }
}

/**
 * The synthetic data set of a size: reused when its file exists and was built by the same
 * generator version and seed (unless `rebuild`), else built anew into a fresh database (schema,
 * reference data, then the generator) and kept for later runs.
 */
export async function ensureDataSet(
  size: SyntheticSize,
  options: { rebuild: boolean; log: (line: string) => void },
): Promise<DataSet> {
  const path = join(BENCH_DATA_DIR, `${size}.sqlite`);
  const seed = DEFAULT_SYNTHETIC_SEED;
  const kept = readRecord(size);
  if (
    !options.rebuild &&
    existsSync(path) &&
    kept?.version === SYNTHETIC_VERSION &&
    kept.seed === seed
  ) {
    options.log(
      `data set ${size}: reusing ${path} (generator v${kept.version}, seed ${kept.seed}, built ${kept.builtAt})`,
    );
    return { path, record: kept, built: false };
  }
  options.log(
    `data set ${size}: building ${SYNTHETIC_SIZES[size].toLocaleString('en-GB')} recommendations into ${path}` +
      (kept && !options.rebuild ? ' (the kept one is of another generator version or seed)' : ''),
  );
  mkdirSync(BENCH_DATA_DIR, { recursive: true });
  const partial = `${path}.partial`;
  removeDatabase(partial);
  const started = performance.now();
  // The command line's application context, on the new file: schema, then reference data.
  const context = await createCliContext({ database: { path: partial } });
  let summary: SyntheticSummary;
  try {
    const dataSource = context.get(DataSource);
    await context
      .get(TransactionRunner)
      .run((manager) => loadReferenceData(manager, readReferenceData()));
    const bar = progress(`data set ${size}`, SYNTHETIC_SIZES[size], { quietBelow: 0 });
    summary = await generateSyntheticData(dataSource, { size, seed, progress: bar });
    bar.finish();
    await dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    await context.close();
  }
  removeDatabase(path);
  renameSync(partial, path);
  removeDatabase(partial);
  const record: DataSetRecord = {
    size,
    seed,
    version: SYNTHETIC_VERSION,
    builtAt: new Date().toISOString(),
    buildSeconds: Math.round((performance.now() - started) / 100) / 10,
    summary,
  };
  writeFileSync(recordPath(size), `${JSON.stringify(record, null, 2)}\n`);
  options.log(
    `data set ${size}: built in ${record.buildSeconds} s: ${summary.recommendations} recommendations, ${summary.pairs} pairs, ${summary.assessments} assessments`,
  );
  return { path, record, built: true };
}

/** A database file with its write-ahead log and shared-memory files. */
export function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    rmSync(`${path}${suffix}`, { force: true });
}

/** Copies a database file (closed, its log checkpointed) to where a run may write to it. */
export function copyDatabase(from: string, to: string): void {
  removeDatabase(to);
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
}

/**
 * Readies a run's copy of a database for the app: pending migrations applied, and the first
 * administrator created as the app would at its first start (the benchmark uses API tokens, so
 * the password is never needed and not printed).
 */
export async function prepareCopy(path: string): Promise<void> {
  const context = await createCliContext({ database: { path } });
  try {
    await context.get(UsersService).ensureInitialAdmin(systemPrincipal('cli', Role.Admin));
  } finally {
    await context.close();
  }
}
