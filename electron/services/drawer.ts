import { type AnyDB, all, nextCounter, one, run } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { DrawerMovement, DrawerReport, DrawerState } from '../../shared/api/types.ts';
import { countTotal, type DenominationCount, isDenomination } from '../../shared/denominations.ts';
import { CommandError, issue, notFound, validationError } from '../../shared/errors.ts';
import type { Currency } from '../../shared/money.ts';
import type { CommandContext, ReadEnv } from './context.ts';
import { buildDrawerReport } from './drawer-report.ts';
import { currentSession, type MovementKind, moveCash, requireOpenDrawer } from './drawer-session.ts';
import { sealClosing } from './seals.ts';

function checkCount(currency: Currency, count: DenominationCount, field: string): number {
  const bad = Object.keys(count).filter((d) => !isDenomination(currency, Number(d)));
  if (bad.length) {
    throw validationError(
      bad.map((d) =>
        issue(`${field}.${d}`, 'denomination', `${d} is not a ${currency} denomination`, { currency }),
      ),
    );
  }
  return countTotal(count);
}

function stateOf(ctx: { sqlite: AnyDB }): DrawerState | null {
  const s = currentSession(ctx.sqlite);
  if (!s) return null;
  const by = one<{ name: string }>(ctx.sqlite, 'SELECT name FROM users WHERE id = ?', s.opened_by);
  return {
    sessionId: s.id,
    number: s.number,
    openedAt: s.opened_at,
    openedBy: by?.name ?? s.opened_by,
    float: s.float,
    currency: s.currency as Currency,
  };
}

function movement(ctx: CommandContext, kind: MovementKind, amount: number, reason: string): DrawerMovement {
  const session = requireOpenDrawer(ctx.sqlite);
  const id = moveCash(ctx, session.id, kind, amount, reason, null);
  return { id, kind, amount, reason, at: ctx.atIso, userName: ctx.actor.name };
}

