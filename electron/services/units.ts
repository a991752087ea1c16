import type Database from 'better-sqlite3';
import { type AnyDB, all, one, run } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { UnitStatus } from '../../shared/api/schemas.ts';
import type { Unit, UnitMovement } from '../../shared/api/types.ts';
import { CommandError, type FieldIssue, issue, notFound, validationError } from '../../shared/errors.ts';
import type { AssetLabelJob } from '../../shared/ledger/print-jobs.ts';
import { mustProduct } from './catalogue-admin.ts';
import type { CommandContext, Env, ReadEnv } from './context.ts';

/**
 * Serialized units: each physical item of a rentable product, with the asset ID on its label,
 * its serial number, status and condition, and the history of every movement. Managers add and
 * change units here; the reservations' check-out and return move them with `moveUnit`.
 */

interface UnitRow {
  id: string;
  product_id: string;
  product_name: string;
  asset_id: string;
  serial: string | null;
  status: UnitStatus;
  condition: string | null;
  created_at: string;
  updated_at: string;
}

const UNIT_SELECT = `SELECT u.id, u.product_id, p.name AS product_name, u.asset_id, u.serial, u.status, u.condition,
  u.created_at, u.updated_at FROM units u JOIN products p ON p.id = u.product_id`;

const toUnit = (r: UnitRow): Unit => ({
  id: r.id,
  productId: r.product_id,
  productName: r.product_name,
  assetId: r.asset_id,
  serial: r.serial,
  status: r.status,
  condition: r.condition,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function unitById(sqlite: AnyDB, unitId: string): Unit | null {
  const r = one<UnitRow>(sqlite, `${UNIT_SELECT} WHERE u.id = ?`, unitId);
  return r ? toUnit(r) : null;
}

/** The unit whose label says `assetId` (exact: a scanner reads the whole label). */
export function unitByAsset(sqlite: AnyDB, assetId: string): Unit | null {
  const r = one<UnitRow>(sqlite, `${UNIT_SELECT} WHERE u.asset_id = ?`, assetId);
  return r ? toUnit(r) : null;
}

function mustUnit(env: Env, unitId: string): Unit {
  const u = unitById(env.sqlite, unitId);
  if (!u) throw notFound('unitId', unitId, 'unit');
  return u;
}

function movement(
  ctx: CommandContext,
  unitId: string,
  kind: UnitMovement['kind'],
  from: UnitStatus | null,
  to: UnitStatus | null,
  note: string | null,
  refId: string | null,
): void {
  run(
    ctx.sqlite,
    `INSERT INTO unit_movements (id, unit_id, at, actor_id, kind, from_status, to_status, note, ref_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ctx.newId(),
    unitId,
    ctx.atIso,
    ctx.actor.id,
    kind,
    from,
    to,
    note,
    refId,
  );
}

/**
 * Move a unit to `to` inside the caller's command (check-out: 'out', return: 'available' or
 * 'maintenance'), with a history row naming what moved it. The caller journals its own entry.
 */
export function moveUnit(
  ctx: CommandContext,
  unitId: string,
  to: UnitStatus,
  note: string | null,
  refId: string | null,
): Unit {
  const u = mustUnit(ctx.env, unitId);
  run(ctx.sqlite, 'UPDATE units SET status = ?, updated_at = ? WHERE id = ?', to, ctx.atIso, unitId);
  movement(ctx, unitId, 'status', u.status, to, note, refId);
  return { ...u, status: to, updatedAt: ctx.atIso };
}

const blank = (v: string | null | undefined): string | null => (v == null || v === '' ? null : v);

/** The asset IDs of a batch: prefix + the number padded to `digits` (LOC-0001, LOC-0002…). */
export function batchAssetIds(prefix: string, from: number, count: number, digits: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(from + i).padStart(digits, '0')}`);
}

export const unitQueries = {
  'unit.list'(env: ReadEnv, input: OpParsed<'unit.list'>): Unit[] {
    return all<UnitRow>(
      env.sqlite,
      `${UNIT_SELECT} WHERE u.product_id = ? ORDER BY u.asset_id`,
      input.productId,
    ).map(toUnit);
  },
  'unit.byAsset'(env: ReadEnv, input: OpParsed<'unit.byAsset'>): Unit | null {
    return unitByAsset(env.sqlite, input.assetId);
  },
  'unit.history'(env: ReadEnv, input: OpParsed<'unit.history'>): UnitMovement[] {
    return all<{
      id: string;
      at: string;
      actor_name: string | null;
      kind: UnitMovement['kind'];
      from_status: UnitStatus | null;
      to_status: UnitStatus | null;
      note: string | null;
      ref_id: string | null;
    }>(
      env.sqlite,
      `SELECT m.id, m.at, us.name AS actor_name, m.kind, m.from_status, m.to_status, m.note, m.ref_id
       FROM unit_movements m LEFT JOIN users us ON us.id = m.actor_id WHERE m.unit_id = ? ORDER BY m.at, m.rowid`,
      input.unitId,
    ).map((r) => ({
      id: r.id,
      at: r.at,
      actorName: r.actor_name ?? '',
      kind: r.kind,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      note: r.note,
      refId: r.ref_id,
    }));
  },
};

export const unitHandlers = {
  'unit.create'(ctx: CommandContext, input: OpParsed<'unit.create'>): Unit[] {
    const product = mustProduct(ctx.env, input.productId);
    if (!product.active) throw new CommandError('INVALID_STATE', `${product.name} is archived`);
    const wanted =
      'units' in input
        ? input.units.map((u) => ({
            assetId: u.assetId,
            serial: blank(u.serial),
            condition: blank(u.condition),
          }))
        : batchAssetIds(input.prefix, input.from, input.count, input.digits).map((assetId) => ({
            assetId,
            serial: null,
            condition: null,
          }));
    // every duplicate is named, in the batch itself and against the ledger, before anything is written
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    wanted.forEach((u, i) => {
      const path = 'units' in input ? `units.${i}.assetId` : 'prefix';
      if (seen.has(u.assetId))
        issues.push(issue(path, 'assetTaken', `${u.assetId} twice in the batch`, { assetId: u.assetId }));
      seen.add(u.assetId);
      const other = unitByAsset(ctx.sqlite, u.assetId);
      if (other)
        issues.push(
          issue(path, 'assetTaken', `${u.assetId} is already a unit of ${other.productName}`, {
            assetId: u.assetId,
            productName: other.productName,
          }),
        );
    });
    if (issues.length) throw validationError(issues);
    const created = wanted.map((u) => {
      const unitId = ctx.newId();
      run(
        ctx.sqlite,
        `INSERT INTO units (id, product_id, asset_id, serial, status, condition, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'available', ?, ?, ?)`,
        unitId,
        product.id,
        u.assetId,
        u.serial,
        u.condition,
        ctx.atIso,
        ctx.atIso,
      );
      movement(ctx, unitId, 'created', null, 'available', u.condition, null);
      return {
        unitId,
        assetId: u.assetId,
        serial: u.serial,
        status: 'available' as const,
        condition: u.condition,
      };
    });
    ctx.record('unit.created', { productId: product.id, units: created });
    return created.map((c) => unitById(ctx.sqlite, c.unitId)!);
  },
  'unit.update'(ctx: CommandContext, input: OpParsed<'unit.update'>): Unit {
    const u = mustUnit(ctx.env, input.unitId);
    const payload: { unitId: string; serial?: string | null; condition?: string | null } = { unitId: u.id };
    if (input.serial !== undefined && blank(input.serial) !== u.serial) {
      payload.serial = blank(input.serial);
      run(
        ctx.sqlite,
        'UPDATE units SET serial = ?, updated_at = ? WHERE id = ?',
        payload.serial,
        ctx.atIso,
        u.id,
      );
      movement(ctx, u.id, 'serial', null, null, payload.serial, null);
    }
    if (input.condition !== undefined && blank(input.condition) !== u.condition) {
      payload.condition = blank(input.condition);
      run(
        ctx.sqlite,
        'UPDATE units SET condition = ?, updated_at = ? WHERE id = ?',
        payload.condition,
        ctx.atIso,
        u.id,
      );
      movement(ctx, u.id, 'condition', null, null, payload.condition, null);
    }
    ctx.record('unit.updated', payload);
    return unitById(ctx.sqlite, u.id)!;
  },
  'unit.setStatus'(ctx: CommandContext, input: OpParsed<'unit.setStatus'>): Unit {
    const u = mustUnit(ctx.env, input.unitId);
    if (u.status === input.status) {
      throw new CommandError('INVALID_STATE', `${u.assetId} is already ${u.status}`, {
        fields: [issue('status', 'sameStatus', `already ${u.status}`, { status: u.status })],
      });
    }
    // 'out' belongs to a rental: only a check-out puts a unit out, so it always names its reservation
    if (input.status === 'out') {
      throw validationError([issue('status', 'outByCheckout', 'a unit goes out by a reservation check-out')]);
    }
    if (u.status === 'retired') {
      throw new CommandError('INVALID_STATE', `${u.assetId} is retired`, {
        fields: [issue('status', 'retired', 'retired for good')],
      });
    }
    const note = blank(input.note);
    moveUnit(ctx, u.id, input.status, note, null);
    ctx.record('unit.statusChanged', { unitId: u.id, from: u.status, to: input.status, note });
    return unitById(ctx.sqlite, u.id)!;
  },
  'unit.printLabel'(ctx: CommandContext, input: OpParsed<'unit.printLabel'>): { jobId: string } {
    const u = mustUnit(ctx.env, input.unitId);
    const sku = one<{ sku: string }>(ctx.sqlite, 'SELECT sku FROM products WHERE id = ?', u.productId)!.sku;
    const payload: AssetLabelJob = {
      unitId: u.id,
      assetId: u.assetId,
      productName: u.productName,
      sku,
      serial: u.serial,
    };
    const jobId = ctx.print('asset_label', payload);
    ctx.record('unit.labelPrinted', { unitId: u.id, jobId });
    return { jobId };
  },
};
