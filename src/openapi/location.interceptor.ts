import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { locationOf } from './responses.js';

/** Sets `Location` on every 201 of a handler declared with `ApiCreated`, from its answer. */
@Injectable()
export class LocationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const location = locationOf(context.getHandler());
    if (!location) return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        if (res.statusCode === 201) res.setHeader('Location', location(body as never));
        return body;
      }),
    );
  }
}
