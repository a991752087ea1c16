import { type IpcMainInvokeEvent, ipcMain, type WebContents } from 'electron';
import { z } from 'zod';
import { IPC_EVENT, IPC_INVOKE } from '../shared/api/bridge.ts';
import type { Reply } from '../shared/api/client.ts';
import type { LedgerEvent } from '../shared/api/types.ts';
import { fieldIssues } from '../shared/api/validate.ts';
import type { App } from './app/index.ts';
import { runToReply } from './app/transport.ts';

/**
 * Main-process side of the preload bridge. One channel, `comptoir:invoke`, carries
 * (op, input, token) → Reply. Before anything reaches the App:
 *  - the sender must be the main frame of a page on our own app:// origin (no iframe, no
 *    page the window was somehow navigated to);
 *  - the three arguments are checked for shape here; the input itself is parsed by the
 *    contract's zod schema inside app.callUntyped, exactly as for the web host.
 * Ledger events are pushed on `comptoir:event` to the windows attached with `attach`.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'comptoir';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The sender is our page's top frame, not a subframe or a foreign document. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent !== null) return false;
  const main = event.sender.mainFrame;
  const same = frame === main || (!!main && frame.frameToken === main.frameToken);
  if (!same) return false;
  return isAppUrl(frame.url);
}

const invokeArgs = z.tuple([
  z.string().min(1).max(64),
  z.unknown(),
  z.string().max(512).nullable().optional(),
]);

export interface IpcWiring {
  /** push ledger events to this window's renderer (until it is destroyed) */
  attach(contents: WebContents): void;
  dispose(): void;
}

export function wireIpc(app: App, opts: { log?: (msg: string, err?: unknown) => void } = {}): IpcWiring {
  const log = opts.log ?? (() => {});
  const targets = new Set<WebContents>();

  ipcMain.handle(IPC_INVOKE, (event, ...args: unknown[]): Reply | Promise<Reply> => {
    if (!isTrustedSender(event)) {
      log(`refused IPC from untrusted frame ${event.senderFrame?.url ?? '(none)'}`);
      return { ok: false, error: { code: 'FORBIDDEN', message: 'untrusted sender' } };
    }
    const parsed = invokeArgs.safeParse(args);
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'VALIDATION',
          message: 'invoke(op, input, token): bad arguments',
          // the argument's name (op, input, token) as the path
          fields: fieldIssues(parsed.error.issues).map((f) => ({
            ...f,
            path: ['op', 'input', 'token'][Number(f.path.split('.')[0])] ?? '',
          })),
        },
      };
    }
    const [op, input, token] = parsed.data;
    return runToReply(
      () => app.callUntyped(op, input ?? {}, token ?? undefined),
      (e) => log(`internal error in ${op}`, e),
    );
  });

  const unsubscribe = app.subscribe((e: LedgerEvent) => {
    for (const wc of targets) {
      if (wc.isDestroyed()) {
        targets.delete(wc);
        continue;
      }
      // never leak events to a document that is not ours
      if (isAppUrl(wc.getURL())) wc.send(IPC_EVENT, { seq: e.seq, type: e.type, at: e.at });
    }
  });

  return {
    attach(contents) {
      targets.add(contents);
      contents.once('destroyed', () => targets.delete(contents));
    },
    dispose() {
      unsubscribe();
      targets.clear();
      ipcMain.removeHandler(IPC_INVOKE);
    },
  };
}
