import type { Role } from '../users/role.enum.js';

/**
 * Who is making a request: a signed-in user or an API token. Services receive it to attribute
 * writes and to apply State limits.
 */
export interface Principal {
  kind: 'user' | 'token';
  /** Username, or `token:<name>`. */
  name: string;
  displayName: string;
  role: Role;
  userId: number | null;
  apiTokenId: number | null;
  /** The States this principal may write for; null when not limited. */
  states: { id: number; iso3: string }[] | null;
  mustChangePassword: boolean;
  /** The client address, for the audit log. */
  sourceIp: string | null;
}

/** Someone acting outside HTTP: the command line or the app itself at first start. */
export function systemPrincipal(name: 'cli' | 'system', role: Role): Principal {
  return namedPrincipal(name, role);
}

/**
 * A person known by name only, outside HTTP and without an account: for scripts that act as
 * someone (the pictures of issued documents, written by one person and approved by another).
 */
export function namedPrincipal(name: string, role: Role): Principal {
  return {
    kind: 'user',
    name,
    displayName: name,
    role,
    userId: null,
    apiTokenId: null,
    states: null,
    mustChangePassword: false,
    sourceIp: null,
  };
}

/**
 * Whom a limit per caller counts against: the user (all their sessions together) or the API
 * token; the command line and the app itself by name.
 */
export function principalKey(principal: Principal): string {
  if (principal.apiTokenId !== null) return `token:${principal.apiTokenId}`;
  if (principal.userId !== null) return `user:${principal.userId}`;
  return `system:${principal.name}`;
}
