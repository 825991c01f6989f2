import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';

/**
 * The answers of the API as its OpenAPI document describes them. A success body is named by
 * its TypeScript type (an interface of the service that makes it): `npm run openapi:schemas`
 * turns each type named here into a JSON schema (`response-schemas.json`, committed, checked
 * against the sources by a test), so the types stay the one description of what is answered.
 */

const NAMES = new Set<string>();

/** Every type named by `ApiAnswer` in the controllers loaded so far. */
export function responseTypeNames(): string[] {
  return [...NAMES].sort();
}

export function schemaRef(name: string): { $ref: string } {
  NAMES.add(name);
  return { $ref: `#/components/schemas/${name}` };
}

/** A success answer whose JSON body is the TypeScript type `type` (or a list of it: `[type]`). */
export function ApiAnswer(
  status: number,
  type: string | [string],
  description: string,
): MethodDecorator & ClassDecorator {
  const schema =
    typeof type === 'string' ? schemaRef(type) : { type: 'array', items: schemaRef(type[0]) };
  return ApiResponse({ status, description, schema });
}

/** A success answer that is a file (a PDF, a spreadsheet) or a text (CSV, HTML) to keep as is. */
export function ApiFileAnswer(mediaType: string, description: string): MethodDecorator {
  return ApiResponse({
    status: 200,
    description,
    content: { [mediaType]: { schema: { type: 'string', format: 'binary' } } },
  });
}

/** The `If-Match` header a write of a versioned thing takes instead of `baseVersion`. */
export function ApiIfMatch(what: string): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: `The ${what}'s version as its ETag (\`"3"\`), instead of \`baseVersion\` in the body. A stale version is refused with 409; both given and different, 400.`,
      schema: { type: 'string', pattern: '^"\\d+"$' },
    }),
  );
}

const LOCATION = Symbol('location');

/** Where a created thing can be read, made of the answer's body. */
export type LocationOf = (body: never) => string;

/**
 * A 201 answer whose JSON body is `type`, with a `Location` header made of the body by
 * `location` (set by `LocationInterceptor`).
 */
export function ApiCreated(
  type: string,
  description: string,
  location: LocationOf,
): MethodDecorator {
  return applyDecorators(
    ApiResponse({
      status: 201,
      description,
      schema: schemaRef(type),
      headers: {
        Location: { description: 'The address of what was created', schema: { type: 'string' } },
      },
    }),
    (_target: object, _key: string | symbol, descriptor: PropertyDescriptor) => {
      Reflect.defineMetadata(LOCATION, location, descriptor.value as object);
    },
  );
}

/** The `Location` maker of a handler declared with `ApiCreated`, if any. */
export function locationOf(handler: object): LocationOf | undefined {
  return Reflect.getMetadata(LOCATION, handler) as LocationOf | undefined;
}

const VERSION = Symbol('version');

/** The version of what an answer describes, made of its body. */
export type VersionOf = (body: never) => number;

/**
 * An answer whose body describes a versioned thing: its version is also sent as a strong
 * `ETag` (`"3"`), which a write takes back as `If-Match` (see `ApiIfMatch`).
 */
export function ApiETag(versionOf: VersionOf): MethodDecorator {
  return (_target: object, _key: string | symbol, descriptor: PropertyDescriptor) => {
    Reflect.defineMetadata(VERSION, versionOf, descriptor.value as object);
  };
}

/** The version maker of a handler declared with `ApiETag`, if any. */
export function versionOf(handler: object): VersionOf | undefined {
  return Reflect.getMetadata(VERSION, handler) as VersionOf | undefined;
}

/** A version as an entity tag, and back (`"3"` or `W/"3"`; null if it is not one). */
export function entityTag(version: number): string {
  return `"${version}"`;
}

export function versionOfTag(tag: string): number | null {
  const match = /^\s*(?:W\/)?"(\d{1,10})"\s*$/.exec(tag);
  return match ? Number(match[1]) : null;
}
