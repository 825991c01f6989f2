import type { Role } from '../users/role.enum.js';

export interface ApiTokenView {
  id: number;
  name: string;
  /** The first characters of the secret, to recognise it. */
  prefix: string;
  role: Role;
  states: string[];
  createdBy: string | null;
  createdAt: string;
  expiresOn: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  active: boolean;
}

export interface IssuedApiToken {
  token: ApiTokenView;
  /** The secret, shown once: send it as `Authorization: Bearer <secret>`. */
  secret: string;
}
