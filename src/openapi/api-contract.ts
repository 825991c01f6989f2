import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { httpProblem, sendProblem } from '../common/error-mapping.js';
import { hasBody } from '../common/request-bodies.js';
import { ApiRoutes } from './api-routes.js';

/**
 * What HTTP says of a request the API's routes do not take, answered from the OpenAPI document
 * (the one table of routes): an address that exists under other methods is 405 with `Allow`
 * (`OPTIONS` lists them), a body of a media type the operation does not read is 415 naming the
 * types it does. Both before any body is read.
 */
export function useApiContract(
  app: NestExpressApplication,
  document: (app: INestApplication) => OpenAPIObject,
): void {
  let routes: ApiRoutes | undefined;
  app.use('/api/v1', (req: Request, res: Response, next: NextFunction) => {
    routes ??= new ApiRoutes(document(app));
    const path = req.originalUrl.split('?')[0];
    if (!routes.knows(path)) return next();
    const allowed = routes.allowed(path);
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', [...allowed, 'OPTIONS'].join(', '));
      res.status(204).end();
      return;
    }
    const match = routes.find(req.method, path);
    if (!match) {
      res.setHeader('Allow', [...allowed, 'OPTIONS'].join(', '));
      sendProblem(res, httpProblem(405, `${path} takes ${allowed.join(', ')}, not ${req.method}`));
      return;
    }
    const body = match.operation.requestBody;
    const types = body && 'content' in body ? Object.keys(body.content) : [];
    if (types.length > 0 && hasBody(req) && !req.is(types)) {
      res.setHeader('Connection', 'close');
      sendProblem(
        res,
        httpProblem(
          415,
          `The request body must be ${types.join(' or ')}, not ${req.headers['content-type'] ?? 'of no stated type'}`,
        ),
      );
      return;
    }
    next();
  });
}
