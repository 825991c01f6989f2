import 'reflect-metadata';
import { tokenCommand, USER_USAGE, UsageError, userCommand } from './cli-users.js';
import { validateEnv, InvalidEnvironmentError } from './config/env.js';
import { databaseTarget, describeDatabase, openDatabase } from './database/data-source.js';
import { TransactionRunner } from './database/transaction-runner.js';
import { DemoService } from './demo/demo.service.js';
import { loadReferenceData, readReferenceData } from './reference-data/reference-data.service.js';
import { REPORT_USAGE, reportCommand } from './reports/cli-reports.js';
import { exportCommand, importCommand, TRANSFER_USAGE } from './transfers/cli-transfers.js';

const USAGE = `Recommendation Tracker command line

Usage: npm run cli -- <command>

Commands:
  migrate   create the database if needed and apply pending migrations
  seed      load the reference data (States, organisations, themes, events,
            recommendations); only what is missing is added, so it is safe to repeat
${USER_USAGE}
${TRANSFER_USAGE}
${REPORT_USAGE}
  seed-demo load the clearly labelled synthetic demo data set (statuses for the real
            recommendations; every page then says DEMO DATA); only into a database
            without real assessments
  help      show this text

The database is the one the app uses: DATABASE_URL (PostgreSQL) when set, otherwise
DATABASE_PATH (SQLite, default data/recommendation-tracker.sqlite).`;

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  const env = validateEnv(process.env);
  const database = databaseTarget(env);
  const name = describeDatabase(database);
  if (command === 'migrate') {
    const ds = await openDatabase(database);
    const [{ n }] = await ds.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM migrations');
    console.log(`Database ${name} is up to date (${n} migrations applied).`);
    await ds.destroy();
    return 0;
  }
  if (command === 'seed') {
    const ds = await openDatabase(database);
    const summary = await ds.transaction((manager) =>
      loadReferenceData(manager, readReferenceData()),
    );
    const added = Object.entries(summary)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
    console.log(`Reference data loaded into ${name}: added ${added}.`);
    await ds.destroy();
    return 0;
  }
  if (command === 'seed-demo') {
    const ds = await openDatabase(database);
    try {
      const result = await new DemoService(new TransactionRunner(ds)).load();
      console.log(
        result.alreadyLoaded
          ? `The demo data set is already loaded in ${name}.`
          : `DEMO DATA loaded into ${name}: ${result.assessments} synthetic assessments for ${result.pairs} pairs.`,
      );
    } finally {
      await ds.destroy();
    }
    return 0;
  }
  if (command === 'user' || command === 'token') {
    const ds = await openDatabase(database);
    try {
      await (command === 'user' ? userCommand : tokenCommand)(ds, argv.slice(1));
    } finally {
      await ds.destroy();
    }
    return 0;
  }
  if (command === 'import' || command === 'export') {
    const ds = await openDatabase(database);
    try {
      return await (command === 'import' ? importCommand : exportCommand)(ds, argv.slice(1));
    } finally {
      await ds.destroy();
    }
  }
  if (command === 'report') {
    const ds = await openDatabase(database);
    try {
      return await reportCommand(ds, argv.slice(1));
    } finally {
      await ds.destroy();
    }
  }
  console.error(`Unknown command "${command}".\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    if (err instanceof UsageError) {
      console.error(err.message);
      process.exitCode = 2;
      return;
    }
    console.error(err instanceof InvalidEnvironmentError ? err.message : err);
    process.exitCode = 1;
  });
