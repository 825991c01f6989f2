import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import { UnavailableError } from './errors.js';

/** Where the server stands: serving, or stopping (no new requests, those in flight finishing). */
const lifecycle = { stopping: false, inFlight: 0 };

/** Whether the server is stopping: readiness then says it is not ready. */
export function isStopping(): boolean {
  return lifecycle.stopping;
}

/**
 * Counts the requests in flight, and once the server is stopping refuses any new one that
 * still comes in on an open connection: 503 with Retry-After, and the connection closed, so
 * that the client tries again elsewhere or later.
 */
export function useShutdownGate(app: NestExpressApplication): void {
  app.use((_req: Request, res: Response, next: NextFunction) => {
    if (lifecycle.stopping) {
      res.setHeader('Connection', 'close');
      return next(new UnavailableError('The server is stopping; try again in a moment.', 5));
    }
    lifecycle.inFlight += 1;
    res.once('close', () => (lifecycle.inFlight -= 1));
    next();
  });
}

/** Stops taking connections and resolves once every open one has ended (idle ones are closed). */
function closeHttpServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    server.close(() => {
      clearInterval(idle);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * On SIGTERM or SIGINT: stop accepting connections, let the requests in flight finish (PDFs
 * included), then close the app (the browser, the database) and exit with 0. Past
 * `graceSeconds`, or on a second signal, exit with 1 and say why.
 */
export function stopGracefullyOnSignals(app: NestExpressApplication, graceSeconds: number): void {
  const logger = new Logger('Shutdown');
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (lifecycle.stopping) {
      logger.error(`${signal} again while stopping: exiting now`);
      process.exit(1);
    }
    lifecycle.stopping = true;
    logger.log(
      `${signal}: taking no new requests; finishing the ${lifecycle.inFlight} in flight (at most ${graceSeconds} s)`,
    );
    const deadline = setTimeout(() => {
      logger.error(
        `${lifecycle.inFlight} request(s) still in flight after ${graceSeconds} s (SHUTDOWN_GRACE_SECONDS): exiting without them`,
      );
      process.exit(1);
    }, graceSeconds * 1000);
    try {
      await closeHttpServer(app.getHttpServer());
      await app.close();
      clearTimeout(deadline);
      logger.log('Stopped: every request answered, database closed');
      process.exit(0);
    } catch (err) {
      logger.error('Stopping failed', err instanceof Error ? err.stack : String(err));
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, (received: NodeJS.Signals) => void stop(received));
  }
}