export const drawerHandlers = {
  'drawer.open'(ctx: CommandContext, input: OpParsed<'drawer.open'>): DrawerState {
    if (currentSession(ctx.sqlite)) throw new CommandError('CONFLICT', 'a drawer session is already open');
    const currency = ctx.env.jurisdiction.currency;
    const float = checkCount(currency, input.float, 'float');
    const id = ctx.newId();
    const number = nextCounter(ctx.sqlite, 'drawer_session');
    run(
      ctx.sqlite,
      `INSERT INTO drawer_sessions (id, number, status, currency, opened_at, opened_by, float, float_count)
       VALUES (?, ?, 'open', ?, ?, ?, ?, ?)`,
      id,
      number,
      currency,
      ctx.atIso,
      ctx.actor.id,
      float,
      JSON.stringify(input.float),
    );
    moveCash(ctx, id, 'float', float, null, null);
    ctx.record('drawer.opened', { sessionId: id, number, float, count: input.float });
    ctx.print('drawer_kick', { reason: 'open', sessionId: id }, true);
    return stateOf(ctx)!;
  },

  'drawer.payIn'(ctx: CommandContext, input: OpParsed<'drawer.payIn'>): DrawerMovement {
    const m = movement(ctx, 'pay_in', input.amount, input.reason);
    ctx.record('drawer.paidIn', { movementId: m.id, amount: input.amount, reason: input.reason });
    ctx.print('drawer_slip', { movementId: m.id }, true);
    return m;
  },

  'drawer.payOut'(ctx: CommandContext, input: OpParsed<'drawer.payOut'>): DrawerMovement {
    requireOpenDrawer(ctx.sqlite);
    const approved = ctx.requireApproval(true, `paid out: ${input.reason}`, null);
    const m = movement(ctx, 'pay_out', -input.amount, input.reason);
    ctx.record('drawer.paidOut', {
      movementId: m.id,
      amount: input.amount,
      reason: input.reason,
      approval: approved,
    });
    ctx.print('drawer_slip', { movementId: m.id }, true);
    return m;
  },

  'drawer.noSale'(ctx: CommandContext, input: OpParsed<'drawer.noSale'>): DrawerMovement {
    requireOpenDrawer(ctx.sqlite);
    const approved = ctx.requireApproval(true, `no-sale: ${input.reason}`, null);
    const m = movement(ctx, 'no_sale', 0, input.reason);
    ctx.record('drawer.noSale', { movementId: m.id, reason: input.reason, approval: approved });
    ctx.print('drawer_kick', { reason: 'no_sale', movementId: m.id }, true);
    return m;
  },

  'drawer.close'(ctx: CommandContext, input: OpParsed<'drawer.close'>): DrawerReport {
    const session = requireOpenDrawer(ctx.sqlite);
    const counted = checkCount(ctx.env.jurisdiction.currency, input.count, 'count');
    const z = nextCounter(ctx.sqlite, 'z_report');
    const report = buildDrawerReport(ctx.sqlite, session.id, 'Z', ctx.store.timeZone, ctx.atIso, {
      number: z,
      closedAt: ctx.atIso,
      closedBy: ctx.actor.name,
      counted,
      count: input.count,
    });
    run(
      ctx.sqlite,
      `UPDATE drawer_sessions SET status = 'closed', closed_at = ?, closed_by = ?, expected = ?, counted = ?, count = ?,
        over_short = ?, z_number = ?, note = ? WHERE id = ?`,
      ctx.atIso,
      ctx.actor.id,
      report.expectedCash,
      counted,
      JSON.stringify(input.count),
      report.overShort,
      z,
      input.note ?? null,
      session.id,
    );
    const sealed = sealClosing(ctx, 'z', `z:${z}`, {
      number: z,
      salesTotal: report.salesTotal,
      refundsTotal: report.refundsTotal,
      expectedCash: report.expectedCash,
      countedCash: counted,
    });
    report.seal = sealed.seal;
    run(
      ctx.sqlite,
      'INSERT INTO z_reports (number, session_id, report, created_at) VALUES (?, ?, ?, ?)',
      z,
      session.id,
      JSON.stringify(report),
      ctx.atIso,
    );
    const entry = ctx.record('drawer.closed', {
      sessionId: session.id,
      zNumber: z,
      expected: report.expectedCash,
      counted,
      overShort: counted - report.expectedCash,
      count: input.count,
      salesTotal: report.salesTotal,
      refundsTotal: report.refundsTotal,
      note: input.note ?? null,
      seal: sealed.seal,
    });
    sealed.store(entry.seq);
    ctx.print('z_report', { zNumber: z });
    return report;
  },

  'drawer.printX'(ctx: CommandContext, _input: OpParsed<'drawer.printX'>): DrawerReport {
    const session = requireOpenDrawer(ctx.sqlite);
    const report = buildDrawerReport(ctx.sqlite, session.id, 'X', ctx.store.timeZone, ctx.atIso);
    ctx.record('drawer.xPrinted', {
      sessionId: session.id,
      expected: report.expectedCash,
      salesTotal: report.salesTotal,
    });
    ctx.print('x_report', { report });
    return report;
  },
};

export const drawerQueries = {
  'drawer.current'(env: ReadEnv): DrawerState | null {
    return stateOf(env);
  },
  'drawer.movements'(env: ReadEnv): DrawerMovement[] {
    const s = currentSession(env.sqlite);
    if (!s) return [];
    return all<{
      id: string;
      kind: MovementKind;
      amount: number;
      reason: string | null;
      at: string;
      user_name: string;
    }>(
      env.sqlite,
      `SELECT m.id, m.kind, m.amount, m.reason, m.at, u.name AS user_name FROM drawer_movements m JOIN users u ON u.id = m.user_id
       WHERE m.session_id = ? ORDER BY m.rowid`,
      s.id,
    ).map((m) => ({
      id: m.id,
      kind: m.kind,
      amount: m.amount,
      reason: m.reason,
      at: m.at,
      userName: m.user_name,
    }));
  },
  'report.x'(env: ReadEnv): DrawerReport {
    const s = requireOpenDrawer(env.sqlite);
    return buildDrawerReport(env.sqlite, s.id, 'X', env.store.timeZone, env.now().toISOString());
  },
  'report.z'(env: ReadEnv, input: OpParsed<'report.z'>): DrawerReport {
    const r = one<{ report: string }>(
      env.sqlite,
      'SELECT report FROM z_reports WHERE number = ?',
      input.number,
    );
    if (!r) throw notFound('number', input.number, 'zReport');
    return JSON.parse(r.report) as DrawerReport;
  },
  'report.zList'(env: ReadEnv): DrawerReport[] {
    return all<{ report: string }>(
      env.sqlite,
      'SELECT report FROM z_reports ORDER BY number DESC LIMIT 100',
    ).map((r) => JSON.parse(r.report) as DrawerReport);
  },
};
