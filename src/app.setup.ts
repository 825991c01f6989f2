import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import hbs from 'hbs';
import { join } from 'node:path';
import { projectRoot } from './common/project-root.js';
import { registerHelpers } from './common/views/hbs-helpers.js';

let partialsReady: Promise<void> | undefined;

function registerPartials(dir: string): Promise<void> {
  // hbs walks the folder asynchronously: wait for it before serving the first page.
  partialsReady ??= new Promise<void>((resolve, reject) =>
    hbs.registerPartials(dir, (err?: Error) => (err ? reject(err) : resolve())),
  );
  return partialsReady;
}

/** Everything main.ts and the e2e tests share: views, API docs, body limits. */
export async function configureApp(app: NestExpressApplication): Promise<void> {
  const root = projectRoot();
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: '1mb' });
  app.setBaseViewsDir(join(root, 'views'));
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });
  registerHelpers(hbs.handlebars);
  await registerPartials(join(root, 'views', 'partials'));

  const config = new DocumentBuilder()
    .setTitle('Recommendation Tracker API')
    .setDescription(
      'Follow up the recommendations of expert workshops, State by State: reference data, ' +
        'recommendations and their scope, append-only assessments with as-of reads, and progress figures.',
    )
    .setVersion('1')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'api/docs/openapi.json',
  });
  app.enableShutdownHooks();
}
