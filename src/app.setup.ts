import type { NestExpressApplication } from '@nestjs/platform-express';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import hbs from 'hbs';
import type { NextFunction, Request, Response } from 'express';
import { join } from 'node:path';
import { useSecurityHeaders, useWebSessions } from './auth/web-session.js';
import { useCompression } from './common/compression.js';
import { useShutdownGate } from './common/graceful-shutdown.js';
import { useRequestLog } from './common/logging.js';
import { appVersion, projectRoot } from './common/project-root.js';
import { useRequestBodies } from './common/request-bodies.js';
import { useApiContract } from './openapi/api-contract.js';
import { finishDocument } from './openapi/document.js';
import { useLayoutLocals } from './common/views/layout.js';
import { registerHelpers } from './common/views/hbs-helpers.js';
import { registerPartialsFrom } from './common/views/partials.js';

/**
 * Everything main.ts and the e2e tests share: request ids and access log, compression, security,
 * sessions, views, API docs, body limits.
 */
export async function configureApp(app: NestExpressApplication): Promise<void> {
  const root = projectRoot();
  app.disable('x-powered-by');
  useRequestLog(app);
  useShutdownGate(app);
  useCompression(app);
  useSecurityHeaders(app);
  app.useStaticAssets(join(root, 'views', 'assets'), { prefix: '/assets/', maxAge: '1h' });
  // GOV.UK Frontend's script (an ES module, started by /assets/app.js), nothing else of the
  // package: its fonts and images are the GOV.UK brand's, which the pages do not use.
  const govukScript = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk');
  app.use('/assets/govuk/govuk-frontend.min.js', (_req: Request, res: Response) =>
    res.sendFile(join(govukScript, 'govuk-frontend.min.js'), { maxAge: '1h' }),
  );
  useLayoutLocals(app);
  // Past the static files, nothing is kept by a browser or a proxy: pages and answers are about
  // (and often for) the person signed in.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  await useWebSessions(app);
  // Bodies are read after the caller is known (sessions first), within their limits.
  useRequestBodies(app);
  useApiContract(app, openApiDocument);
  app.setBaseViewsDir(join(root, 'views'));
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });
  // Templates compiled once (Express caches them only when NODE_ENV is production): every page
  // otherwise read and compiled its template and layout again. Development reloads them.
  app.set('view cache', process.env.NODE_ENV !== 'development');
  registerHelpers(hbs.handlebars);
  registerPartialsFrom(hbs.handlebars, join(root, 'views', 'partials'));

  SwaggerModule.setup('api/docs', app, () => openApiDocument(app), {
    jsonDocumentUrl: 'api/docs/openapi.json',
    // Everything the docs serve lies under api/docs, behind the sign-in check.
    raw: ['json'],
  });
}

const documents = new WeakMap<INestApplication, OpenAPIObject>();

/** The OpenAPI document of the API, as served at `/api/docs/openapi.json` (made once per app). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const made = documents.get(app);
  if (made) return made;
  const config = new DocumentBuilder()
    .setTitle('Recommendation Tracker API')
    .setDescription(
      'Follow up the recommendations of expert workshops, State by State: reference data, ' +
        'recommendations and their scope, append-only assessments with as-of reads, and progress figures.',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'An API token issued by an admin',
    })
    .addSecurityRequirements('bearer')
    .build();
  const document = finishDocument(SwaggerModule.createDocument(app, config), appVersion());
  documents.set(app, document);
  return document;
}
