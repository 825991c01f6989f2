/**
 * Writes the OpenAPI document the app serves (`/api/docs/openapi.json`) to a file, for client
 * generators and the contract checks; with `--check`, validates it with swagger-parser too
 * (`npm run openapi:check` then lints it with Redocly).
 *
 *   node dist/tools/scripts/openapi.js [--out openapi.json] [--check]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startDemoApp } from './demo-app.js';

const { values } = parseArgs({
  options: { out: { type: 'string', default: 'openapi.json' }, check: { type: 'boolean' } },
});
const demo = await startDemoApp({ demoData: false });
try {
  const { openApiDocument } = await import('../../src/app.setup.js');
  writeFileSync(values.out, JSON.stringify(openApiDocument(demo.app), null, 2) + '\n');
  console.log(`OpenAPI document written to ${values.out}`);
} finally {
  await demo.close();
}
if (values.check) {
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  await SwaggerParser.validate(values.out);
  console.log(`${values.out} is a valid OpenAPI 3.1 document (swagger-parser)`);
}
