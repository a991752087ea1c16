import { verifyChain } from '../../db/journal.ts';
import { one } from '../../db/sql.ts';
import type { CommandName, OpOutput, OpParsed, QueryName } from '../../shared/api/contract.ts';
import { authHandlers, authQueries, loginActor } from '../services/auth.ts';
import { catalogueQueries } from '../services/catalogue.ts';
import { catalogueAdminHandlers } from '../services/catalogue-admin.ts';
import { catalogueCsvHandlers, catalogueCsvQueries } from '../services/catalogue-csv.ts';
import { closingHandlers, closingQueries } from '../services/closings.ts';
import type { Actor, Caller, CommandContext, Env, ReadEnv } from '../services/context.ts';
import { customerHandlers, customerQueries } from '../services/customers.ts';
import { drawerHandlers, drawerQueries } from '../services/drawer.ts';
import { feedQueries } from '../services/feed-apply.ts';
import { interventionHandlers, interventionQueries } from '../services/interventions.ts';
import { invoiceHandlers, invoiceQueries } from '../services/invoices.ts';
import { orderHandlers, orderQueries } from '../services/orders.ts';
import { printingHandlers, printingQueries } from '../services/printing.ts';
import { refundHandlers } from '../services/refunds.ts';
import { reservationHandlers, reservationQueries } from '../services/reservations.ts';
import { listSales, loadSale } from '../services/sale-read.ts';
import { salesHandlers } from '../services/sales.ts';
import { founderActor, staffHandlers, staffQueries } from '../services/staff.ts';
import { quickKeyHandlers, quickKeyQueries, ticketHandlers, ticketQueries } from '../services/tickets.ts';
import { unitHandlers, unitQueries } from '../services/units.ts';
import { updateHandlers, updateQueries } from '../services/updates.ts';
import { syncStatus } from '../sync/worker.ts';
import { photoQuery } from './photos.ts';

/** Every command of the contract has exactly one handler (the type below checks it). */
type CommandHandlers = {
  // sync.enrol waits on the network: the sync runtime registers it (App.registerAsync);
  // product.setPhoto waits on sharp: createApp registers it (app/photos.ts);
  // backup.run waits on the copy: the backups runtime registers it (app/backups.ts)
  [K in Exclude<CommandName, 'sync.enrol' | 'product.setPhoto' | 'backup.run'>]: (
    ctx: CommandContext,
    input: OpParsed<K>,
  ) => OpOutput<K>;
};
/** A query reads through a ReadableDB (ReadEnv): one that writes does not compile. */
type QueryHandlers = {
  [K in QueryName]: (env: ReadEnv, input: OpParsed<K>, caller: Caller) => OpOutput<K>;
};
/** The commands of the login screen (role null in the contract): who acts before anyone is logged in. */
type LoginScreenActors = {
  [K in 'auth.login' | 'setup.initialize']: (env: Env, input: OpParsed<K>) => Actor;
};

export const loginScreenActors: LoginScreenActors = {
  'auth.login': loginActor,
  'setup.initialize': founderActor,
};

export const commandHandlers: CommandHandlers = {
  ...authHandlers,
  ...salesHandlers,
  ...ticketHandlers,
  ...quickKeyHandlers,
  ...refundHandlers,
  ...drawerHandlers,
  ...orderHandlers,
  ...reservationHandlers,
  ...interventionHandlers,
  ...invoiceHandlers,
  ...customerHandlers,
  ...catalogueAdminHandlers,
  ...catalogueCsvHandlers,
  ...unitHandlers,
  ...closingHandlers,
  ...printingHandlers,
  ...staffHandlers,
  ...updateHandlers,
};

export const queryHandlers: QueryHandlers = {
  ...authQueries,
  ...catalogueQueries,
  ...feedQueries,
  ...ticketQueries,
  ...quickKeyQueries,
  ...customerQueries,
  ...catalogueCsvQueries,
  ...unitQueries,
  'product.photo': photoQuery,
  ...drawerQueries,
  ...orderQueries,
  ...reservationQueries,
  ...interventionQueries,
  ...invoiceQueries,
  ...closingQueries,
  ...printingQueries,
  ...staffQueries,
  ...updateQueries,
  'sale.get': (env: ReadEnv, input: OpParsed<'sale.get'>) => loadSale(env.sqlite, input.saleId),
  'sale.byReceipt': (env: ReadEnv, input: OpParsed<'sale.byReceipt'>) => {
    const r = one<{ id: string }>(
      env.sqlite,
      'SELECT id FROM sales WHERE receipt_number = ?',
      input.receiptNumber,
    );
    return r ? loadSale(env.sqlite, r.id) : null;
  },
  'sale.list': (env: ReadEnv, input: OpParsed<'sale.list'>) => listSales(env.sqlite, input),
  'backup.status': (env: ReadEnv) => (env.runtime.backup ? { ...env.runtime.backup } : null),
  'clock.status': (env: ReadEnv) => env.clock.status(),
  'ledger.integrity': (env: ReadEnv) => {
    const s = env.runtime.integrity;
    if (!s) return null;
    return { ...s, problem: s.problem ? structuredClone(s.problem) : null };
  },
  // the running worker knows whether a push is under way; without one, the ledger's row says the rest
  'sync.status': (env: ReadEnv) =>
    env.runtime.sync ? env.runtime.sync() : syncStatus(env.sqlite, env.now()),
  'ledger.verify': (env: ReadEnv) => {
    const v = verifyChain(env.sqlite);
    return { ok: v.ok, entries: v.entries, firstBrokenSeq: v.firstBrokenSeq, reason: v.reason };
  },
};
