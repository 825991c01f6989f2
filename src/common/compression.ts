import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import type { Request, Response } from 'express';

/**
 * The answers worth compressing: HTML, JSON (problem details included), CSV and the text
 * assets. PDFs, XLSX workbooks and images are compressed already and are sent as they are.
 */
const COMPRESSIBLE =
  /^(text\/(html|csv|css|javascript|plain)|application\/(([\w.-]+\+)?json|javascript))\s*(;|$)/i;

export function isCompressible(contentType: string | undefined): boolean {
  return contentType !== undefined && COMPRESSIBLE.test(contentType);
}

/**
 * gzip (or deflate, br) for the clients that ask for it, on answers of 1 KB or more of the
 * types above. Streamed exports stay streamed: each chunk is compressed as it is written.
 */
export function useCompression(app: NestExpressApplication): void {
  app.use(
    compression({
      filter: (_req: Request, res: Response) => {
        const type = res.getHeader('Content-Type');
        return isCompressible(typeof type === 'string' ? type : undefined);
      },
    }),
  );
}
