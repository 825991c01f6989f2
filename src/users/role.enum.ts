/** What a signed-in user or an API token may do. Each role can do everything the one before it can. */
export enum Role {
  /** Reads and prints. */
  Viewer = 'viewer',
  /** Records assessments, possibly only for a list of States. */
  Analyst = 'analyst',
  /** Manages users, API tokens and reference data, and reads the audit log. */
  Admin = 'admin',
}

export const ROLES: readonly Role[] = [Role.Viewer, Role.Analyst, Role.Admin];

const RANK: Record<Role, number> = { [Role.Viewer]: 0, [Role.Analyst]: 1, [Role.Admin]: 2 };

/** Whether `role` is at least `required`. */
export function hasRole(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

export const ROLE_LABELS: Record<Role, string> = {
  [Role.Viewer]: 'Viewer: reads and prints',
  [Role.Analyst]: 'Analyst: records assessments',
  [Role.Admin]: 'Admin: manages users, tokens and reference data',
};

/** The roles as form options, `selected` marked. */
export function roleOptions(
  selected: unknown,
): { value: Role; label: string; selected: boolean }[] {
  return ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r], selected: r === selected }));
}
