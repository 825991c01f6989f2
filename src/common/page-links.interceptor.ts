import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { isPage, pageNavigation, type Page } from './paging.js';

/**
 * Completes the pages an API answer carries (the answer itself, or one of its members): their
 * links become paths keeping the request's other query parameters, and a page answered on its
 * own also gets them in a `Link` header (RFC 8288: first, prev, next, last).
 */
@Injectable()
export class PageLinksInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        if (typeof body !== 'object' || body === null || !req.path.startsWith('/api/')) {
          return body;
        }
        const url = new URL(req.originalUrl, 'http://localhost');
        const params: Record<string, string> = {};
        for (const [key, value] of url.searchParams) {
          if (key !== 'page' && key !== 'pageSize') params[key] = value;
        }
        const complete = (found: Omit<Page<unknown>, 'items'>): void => {
          found.links = pageNavigation(
            url.pathname,
            params,
            found.page,
            found.pageSize,
            found.pages,
          );
        };
        if (isPage(body)) {
          complete(body);
          const { first, prev, next: following, last } = body.links;
          const links = Object.entries({ first, prev, next: following, last })
            .filter((e): e is [string, string] => e[1] !== null)
            .map(([rel, href]) => `<${href}>; rel="${rel}"`);
          res.setHeader('Link', links.join(', '));
        } else {
          for (const member of Object.values(body)) if (isPage(member)) complete(member);
        }
        return body;
      }),
    );
  }
}
