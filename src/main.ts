import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureApp } from './app.setup.js';
import { stopGracefullyOnSignals } from './common/graceful-shutdown.js';
import { createAppLogger, resolveLogFormat } from './common/logging.js';
import { configModule, InvalidEnvironmentError, validateEnv } from './config/env.js';

async function bootstrap(): Promise<void> {
  // Read .env and check the environment before anything else, as the app module will, so that a
  // bad variable gives one clear message.
  await configModule();
  const env = validateEnv(process.env);
  const logger = createAppLogger(resolveLogFormat(env.LOG_FORMAT, process.stdout.isTTY === true));
  Logger.overrideLogger(logger);
  const { AppModule } = await import('./app.module.js');
  const { databaseTarget, describeDatabase } = await import('./database/data-source.js');
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger });
  await configureApp(app);
  stopGracefullyOnSignals(app, env.SHUTDOWN_GRACE_SECONDS);
  await app.listen(env.PORT, env.HOST);
  new Logger('Bootstrap').log(
    `Recommendation Tracker listening on http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT} ` +
      `(database ${describeDatabase(databaseTarget(env))}; API docs at /api/docs)`,
  );
}

bootstrap().catch((err: unknown) => {
  if (err instanceof InvalidEnvironmentError) {
    console.error(err.message);
  } else {
    new Logger('Bootstrap').fatal(
      'The server could not start',
      err instanceof Error ? err.stack : String(err),
    );
  }
  process.exit(1);
});
