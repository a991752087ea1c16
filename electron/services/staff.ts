import { type AnyDB, all, one, run } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { SessionInfo, StoreInfo, UserInfo } from '../../shared/api/types.ts';
import { CommandError, issue, notFound } from '../../shared/errors.ts';
import { canManage, type Role } from '../../shared/roles.ts';
import {
  DEFAULT_STORE,
  JURISDICTION_DEFAULTS,
  type StoreSettings,
  UNSET_STORE_ID,
} from '../../shared/store-settings.ts';
import { JURISDICTIONS } from '../../shared/tax.ts';
import { lockRemaining } from './auth.ts';
import type { Actor, CommandContext, Env, ReadEnv } from './context.ts';
import { hashPin } from './pin.ts';
import { writeStore } from './store-settings.ts';

/**
 * Staff: the first administrator of a new till, then users managed at the till.
 *
 * Who may manage whom: an administrator manages everyone; a manager manages clerks only (a
 * manager who could create a manager could create an administrator's equal). A manager may
 * change their own PIN too. Nobody deactivates or demotes themselves: since only an active
 * administrator manages administrators, the last one can never be removed, and a till can
 * never lock itself out of its own staff screen.
 *
 * Names are personal data: the journal records ids, roles and what changed, never a name or
 * a PIN hash (the users table holds them, and can be corrected or erased).
 */

interface UserRow {
  id: string;
  name: string;
  role: Role;
  active: number;
  locked_until: string | null;
  created_at: string;
}

const SELECT_USER = 'SELECT id, name, role, active, locked_until, created_at FROM users';

function info(env: Pick<Env, 'elapsed' | 'lockouts' | 'now'>, r: UserRow): UserInfo {
  // locked as the login sees it: on the elapsed clock, not by the stored wall-clock end
  const remaining = r.active === 1 ? lockRemaining(env, r.id, r.locked_until) : 0;
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    active: r.active === 1,
    lockedUntil: remaining > 0 ? new Date(env.now().getTime() + remaining).toISOString() : null,
    createdAt: r.created_at,
  };
}

function userRow(ctx: CommandContext, userId: string): UserRow {
  const u = one<UserRow>(ctx.sqlite, `${SELECT_USER} WHERE id = ?`, userId);
  if (!u) throw notFound('userId', userId, 'user');
  return u;
}

function requireManage(actor: Actor, target: Role, field: string): void {
  if (!canManage(actor.role, target)) {
    const message = `a ${actor.role} cannot manage a ${target}`;
    throw new CommandError('FORBIDDEN', message, {
      details: { role: target },
      fields: [issue(field, 'cannotManage', message, { role: target })],
    });
  }
}

/** A new active user with a scrypt-hashed PIN (the setup, the staff screen, the demo and tests). */
export function insertUser(
  sqlite: Env['sqlite'],
  u: { id: string; name: string; role: Role; pin: string; at: string; pinHash?: string },
): void {
  run(
    sqlite,
    'INSERT INTO users (id, name, role, pin_hash, failed_attempts, active, created_at) VALUES (?, ?, ?, ?, 0, 1, ?)',
    u.id,
    u.name,
    u.role,
    u.pinHash ?? hashPin(u.pin),
    u.at,
  );
}

export function userCount(env: { sqlite: AnyDB }): number {
  return one<{ n: number }>(env.sqlite, 'SELECT count(*) AS n FROM users')?.n ?? 0;
}

/** The first administrator is the actor of the entry that creates them (nobody is logged in yet). */
export function founderActor(env: Env, input: OpParsed<'setup.initialize'>): Actor {
  return { id: env.newId(), name: input.admin.name, role: 'admin' };
}

export const staffQueries = {
  /** the login screen reads it too: needsSetup sends a new till to the setup screen */
  'store.info'(env: ReadEnv): StoreInfo {
    const s = env.store;
    return {
      storeId: s.storeId,
      name: s.name,
      deviceId: env.deviceId,
      tillName: s.tillName,
      currency: s.currency,
      jurisdiction: s.jurisdiction,
      locale: s.locale,
      timeZone: s.timeZone,
      closingHour: s.closingHour,
      cashRoundingStep: s.cashRoundingStep,
      refundApprovalThreshold: s.refundApprovalThreshold,
      address: s.address,
      taxNumbers: s.taxNumbers,
      needsSetup: userCount(env) === 0,
    };
  },

  'users.list'(env: ReadEnv): UserInfo[] {
    // active first, then by role (administrators, managers, clerks) and name
    return all<UserRow>(
      env.sqlite,
      `${SELECT_USER} ORDER BY active DESC, CASE role WHEN 'admin' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END, name`,
    ).map((r) => info(env, r));
  },
};

/** After commit, the user's open sessions carry the new name and role, or end when deactivated. */
function followedBySessions(ctx: CommandContext, u: UserInfo): UserInfo {
  ctx.afterCommit(() => ctx.env.sessions.updateUser({ id: u.id, name: u.name, role: u.role }, u.active));
  return u;
}

