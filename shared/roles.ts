export const ROLES = ['clerk', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { clerk: 1, manager: 2, admin: 3 };

/** A manager can do what a clerk can; an admin what a manager can. */
export function roleAtLeast(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}
