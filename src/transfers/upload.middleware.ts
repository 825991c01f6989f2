import {
  BadRequestException,
  Injectable,
  type NestMiddleware,
  PayloadTooLargeException,
} from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import multer, { type MulterFile } from 'multer';
import { validationError } from '../common/errors.js';
import { MAX_UPLOAD_BYTES } from './assessment-file.js';
import type { Upload } from './imports.service.js';

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

const MAX_MB = MAX_UPLOAD_BYTES / 1024 / 1024;

function tooLarge(): PayloadTooLargeException {
  return new PayloadTooLargeException({
    statusCode: 413,
    error: 'Payload Too Large',
    message: `The file is larger than ${MAX_MB} MB, the most one import takes. Split it into smaller files.`,
  });
}

const readMultipart = multer({
  storage: multer.memoryStorage(),
  defParamCharset: 'utf8',
  limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20, fieldSize: 64 * 1024 },
}).single('file');

/**
 * Reads an import upload before the auth guard runs, so that the guard finds a form's `_csrf`
 * field in the multipart body. A multipart form carries the file in field `file`; an API client
 * may instead send the file itself as the body (CSV or XLSX), naming it with `?filename=`.
 * Requests that claim no session or token are not read at all: the guard turns them away.
 */
@Injectable()
export class UploadMiddleware implements NestMiddleware {
  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const claimsIdentity =
      req.get('authorization') !== undefined || req.session?.userId !== undefined;
    if (!claimsIdentity) return next();
    if (req.is('multipart/form-data')) {
      await new Promise<void>((resolve, reject) =>
        readMultipart(req, res, (err?: unknown) => (err ? reject(multipartError(err)) : resolve())),
      );
      const file = (req as Request & { file?: MulterFile }).file;
      if (file) uploads.set(req, { buffer: file.buffer, filename: file.originalname });
    } else if (req.is(RAW_UPLOAD_TYPES)) {
      const buffer = await readBody(req);
      const name = typeof req.query.filename === 'string' ? req.query.filename : '';
      const zip = buffer[0] === 0x50 && buffer[1] === 0x4b;
      uploads.set(req, { buffer, filename: name || `upload.${zip ? 'xlsx' : 'csv'}` });
    }
    next();
  }
}

function multipartError(err: unknown): Error {
  const e = err as { code?: unknown; field?: unknown; message?: unknown };
  if (err instanceof multer.MulterError || typeof e.code === 'string') {
    if (e.code === 'LIMIT_FILE_SIZE') return tooLarge();
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

function readBody(req: Request): Promise<Buffer> {
  const declared = Number(req.get('content-length'));
  if (declared > MAX_UPLOAD_BYTES) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_UPLOAD_BYTES) {
        failed = true;
        reject(tooLarge());
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
