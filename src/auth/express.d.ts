import type { Principal } from './principal.js';

declare module 'express-session' {
  interface SessionData {
    /** Set at sign-in. */
    userId?: number;
    /** Milliseconds since the epoch; the session ends SESSION_MAX_HOURS after it. */
    signedInAt?: number;
    /** The synchronizer token every state-changing form must echo. */
    csrfToken?: string;
    /** One message shown on the next page. */
    flash?: { kind: 'success' | 'error' | 'info'; text: string };
  }
}

declare global {
  namespace Express {
    interface Request {
      /** Who is asking: undefined when anonymous. Set once per request by AuthService.identify. */
      principal?: Principal;
      /** Whether identify() has already run for this request. */
      identified?: boolean;
    }
  }
}
