/**
 * Writes the JSON schemas of the API's answers (`src/openapi/response-schemas.json`) from the
 * TypeScript types the controllers name. Run it after changing such a type or adding one:
 *
 *   npm run openapi:schemas
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/common/project-root.js';
import { responseTypeNames } from '../../src/openapi/responses.js';
import { RESPONSE_SCHEMAS_FILE, responseSchemas } from './response-schemas.js';

// The controllers name their answers' types as they are loaded.
await import('../../src/app.module.js');
const root = projectRoot();
const result = responseSchemas(root, responseTypeNames());
writeFileSync(join(root, RESPONSE_SCHEMAS_FILE), JSON.stringify(result, null, 2) + '\n');
console.log(
  `${RESPONSE_SCHEMAS_FILE}: ${result.types.length} answer types, ${Object.keys(result.schemas).length} schemas`,
);
