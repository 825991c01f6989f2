import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  RESPONSE_SCHEMAS_FILE,
  responseSchemas,
  type ResponseSchemas,
} from './response-schemas.js';

describe('the committed schemas of the API answers', () => {
  it('are what the TypeScript types make (run `npm run openapi:schemas`)', () => {
    const root = process.cwd();
    const committed = JSON.parse(
      readFileSync(join(root, RESPONSE_SCHEMAS_FILE), 'utf8'),
    ) as ResponseSchemas;
    expect(committed.types.length).toBeGreaterThan(20);
    const made = responseSchemas(root, committed.types);
    expect(JSON.stringify(made, null, 2) + '\n' === JSON.stringify(committed, null, 2) + '\n').toBe(
      true,
    );
  }, 120_000);
});
