import { ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { userLocals } from '../auth/auth.guard.js';
import { AuthService } from '../auth/auth.service.js';
import { RedirectException } from '../auth/redirect.exception.js';
import {
  type HttpErrorBody,
  httpAnswerOf,
  httpProblem,
  pageMessageOf,
  sendProblem,
} from './error-mapping.js';
import { DomainError, TooManyRequestsError, UnavailableError } from './errors.js';

/**
 * Every API error leaves as an RFC 9457 problem (`application/problem+json`, with `errors`
 * naming each field and rule of bad input), as `error-mapping.ts` makes it of a domain error or
 * of one of Nest's own; a page error is the same message on an error page in the site layout. Anything unexpected is logged with its stack and answered as a plain 500 that
 * reveals nothing of the internals.
 */
const PAGE_TITLES: Record<number, string> = {
  403: 'Not allowed',
  404: 'Page not found',
  429: 'Too many attempts',
  500: 'Something went wrong',
};

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(private readonly auth: AuthService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();

    if (exception instanceof RedirectException) {
      res.redirect(303, exception.url);
      return;
    }

    // Nest wraps an error of Express's own middleware (the body parsers) in an HttpException,
    // keeping it as the cause: a domain error raised there (a body nested too deep) is answered
    // as itself, a body parser's error with our message.
    const cause = exception instanceof HttpException ? exception.cause : undefined;
    if (cause instanceof DomainError) exception = cause;
    else if (cause !== undefined && bodyParserStatus(cause)) exception = cause;

    if (exception instanceof DomainError || exception instanceof HttpException) {
      if (
        (exception instanceof UnavailableError || exception instanceof TooManyRequestsError) &&
        exception.retryAfterSeconds !== null
      ) {
        res.setHeader('Retry-After', String(exception.retryAfterSeconds));
      }
      this.send(req, res, httpAnswerOf(exception));
      return;
    }

    // Body parser errors (malformed JSON, too large) carry their own status.
    const parserStatus = bodyParserStatus(exception);
    if (parserStatus) {
      const limit = (exception as { limit?: unknown }).limit;
      this.send(
        req,
        res,
        httpProblem(
          parserStatus,
          parserStatus === 413
            ? typeof limit === 'number'
              ? `The request body is larger than ${Math.round(limit / 1024)} KB, the most a request may send`
              : 'The request body is too large'
            : parserStatus === 415
              ? 'The request body is in an encoding this server does not read'
              : req.is('application/json')
                ? 'The request body is not valid JSON'
                : 'The request body could not be read',
        ),
      );
      return;
    }

    this.logger.error(
      `${req.method} ${req.originalUrl} failed`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    this.send(
      req,
      res,
      httpProblem(500, 'Something went wrong on our side; the error has been logged.'),
    );
  }

  /** JSON for the API and for clients that ask for it; an error page for browsers. */
  private send(req: Request, res: Response, body: HttpErrorBody): void {
    const status = body.status;
    // A refusal of a request whose body was never read (an upload, say) closes the connection
    // rather than reading the rest of the body to keep it open.
    if (!req.complete && !res.headersSent) res.setHeader('Connection', 'close');
    const wantsPage = !req.path.startsWith('/api/') && req.accepts(['json', 'html']) === 'html';
    if (!wantsPage || res.headersSent) {
      sendProblem(res, body);
      return;
    }
    // Bad input lists each problem; any other error says its message.
    const problems =
      status === 400 && Array.isArray(body.errors) ? (body.errors as { message: string }[]) : [];
    const view = {
      title: PAGE_TITLES[status] ?? String(body.error),
      statusCode: status,
      message: problems.length > 0 ? undefined : pageMessageOf(status, body.message),
      problems: problems.map((p) => p.message),
    };
    const render = (): void =>
      res.status(status).render('pages/error', view, (err: Error | null, html?: string) => {
        // Should the error page itself fail, plain text still tells what happened.
        if (err) res.type('text/plain').send(`${status} ${String(body.message)}`);
        else res.send(html);
      });
    // An unknown path never reached the auth guard: find out who asks, for the navigation.
    if (res.locals.currentUser || !req.session) return render();
    this.auth
      .identify(req)
      .then((identity) => {
        if ('kind' in identity) res.locals.currentUser = userLocals(identity);
        res.locals.csrfToken = req.session?.csrfToken;
      })
      .catch(() => undefined)
      .finally(render);
  }
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
