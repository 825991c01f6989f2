import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { NextFunction, Request, Response } from 'express';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { ApiRoutes } from '../../src/openapi/api-routes.js';

type Schema = Record<string, unknown>;

/** Answers larger than this are not kept for checking (exports, PDFs). */
const KEPT_BYTES = 4 * 1024 * 1024;

/** The body as sent before compression (the check sees the bytes on the wire). */
function decoded(res: Response, body: Buffer): Buffer {
  switch (String(res.getHeader('content-encoding') ?? '')) {
    case 'gzip':
      return gunzipSync(body);
    case 'deflate':
      return inflateSync(body);
    case 'br':
      return brotliDecompressSync(body);
    default:
      return body;
  }
}

/** Rewrites `#/components/...` references to the document registered as `api`. */
function anchored(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(anchored);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `api${v}` : anchored(v),
    ]),
  );
}

/**
 * Holds every API answer of a test app to its OpenAPI document (ajv): a success status must be
 * documented, and every JSON body (answers, problems, and the request bodies the server took)
 * must match the documented schema. What breaks the contract is kept and reported when the app
 * closes, failing the test file.
 */
export class ContractCheck {
  readonly violations: string[] = [];
  private routes?: ApiRoutes;
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly compiled = new Map<unknown, ValidateFunction>();

  constructor(private readonly document: (app: INestApplication) => OpenAPIObject) {
    addFormats.default(this.ajv);
    this.ajv.addFormat('binary', true);
  }

  /** Watches the answers of `app`: call before `configureApp`. */
  watch(app: NestExpressApplication): void {
    app.use('/api/v1', (req: Request, res: Response, next: NextFunction) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const keep = (chunk: unknown, encoding?: unknown): void => {
        if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
        const buf = Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(
              chunk as string,
              typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
            );
        size += buf.length;
        if (size <= KEPT_BYTES) chunks.push(buf);
      };
      const write = res.write.bind(res) as (...args: unknown[]) => boolean;
      const end = res.end.bind(res) as (...args: unknown[]) => Response;
      res.write = ((...args: unknown[]) => {
        keep(args[0], args[1]);
        return write(...args);
      }) as Response['write'];
      res.end = ((...args: unknown[]) => {
        keep(args[0], args[1]);
        return end(...args);
      }) as Response['end'];
      res.on('finish', () => {
        try {
          this.check(
            app,
            req,
            res,
            size <= KEPT_BYTES ? decoded(res, Buffer.concat(chunks)) : null,
          );
        } catch (err) {
          this.violations.push(`${req.method} ${req.originalUrl}: ${String(err)}`);
        }
      });
      next();
    });
  }

  private validator(document: OpenAPIObject, schema: unknown): ValidateFunction {
    if (!this.ajv.getSchema('api')) {
      this.ajv.addSchema({ $id: 'api', components: document.components }, 'api');
    }
    let fn = this.compiled.get(schema);
    if (!fn) {
      fn = this.ajv.compile(anchored(schema) as Schema);
      this.compiled.set(schema, fn);
    }
    return fn;
  }

  private check(app: INestApplication, req: Request, res: Response, body: Buffer | null): void {
    const document = this.document(app);
    this.routes ??= new ApiRoutes(document);
    const path = req.originalUrl.split('?')[0];
    const match = this.routes.find(req.method, path);
    if (!match) return; // An unknown address: 404 or 405, checked below as problems elsewhere.
    const where = `${req.method} ${match.template} → ${res.statusCode}`;
    const responses = match.operation.responses as Record<
      string,
      { content?: Record<string, { schema?: unknown }> }
    >;
    const documented =
      responses[String(res.statusCode)] ?? (res.statusCode >= 400 ? responses.default : undefined);
    if (!documented) {
      this.violations.push(`${where}: status not documented`);
      return;
    }
    const type = String(res.getHeader('content-type') ?? '')
      .split(';')[0]
      .trim();
    if (req.method === 'HEAD' || res.statusCode === 204 || body === null) return;
    const media = Object.entries(documented.content ?? {}).find(
      ([documentedType]) => documentedType.split(';')[0].trim() === type,
    )?.[1];
    if (!media) {
      this.violations.push(
        `${where}: answered ${type || 'no content type'}, documented ${Object.keys(documented.content ?? {}).join(', ') || 'no body'}`,
      );
      return;
    }
    if (/json/.test(type) && media.schema) {
      const validate = this.validator(document, media.schema);
      if (!validate(JSON.parse(body.toString('utf8')))) {
        this.violations.push(
          `${where}: ${this.ajv.errorsText(validate.errors, { dataVar: 'body' })}`,
        );
      }
    }
    const requestBody = match.operation.requestBody as
      { content?: Record<string, { schema?: unknown }> } | undefined;
    const sent = requestBody?.content?.['application/json']?.schema;
    if (res.statusCode < 300 && sent && req.is('application/json') && req.body !== undefined) {
      const validate = this.validator(document, sent);
      if (!validate(req.body)) {
        this.violations.push(
          `${req.method} ${match.template}: a request body the server took breaks its schema: ${this.ajv.errorsText(validate.errors, { dataVar: 'request' })} ${JSON.stringify(validate.errors?.map((e) => e.params))}`,
        );
      }
    }
  }

  /** Throws, listing them, if any answer broke the contract. */
  assertKept(): void {
    if (this.violations.length === 0) return;
    const shown = [...new Set(this.violations)].slice(0, 30);
    throw new Error(
      `${this.violations.length} answers broke the OpenAPI document:\n  ${shown.join('\n  ')}`,
    );
  }
}
