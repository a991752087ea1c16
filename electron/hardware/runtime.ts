import type { PrintWorker } from './worker.ts';

/** The running print worker of an app (keyed by its Env), for the printer queries. */
const workers = new WeakMap<object, PrintWorker>();

export function registerWorker(env: object, w: PrintWorker): void {
  workers.set(env, w);
}
export function unregisterWorker(env: object, w: PrintWorker): void {
  if (workers.get(env) === w) workers.delete(env);
}
export function workerFor(env: object): PrintWorker | undefined {
  return workers.get(env);
}
