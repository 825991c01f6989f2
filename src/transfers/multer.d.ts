/**
 * The little of multer (a dependency of @nestjs/platform-express) that the upload middleware
 * uses; the package ships no types of its own.
 */
declare module 'multer' {
  import type { RequestHandler } from 'express';

  export interface MulterFile {
    fieldname: string;
    originalname: string;
    mimetype: string;
    size: number;
    buffer: Buffer;
  }

  export interface MulterOptions {
    storage?: object;
    /** How file names in the multipart headers are decoded (default latin1). */
    defParamCharset?: string;
    limits?: {
      fileSize?: number;
      files?: number;
      fields?: number;
      fieldSize?: number;
      parts?: number;
    };
  }

  export interface MulterErrorLike extends Error {
    code: string;
    field?: string;
  }

  interface Multer {
    (options?: MulterOptions): { single(field: string): RequestHandler };
    memoryStorage(): object;
    MulterError: new (code: string, field?: string) => MulterErrorLike;
  }

  const multer: Multer;
  export default multer;
}
