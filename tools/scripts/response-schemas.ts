/**
 * The JSON schemas of the API's answers, made of the TypeScript types the controllers name with
 * `ApiAnswer`/`ApiCreated` (ts-json-schema-generator reads the sources), for the OpenAPI
 * document. The result is committed (`src/openapi/response-schemas.json`) so that the app
 * serves it without the sources' compiler; a test checks it against the sources.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** The names exported by more than one file under `dir`: a schema of one could be the other's. */
function ambiguousNames(dir: string): Map<string, string[]> {
  const files = new Map<string, string[]>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(
          /^export (?:interface|type|enum|class) (\w+)/gm,
        )) {
          files.set(m[1], [...(files.get(m[1]) ?? []), path]);
        }
      }
    }
  };
  walk(dir);
  return new Map([...files].filter(([, paths]) => paths.length > 1));
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
  const ambiguous = ambiguousNames(join(root, 'src'));
  const clashes = Object.keys(definitions).filter((n) => ambiguous.has(n));
  if (clashes.length > 0) {
    throw new Error(
      `Answer types must have names of their own: ${clashes
        .map((n) => `${n} (${ambiguous.get(n)?.join(', ')})`)
        .join('; ')}`,
    );
  }
  const names = new Map(Object.keys(definitions).map((n) => [n, componentName(n)]));
  const schemas: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(definitions)) {
    schemas[names.get(name) ?? name] = renameRefs(schema, names);
  }
  return { types: [...types].sort(), schemas: sorted(schemas) };
}
