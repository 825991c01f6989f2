import { ServiceUnavailableException } from '@nestjs/common';

/**
 * 503 for work the server is too busy to take now but will take later: the answer carries a
 * `Retry-After` header with the seconds to wait, which the exception filter sets.
 */
export class ServiceBusyException extends ServiceUnavailableException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
