/** A state machine as data: for each state, the events it accepts and where they lead. */
export type Machine<S extends string, E extends string> = Readonly<
  Record<S, Readonly<Partial<Record<E, S>>>>
>;

export type Transition<S extends string> = { ok: true; to: S } | { ok: false; from: S; event: string };

export function transition<S extends string, E extends string>(
  m: Machine<S, E>,
  from: S,
  event: E,
): Transition<S> {
  const to = m[from][event];
  return to === undefined ? { ok: false, from, event } : { ok: true, to };
}

export function canTransition<S extends string, E extends string>(
  m: Machine<S, E>,
  from: S,
  event: E,
): boolean {
  return m[from][event] !== undefined;
}
