import {
  BadRequestException,
  Injectable,
  type NestMiddleware,
  PayloadTooLargeException,
} from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { AuthService } from '../auth/auth.service.js';
import { validationError } from '../common/errors.js';
import { hasRole, Role } from '../users/role.enum.js';
import { ImportsService, type Upload } from './imports.service.js';

/** Bodies taken as the file itself (API clients): CSV text or an XLSX workbook. */
export const RAW_UPLOAD_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];

const uploads = new WeakMap<Request, Upload>();

/** The file sent with this request, once the upload middleware has read it. */
export function uploadOf(req: Request): Upload | undefined {
  return uploads.get(req);
}

function tooLarge(maxMb: number): PayloadTooLargeException {
  return new PayloadTooLargeException({
    statusCode: 413,
    error: 'Payload Too Large',
    message: `The file is larger than ${maxMb} MB, the most one import takes. Split it into smaller files.`,
  });
}

/**
 * Reads an import upload before the auth guard runs, so that the guard finds a form's `_csrf`
 * field in the multipart body. A multipart form carries the file in field `file`; an API client
 * may instead send the file itself as the body (CSV or XLSX), naming it with `?filename=`.
 *
 * Nothing is read until the caller is known and may import: a request without a working token
 * or session, or from a viewer, is left unread and the guard turns it away (401, the sign-in
 * page, 403). A file is read up to IMPORT_MAX_UPLOAD_MB and no further.
 */
@Injectable()
export class UploadMiddleware implements NestMiddleware {
  private readonly maxBytes: number;
  private readonly readMultipart: RequestHandler;

  constructor(
    private readonly auth: AuthService,
    imports: ImportsService,
  ) {
    this.maxBytes = imports.maxUploadMb * 1024 * 1024;
    this.readMultipart = multer({
      storage: multer.memoryStorage(),
      defParamCharset: 'utf8',
      limits: { fileSize: this.maxBytes, files: 1, fields: 20, fieldSize: 64 * 1024 },
    }).single('file');
  }

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const identity = await this.auth.identify(req);
    if (!('kind' in identity) || !hasRole(identity.role, Role.Analyst)) return next();
    try {
      if (req.is('multipart/form-data')) {
        await new Promise<void>((resolve, reject) =>
          this.readMultipart(req, res, (err?: unknown) =>
            err ? reject(multipartError(err, this.maxBytes)) : resolve(),
          ),
        );
        const file = req.file;
        if (file) uploads.set(req, { buffer: file.buffer, filename: file.originalname });
      } else if (req.is(RAW_UPLOAD_TYPES)) {
        const buffer = await readBody(req, this.maxBytes);
        const name = typeof req.query.filename === 'string' ? req.query.filename : '';
        const zip = buffer[0] === 0x50 && buffer[1] === 0x4b;
        uploads.set(req, { buffer, filename: name || `upload.${zip ? 'xlsx' : 'csv'}` });
      }
    } catch (err) {
      // The rest of a file too large is not read: the connection closes after the answer.
      if (err instanceof PayloadTooLargeException) res.setHeader('Connection', 'close');
      throw err;
    }
    next();
  }
}

function multipartError(err: unknown, maxBytes: number): Error {
  const e = err as { code?: unknown; field?: unknown; message?: unknown };
  if (err instanceof multer.MulterError || typeof e.code === 'string') {
    if (e.code === 'LIMIT_FILE_SIZE') return tooLarge(maxBytes / 1024 / 1024);
    if (e.code === 'LIMIT_UNEXPECTED_FILE' || e.code === 'LIMIT_FILE_COUNT') {
      return validationError([
        {
          field: 'file',
          rule: 'singleFile',
          message: `Send one file, in the form field "file"${typeof e.field === 'string' ? ` (not "${e.field}")` : ''}`,
        },
      ]);
    }
  }
  return new BadRequestException(
    `The upload could not be read as a multipart form: ${String(e.message ?? err)}`,
  );
}

function readBody(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.get('content-length'));
  if (declared > maxBytes) return Promise.reject(tooLarge(maxBytes / 1024 / 1024));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        req.pause();
        reject(tooLarge(maxBytes / 1024 / 1024));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      failed = true;
      reject(err);
    });
  });
}
