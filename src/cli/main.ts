#!/usr/bin/env node
/**
 * The command line of Recommendation Tracker, installed as `recommendation-tracker` (package.json
 * `bin`); `npm run cli -- <command>` builds first and runs it. See run.ts, and `--help`.
 */
import 'reflect-metadata';
import { runCli } from './run.js';

process.exitCode = await runCli(process.argv.slice(2));
