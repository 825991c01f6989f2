import type { OpenAPIObject } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root.js';
import { problemSchema } from './problem.js';
import { responseTypeNames } from './responses.js';
import { applyValidationRules } from './validation-schemas.js';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Schema = Record<string, unknown>;

/** Where the answers' schemas made of the TypeScript types are kept (`npm run openapi:schemas`). */
export const RESPONSE_SCHEMAS_PATH = join('src', 'openapi', 'response-schemas.json');

let responseSchemas: { types: string[]; schemas: Record<string, Schema> } | undefined;

function loadResponseSchemas(): { types: string[]; schemas: Record<string, Schema> } {
  responseSchemas ??= JSON.parse(
    readFileSync(join(projectRoot(), RESPONSE_SCHEMAS_PATH), 'utf8'),
  ) as { types: string[]; schemas: Record<string, Schema> };
  return responseSchemas;
}

const STRUCTURED = /json|multipart\/form-data|x-www-form-urlencoded/;

function operations(document: OpenAPIObject): Operation[] {
  return Object.values(document.paths).flatMap((item) =>
    (['get', 'put', 'post', 'delete', 'patch'] as const)
      .map((m) => item[m])
      .filter((o): o is Operation => o !== undefined),
  );
}

/**
 * What Nest's generator leaves out, added to the document it makes: the answers' schemas (made
 * of the TypeScript types), problem details on every error answer and 401 on every operation,
 * the request bodies' rules as the server checks them (whole numbers, dates, patterns, no
 * unknown fields), raw bodies as binary, and the document's own facts (servers, licence).
 */
export function finishDocument(document: OpenAPIObject, version: string): OpenAPIObject {
  const { types, schemas } = loadResponseSchemas();
  const missing = responseTypeNames().filter((t) => !types.includes(t));
  if (missing.length > 0) {
    throw new Error(
      `No schema for the answer types ${missing.join(', ')}: run npm run openapi:schemas`,
    );
  }
  const components = (document.components ??= {});
  const own = (components.schemas ??= {}) as Record<string, Schema>;
  applyValidationRules(own);
  for (const [name, schema] of Object.entries(schemas)) {
    if (name in own) throw new Error(`Two schemas named ${name}: a DTO class and an answer type`);
    own[name] = schema;
  }
  own.Problem = problemSchema;

  for (const operation of operations(document)) {
    const responses = (operation.responses ??= {}) as unknown as Record<string, Schema>;
    responses['401'] ??= {
      description: 'No valid session or API token (see `WWW-Authenticate`)',
    };
    if (operation.parameters?.length || operation.requestBody) {
      responses['400'] ??= { description: 'A parameter or a field breaks a rule; each is named' };
    }
    // 403, 404, 413, 415, 429, 503...: whatever else refuses the request says why, as a problem.
    responses.default ??= { description: 'Any other refusal, with its reason' };
    for (const [status, response] of Object.entries(responses)) {
      if ((status === 'default' || Number(status) >= 400) && !response.content) {
        response.content = {
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        };
      }
    }
    const body = operation.requestBody as { content?: Record<string, { schema?: Schema }> };
    for (const [type, media] of Object.entries(body?.content ?? {})) {
      if (!STRUCTURED.test(type)) media.schema = { type: 'string', format: 'binary' };
    }
  }

  const bearer = components.securitySchemes?.bearer as Record<string, unknown> | undefined;
  if (bearer) bearer.bearerFormat = 'opaque';
  return {
    ...document,
    openapi: '3.1.0',
    info: {
      ...document.info,
      version,
      // OpenAPI 3.1 names a licence by its SPDX identifier (Nest's types know only 3.0's url).
      license: {
        name: 'Proprietary: all rights reserved',
        identifier: 'LicenseRef-Proprietary',
      } as OpenAPIObject['info']['license'],
    },
    servers: [{ url: '/', description: 'This server' }],
  };
}
