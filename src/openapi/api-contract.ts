import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import {
  type HttpErrorBody,
  httpBodyOf,
  httpProblem,
  sendProblem,
} from '../common/error-mapping.js';
import { fieldError } from '../common/errors.js';
import { hasBody } from '../common/request-bodies.js';
import { type ApiRouteMatch, ApiRoutes } from './api-routes.js';
import { versionOfTag } from './responses.js';

/**
 * What HTTP says of a request the API's routes do not take, answered from the OpenAPI document
 * (the one table of routes): an address that exists under other methods is 405 with `Allow`
 * (`OPTIONS` lists them), a body of a media type the operation does not read is 415 naming the
 * types it does (both before any body is read), and `If-Match` on an operation that takes it is
 * the `baseVersion` of the body.
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
    const ifMatch = req.headers['if-match'];
    if (ifMatch !== undefined && takesIfMatch(match.operation)) {
      const refusal = mergeIfMatch(req, ifMatch);
      if (refusal) return sendProblem(res, refusal);
    }
    next();
  });
}

function takesIfMatch(operation: ApiRouteMatch['operation']): boolean {
  return (operation.parameters ?? []).some(
    (p) => 'in' in p && p.in === 'header' && p.name.toLowerCase() === 'if-match',
  );
}

/**
 * `If-Match` as the version a write is based on: it fills `baseVersion`, or agrees with it.
 * A tag that is no version, or one that differs from `baseVersion`, is refused (400); a stale
 * one then meets the same check as a stale `baseVersion` (409).
 */
function mergeIfMatch(req: Request, header: string): HttpErrorBody | null {
  const version = versionOfTag(header);
  if (version === null) {
    return httpBodyOf(
      fieldError(
        'If-Match',
        'isVersionTag',
        `If-Match must be a version as its ETag gives it, e.g. "3"`,
      ),
    );
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (body.baseVersion !== undefined && body.baseVersion !== version) {
    return httpBodyOf(
      fieldError(
        'If-Match',
        'matchesBaseVersion',
        `If-Match says version ${version} and baseVersion ${JSON.stringify(body.baseVersion)}: send one, or the same`,
      ),
    );
  }
  req.body = { ...body, baseVersion: version };
  return null;
}