export const staffHandlers = {
  /** First run; the new administrator is logged in once it is committed. */
  'setup.initialize'(ctx: CommandContext, input: OpParsed<'setup.initialize'>): SessionInfo {
    const done = initializeTill(ctx, input, ctx.env.store);
    const session = ctx.env.sessions.mint(done.admin);
    ctx.afterCommit(() => {
      // the till now runs with the store it was given
      ctx.env.store = done.store;
      ctx.env.jurisdiction = JURISDICTIONS[done.store.jurisdiction];
      session.open();
    });
    return session.info;
  },

  'users.create'(ctx: CommandContext, input: OpParsed<'users.create'>): UserInfo {
    requireManage(ctx.actor, input.role, 'role');
    const id = ctx.newId();
    insertUser(ctx.sqlite, { id, name: input.name, role: input.role, pin: input.pin, at: ctx.atIso });
    ctx.record('user.created', { userId: id, role: input.role });
    return info(ctx.env, userRow(ctx, id));
  },

  'users.update'(ctx: CommandContext, input: OpParsed<'users.update'>): UserInfo {
    const u = userRow(ctx, input.userId);
    requireManage(ctx.actor, u.role, 'userId');
    if (input.role !== undefined) requireManage(ctx.actor, input.role, 'role');
    const role = input.role ?? u.role;
    const active = input.active ?? u.active === 1;
    const name = input.name ?? u.name;
    if (input.userId === ctx.actor.id && (!active || role !== u.role)) {
      throw new CommandError(
        'INVALID_STATE',
        'nobody deactivates or demotes themselves: ask another administrator',
        {
          details: { userId: u.id },
        },
      );
    }
    const changed = {
      ...(role !== u.role ? { role } : {}),
      ...(active !== (u.active === 1) ? { active } : {}),
      ...(name !== u.name ? { renamed: true as const } : {}),
    };
    if (Object.keys(changed).length === 0) {
      throw new CommandError('INVALID_STATE', 'nothing to change', { details: { userId: u.id } });
    }
    run(
      ctx.sqlite,
      'UPDATE users SET name = ?, role = ?, active = ? WHERE id = ?',
      name,
      role,
      active ? 1 : 0,
      u.id,
    );
    ctx.record('user.updated', { userId: u.id, ...changed });
    return followedBySessions(ctx, info(ctx.env, userRow(ctx, u.id)));
  },

  'users.setPin'(ctx: CommandContext, input: OpParsed<'users.setPin'>): UserInfo {
    const u = userRow(ctx, input.userId);
    if (u.id !== ctx.actor.id) requireManage(ctx.actor, u.role, 'userId');
    run(
      ctx.sqlite,
      'UPDATE users SET pin_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?',
      hashPin(input.pin),
      u.id,
    );
    ctx.record('user.pinChanged', { userId: u.id, by: ctx.actor.id === u.id ? 'self' : 'manager' });
    const token = ctx.token;
    ctx.afterCommit(() => {
      // a new PIN lifts the lockout, and whoever knew the old one loses the till: every session
      // of the user ends but the one that changed it (a user changing their own PIN stays in)
      ctx.env.lockouts.delete(u.id);
      ctx.env.sessions.endUser(u.id, token);
    });
    // lifted by this command (env.lockouts follows after commit)
    return followedBySessions(ctx, { ...info(ctx.env, userRow(ctx, u.id)), lockedUntil: null });
  },
};

/**
 * First run: the store's identity (currency, cash rounding, language and time zone follow
 * from the jurisdiction) and the first administrator. Refused once any user exists, so the
 * unauthenticated entry point cannot be used to add an administrator to a working till.
 * The 'setup.initialize' handler logs the new administrator in after commit.
 */
export function initializeTill(
  ctx: CommandContext,
  input: OpParsed<'setup.initialize'>,
  current: StoreSettings,
): { store: StoreSettings; admin: Actor } {
  if (userCount(ctx.env) > 0) {
    throw new CommandError('INVALID_STATE', 'this till is already set up: log in with a PIN');
  }
  const s = input.store;
  const defaults = JURISDICTION_DEFAULTS[s.jurisdiction];
  const store: StoreSettings = {
    ...DEFAULT_STORE,
    ...defaults,
    // a till set up before head office knows it gets a local id; sync may replace it later
    storeId: [DEFAULT_STORE.storeId, UNSET_STORE_ID].includes(current.storeId)
      ? `store-${ctx.newId()}`
      : current.storeId,
    name: s.name,
    address: s.address,
    taxNumbers: s.taxNumbers,
    tillName: s.tillName,
    jurisdiction: s.jurisdiction,
    locale: s.locale ?? defaults.locale,
  };
  writeStore(ctx.sqlite, store);
  const admin: Actor = { id: ctx.actor.id, name: input.admin.name, role: 'admin' };
  insertUser(ctx.sqlite, { ...admin, pin: input.admin.pin, at: ctx.atIso });
  ctx.record('store.initialized', {
    storeId: store.storeId,
    jurisdiction: store.jurisdiction,
    currency: store.currency,
    adminId: admin.id,
  });
  return { store, admin };
}

export type { SessionInfo };
