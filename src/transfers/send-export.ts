import { Logger } from '@nestjs/common';
import type { Response } from 'express';
import { OutputClosed } from '../common/backpressure.js';
import { CONTENT_TYPES, type ExportFormat, type ExportTable } from './exports.service.js';
import type { ExportsService } from './exports.service.js';

const logger = new Logger('Exports');

/** A file name safe in a Content-Disposition header. */
export function safeFilename(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-');
}

/**
 * Streams an export as a download. Everything that can fail with a clear answer (a bad filter)
 * has failed before this is called; should reading fail half-way, the download is cut off
 * (the client sees an incomplete transfer) and the error is logged.
 */
export async function sendExport(
  exportsService: ExportsService,
  res: Response,
  table: ExportTable,
  format: ExportFormat,
): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', CONTENT_TYPES[format]);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${safeFilename(table.name)}.${format}"`,
  );
  res.setHeader('Cache-Control', 'no-store');
  try {
    await exportsService.write(table, format, res);
  } catch (err) {
    if (!(err instanceof OutputClosed)) {
      logger.error(
        `Export ${table.name}.${format} failed`,
        err instanceof Error ? err.stack : String(err),
      );
    }
    res.destroy();
  }
}
