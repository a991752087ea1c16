import type { Reply } from './client.ts';
import type { LedgerEvent } from './types.ts';

/**
 * The one API the Electron preload script exposes to the renderer as `window.comptoir`
 * (contextBridge). Main validates every call with the contract's zod schemas; the
 * renderer's IPC transport is a thin wrapper over this.
 */
export interface ComptoirBridge {
  invoke(op: string, input: unknown, token: string | null): Promise<Reply>;
  /** ledger events pushed after each commit; returns an unsubscribe function */
  onEvent(cb: (e: LedgerEvent) => void): () => void;
}

/** IPC channel names shared by preload and main. */
export const IPC_INVOKE = 'comptoir:invoke';
export const IPC_EVENT = 'comptoir:event';
