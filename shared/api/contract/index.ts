import type { z } from 'zod';
/**
 * The command/query contract, one file per domain (auth, staff, catalogue, customers, sales, tickets, orders,
 * reservations, interventions, invoices, drawer, closings, printing), combined here in one map. The order of the spread is the order of the
 * operations in OP_NAMES and docs/api/openapi.json.
 */
import { authOps } from './auth.ts';
import { catalogueOps } from './catalogue.ts';
import { closingsOps } from './closings.ts';
import { customersOps } from './customers.ts';
import { drawerOps } from './drawer.ts';
import { interventionsOps } from './interventions.ts';
import { invoicesOps } from './invoices.ts';
import { ordersOps } from './orders.ts';
import { printingOps } from './printing.ts';
import { reservationsOps } from './reservations.ts';
import { salesOps } from './sales.ts';
import { staffOps } from './staff.ts';
import { ticketsOps } from './tickets.ts';

export type { Def } from './def.ts';

export const contract = {
  ...authOps,
  ...staffOps,
  ...catalogueOps,
  ...customersOps,
  ...salesOps,
  ...ticketsOps,
  ...ordersOps,
  ...reservationsOps,
  ...interventionsOps,
  ...invoicesOps,
  ...drawerOps,
  ...closingsOps,
  ...printingOps,
} as const;

export type Contract = typeof contract;
export type OpName = keyof Contract;
export type CommandName = { [K in OpName]: Contract[K]['kind'] extends 'command' ? K : never }[OpName];
export type QueryName = { [K in OpName]: Contract[K]['kind'] extends 'query' ? K : never }[OpName];
export type OpInput<K extends OpName> = z.input<Contract[K]['input']>;
export type OpParsed<K extends OpName> = z.output<Contract[K]['input']>;
export type OpOutput<K extends OpName> = Exclude<Contract[K]['_out'], undefined>;

export const OP_NAMES = Object.keys(contract) as OpName[];
