/**
 * The JSON schemas of the API's answers, made of the TypeScript types the controllers name with
 * `ApiAnswer`/`ApiCreated` (ts-json-schema-generator reads the sources), for the OpenAPI
 * document. The result is committed (`src/openapi/response-schemas.json`) so that the app
 * serves it without the sources' compiler; a test checks it against the sources.
 */
import { createGenerator, type Config } from 'ts-json-schema-generator';

export const RESPONSE_SCHEMAS_FILE = 'src/openapi/response-schemas.json';

export interface ResponseSchemas {
  /** The types the controllers name. */
  types: string[];
  /** Their schemas and those of every named type they use, by OpenAPI component name. */
  schemas: Record<string, unknown>;
}

/** A component name OpenAPI takes (`Page<X>` → `Page_X`). */
function componentName(typeName: string): string {
  return typeName
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
}

function renameRefs(value: unknown, names: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => renameRefs(v, names));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '$ref' && typeof v === 'string') {
      const name = decodeURIComponent(v.replace('#/definitions/', ''));
      out.$ref = `#/components/schemas/${names.get(name) ?? componentName(name)}`;
    } else {
      out[key] = renameRefs(v, names);
    }
  }
  return out;
}

function sorted(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

export function responseSchemas(root: string, types: string[]): ResponseSchemas {
  const config: Config = {
    path: `${root}/src/**/*.ts`,
    tsconfig: `${root}/tsconfig.json`,
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    skipTypeCheck: true,
    additionalProperties: false,
  };
  const generator = createGenerator(config);
  const definitions: Record<string, unknown> = {};
  for (const type of types) {
    const schema = generator.createSchema(type);
    Object.assign(definitions, schema.definitions ?? {});
  }
  const names = new Map(Object.keys(definitions).map((n) => [n, componentName(n)]));
  const schemas: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(definitions)) {
    schemas[names.get(name) ?? name] = renameRefs(schema, names);
  }
  return { types: [...types].sort(), schemas: sorted(schemas) };
}
