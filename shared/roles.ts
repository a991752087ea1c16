export const ROLES = ['clerk', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { clerk: 1, manager: 2, admin: 3 };

/**
 * Who may manage whom on the staff screen: an administrator manages everyone, a manager
 * manages clerks (a manager who could create a manager could create an administrator's
 * equal). The main process enforces it; the renderer uses it to hide what would be refused.
 */
export function canManage(actor: Role, target: Role): boolean {
  return actor === 'admin' || (actor === 'manager' && target === 'clerk');
}

/** A manager can do what a clerk can; an admin what a manager can. */
export function roleAtLeast(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}
