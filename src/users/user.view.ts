import type { Role } from './role.enum.js';

export interface UserView {
  username: string;
  displayName: string;
  role: Role;
  /** ISO3 codes an analyst is limited to; empty when not limited. */
  states: string[];
  active: boolean;
  mustChangePassword: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface UserWithPassword {
  user: UserView;
  /** Shown once; only its hash is kept. Absent when the caller chose the password. */
  password?: string;
}
