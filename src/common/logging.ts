import { ConsoleLogger, Logger, type ConsoleLoggerOptions, type LogLevel } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export type LogFormat = 'json' | 'text';

/** The header a request id comes in (from a proxy or a client) and goes back out in. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/** A request id we take as given: at most 128 letters, digits and `. _ : -`. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keys whose values never reach a log line, at any depth of what is logged as an object. */
const REDACTED_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'secret',
  'token',
  'authorization',
  'cookie',
];

/** What the log lines written while a request is served know about it. */
interface RequestContext {
  requestId: string;
}

const requestContext = new AsyncLocalStorage<RequestContext>();

/** LOG_FORMAT, or by default text on a terminal and JSON lines anywhere else. */
export function resolveLogFormat(setting: LogFormat | undefined, isTty: boolean): LogFormat {
  return setting ?? (isTty ? 'text' : 'json');
}

/** The id of a request: the caller's X-Request-Id when it is a sane token, else a new UUID. */
export function requestIdOf(given: string | string[] | undefined): string {
  const value = Array.isArray(given) ? given[0] : given;
  return value !== undefined && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}

/**
 * Nest's console logger, with the id of the request being served (if any) on every line: a
 * `requestId` field in JSON, `[request <id>]` after the context in text. JSON lines carry an ISO
 * 8601 time; text is coloured only on a terminal (and never with NO_COLOR set).
 */
export class AppLogger extends ConsoleLogger {
  protected override stringifyJsonLogObject(logObject: Record<string, unknown>): string {
    const requestId = requestContext.getStore()?.requestId;
    return super.stringifyJsonLogObject({
      ...logObject,
      timestamp: new Date(logObject.timestamp as number).toISOString(),
      ...(requestId !== undefined && logObject.requestId === undefined ? { requestId } : {}),
    });
  }

  protected override formatContext(context: string): string {
    const requestId = requestContext.getStore()?.requestId;
    const formatted = super.formatContext(context);
    return requestId === undefined ? formatted : `${formatted}[request ${requestId}] `;
  }
}

/** The server's logger in the format asked for. */
export function createAppLogger(format: LogFormat, logLevels?: LogLevel[]): AppLogger {
  const options: ConsoleLoggerOptions = {
    json: format === 'json',
    colors: format === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR,
    flattenParams: true,
    redact: REDACTED_KEYS,
    ...(logLevels ? { logLevels } : {}),
  };
  return new AppLogger(options);
}

/** The path of a request without its query string (which may carry what is not for logs). */
function pathOf(req: Request): string {
  const url = req.originalUrl || req.url;
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}

/**
 * Gives every request an id (X-Request-Id, taken from the request when sane, else made, and
 * sent back), which every log line written while serving it carries, and writes one access
 * line when its answer is done: method, path (no query), status, duration in ms, who asked
 * (username or `token:<name>`) and the request id. Registered first, so that it times the
 * whole request.
 */
export function useRequestLog(app: NestExpressApplication): void {
  const logger = new Logger('HTTP');
  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(req.headers['x-request-id']);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    res.once('close', () => {
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      const line = {
        method: req.method,
        path: pathOf(req),
        status: res.statusCode,
        durationMs,
        user: req.principal?.name ?? null,
        requestId,
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      const message = `${line.method} ${line.path} ${line.status} ${durationMs} ms`;
      if (res.statusCode >= 500) logger.warn(message, line);
      else logger.log(message, line);
    });
    requestContext.run({ requestId }, next);
  });
}
