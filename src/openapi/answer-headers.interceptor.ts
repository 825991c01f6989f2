import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { entityTag, locationOf, versionOf } from './responses.js';

/**
 * The headers an answer's body makes: `Location` on a 201 of a handler declared with
 * `ApiCreated`, `ETag` on an answer of a handler declared with `ApiETag`.
 */
@Injectable()
export class AnswerHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const handler = context.getHandler();
    const location = locationOf(handler);
    const version = versionOf(handler);
    if (!location && !version) return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        if (location && res.statusCode === 201) {
          res.setHeader('Location', location(body as never));
        }
        if (version) res.setHeader('ETag', entityTag(version(body as never)));
        return body;
      }),
    );
  }
}
