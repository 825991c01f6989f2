import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { checkDatabase, describeDataSource } from '../../database/data-source.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { DemoService } from '../../demo/demo.service.js';
import {
  loadReferenceData,
  readReferenceData,
} from '../../reference-data/reference-data.service.js';
import { CommandFailure, UsageError } from '../args.js';
import type { Command, CommandRun } from '../command.js';

/** The database a context is connected to, for messages (a PostgreSQL URL without its password). */
export function databaseName(app: INestApplicationContext): string {
  return describeDataSource(app.get(DataSource));
}

function noArguments(run: CommandRun, command: string): void {
  if (run.args.positionals.length > 0) {
    throw new UsageError(`${command} takes no arguments (not "${run.args.positionals.join(' ')}")`);
  }
}

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'create the database if needed and apply pending migrations',
  usage: [''],
  description:
    'Creates the database if needed and applies the pending migrations (every other command\n' +
    'does this too before it starts, as the server does).',
  async run(run) {
    noArguments(run, 'migrate');
    const app = await run.app();
    const [{ n }] = await app
      .get(DataSource)
      .query<{ n: number }[]>('SELECT COUNT(*) AS n FROM migrations');
    run.log(`Database ${databaseName(app)} is up to date (${n} migrations applied).`);
    return 0;
  },
};

export const checkCommand: Command = {
  name: 'check',
  summary: 'check the database whole: pages and foreign keys (SQLite)',
  usage: [''],
  description:
    'Reads the whole database to find damage: on SQLite, PRAGMA integrity_check (every page\n' +
    'and index) and PRAGMA foreign_key_check (every reference), which a start no longer runs\n' +
    'unless migrations were applied. PostgreSQL checks both itself. Exit code 1 when anything\n' +
    'is wrong, with what.',
  async run(run) {
    noArguments(run, 'check');
    const app = await run.app();
    const problems = await checkDatabase(app.get(DataSource));
    if (problems.length > 0) {
      throw new CommandFailure(1, [`Database ${databaseName(app)} has problems:`, ...problems]);
    }
    run.log(`Database ${databaseName(app)} checked whole: no damage, every reference resolves.`);
    return 0;
  },
};

export const seedCommand: Command = {
  name: 'seed',
  summary: 'load the reference data (only what is missing; safe to repeat)',
  usage: [''],
  description:
    'Loads the reference data (States, organisations, themes, events, recommendations and their\n' +
    'measures); only what is missing is added, so it is safe to repeat.',
  async run(run) {
    noArguments(run, 'seed');
    const app = await run.app();
    const summary = await app
      .get(TransactionRunner)
      .run((manager) => loadReferenceData(manager, readReferenceData()));
    const added = Object.entries(summary)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
    run.log(`Reference data loaded into ${databaseName(app)}: added ${added}.`);
    return 0;
  },
};

export const seedDemoCommand: Command = {
  name: 'seed-demo',
  summary: 'load the clearly labelled demo data set',
  usage: [''],
  description:
    'Loads the clearly labelled synthetic demo data set (statuses for the real\n' +
    'recommendations; every page then says DEMO DATA), only into a database without real\n' +
    'assessments.',
  async run(run) {
    noArguments(run, 'seed-demo');
    const app = await run.app();
    const name = databaseName(app);
    const result = await app.get(DemoService).load();
    run.log(
      result.alreadyLoaded
        ? `The demo data set is already loaded in ${name}.`
        : `DEMO DATA loaded into ${name}: ${result.assessments} synthetic assessments for ${result.pairs} pairs.`,
    );
    return 0;
  },
};
