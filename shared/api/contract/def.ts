import { z } from 'zod';
import type { Role } from '../../roles.ts';
import { format, id } from '../schemas.ts';

/**
 * The command/query contract: one entry per operation, shared by the Electron IPC bridge,
 * the web host and the renderer's client (Actual Budget's typed handler map, in spirit).
 * `role` is the minimum role; `null` means callable without a session (login screen).
 * The main process enforces it — the renderer only uses it to hide what it cannot do.
 */
export interface Def<I extends z.ZodType, O, K extends 'command' | 'query' = 'command' | 'query'> {
  input: I;
  role: Role | null;
  /** commands write (one transaction, one journal entry); queries only read */
  kind: K;
  _out?: O;
}

/** `command<Output>()(schema, role)`: curried so the input type is inferred from the schema. */
export function command<O>() {
  return <I extends z.ZodType>(input: I, role: Role | null): Def<I, O, 'command'> => ({
    input,
    role,
    kind: 'command',
  });
}
export function query<O>() {
  return <I extends z.ZodType>(input: I, role: Role | null): Def<I, O, 'query'> => ({
    input,
    role,
    kind: 'query',
  });
}

export const empty = z.object({}).strict();
export const saleRef = z.object({ saleId: id }).strict();
export const jobRef = z.object({ jobId: id }).strict();

export const printerTransport = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('tcp'),
      host: z.string().trim().min(1).max(253),
      port: z.number().int().min(1).max(65535).default(9100),
    })
    .strict(),
  z
    .object({
      kind: z.literal('usb'),
      vendorId: z.number().int().min(0).max(0xffff),
      productId: z.number().int().min(0).max(0xffff),
    })
    .strict(),
  z
    .object({
      kind: z.literal('serial'),
      path: z.string().trim().min(1).max(200),
      baudRate: z.number().int().min(1200).max(921600).default(9600),
    })
    .strict(),
  z
    .object({
      kind: z.literal('spooler'),
      queue: format(/^[A-Za-z0-9_.-]{1,127}$/, 'queueName', 'a CUPS queue name'),
    })
    .strict(),
  z.object({ kind: z.literal('virtual') }).strict(),
]);
