import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureApp } from './app.setup.js';
import { configModule, InvalidEnvironmentError, validateEnv, type Env } from './config/env.js';

async function bootstrap(): Promise<void> {
  // Read .env and check the environment before anything else, as the app module will, so that a
  // bad variable gives one clear message.
  await configModule();
  const env = validateEnv(process.env);
  const { AppModule } = await import('./app.module.js');
  const { databaseTarget, describeDatabase } = await import('./database/data-source.js');
  const app = await NestFactory.create<NestExpressApplication>(AppModule);
  await configureApp(app);
  const config = app.get<ConfigService<Env, true>>(ConfigService);
  const port = config.get('PORT', { infer: true });
  const host = config.get('HOST', { infer: true });
  await app.listen(port, host);
  new Logger('Bootstrap').log(
    `Recommendation Tracker listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port} ` +
      `(database ${describeDatabase(databaseTarget(env))}; API docs at /api/docs)`,
  );
}

bootstrap().catch((err: unknown) => {
  if (err instanceof InvalidEnvironmentError) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
