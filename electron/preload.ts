import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import { type ComptoirBridge, IPC_EVENT, IPC_INVOKE } from '../shared/api/bridge.ts';
import type { Reply } from '../shared/api/client.ts';
import type { LedgerEvent } from '../shared/api/types.ts';

/**
 * The preload bridge (sandboxed, context-isolated): the renderer gets exactly
 * `window.comptoir = { invoke, onEvent }` — no ipcRenderer, no Node. Arguments are passed
 * through as plain data; main validates them (shape here is a courtesy, not a defence).
 */
export const bridge: ComptoirBridge = {
  invoke(op: string, input: unknown, token: string | null): Promise<Reply> {
    return ipcRenderer.invoke(IPC_INVOKE, String(op), input ?? {}, token ?? null) as Promise<Reply>;
  },
  onEvent(cb: (e: LedgerEvent) => void): () => void {
    const listener = (_e: IpcRendererEvent, ev: LedgerEvent) => cb(ev);
    ipcRenderer.on(IPC_EVENT, listener);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, listener);
    };
  },
};

contextBridge.exposeInMainWorld('comptoir', bridge);
