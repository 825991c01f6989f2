import {
  ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';

/**
 * Every error leaves as JSON with `statusCode`, `error` and `message` (and, for bad input,
 * `errors` naming each field and rule). Anything unexpected is logged with its stack and
 * answered as a plain 500 that reveals nothing of the internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();

    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      res
        .status(status)
        .json(
          typeof body === 'string'
            ? { statusCode: status, error: HttpStatus[status] ?? 'Error', message: body }
            : normaliseBody(status, body as Record<string, unknown>),
        );
      return;
    }

    // Body parser errors (malformed JSON, too large) carry their own status.
    const parserStatus = bodyParserStatus(exception);
    if (parserStatus) {
      res.status(parserStatus).json({
        statusCode: parserStatus,
        error: parserStatus === 413 ? 'Payload Too Large' : 'Bad Request',
        message:
          parserStatus === 413
            ? 'The request body is too large'
            : 'The request body is not valid JSON',
      });
      return;
    }

    this.logger.error(
      `${req.method} ${req.originalUrl} failed`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    res.status(500).json({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side; the error has been logged.',
    });
  }
}

function normaliseBody(status: number, body: Record<string, unknown>): Record<string, unknown> {
  const message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
  return { ...body, statusCode: status, message };
}

function bodyParserStatus(exception: unknown): number | null {
  if (typeof exception !== 'object' || exception === null) return null;
  const e = exception as { type?: unknown; status?: unknown };
  if (
    typeof e.type === 'string' &&
    typeof e.status === 'number' &&
    e.status >= 400 &&
    e.status < 500
  ) {
    return e.status;
  }
  return null;
}
