import { useCallback, useEffect, useRef, useState } from 'react';
import type { SaleSummary } from '../../shared/api/types.ts';
import { api } from './api.ts';

export interface SalesFilters {
  q?: string;
  from?: string;
  to?: string;
}

// sale.list's largest page: a year of sales is a few hundred of them, asked for as the list scrolls
export const PAGE_SIZE = 500;

/**
 * One page of the sales history, newest first, and where the next one starts (null: the end).
 * The cursor is the last sale of the page: sale.list continues right after it in its own stable
 * order, so sales made meanwhile neither shift nor repeat rows.
 */
export async function fetchSalesPage(
  filters: SalesFilters,
  cursor: string | null,
): Promise<{ rows: SaleSummary[]; next: string | null }> {
  const rows = await api().call('sale.list', {
    ...filters,
    limit: PAGE_SIZE,
    ...(cursor ? { after: cursor } : {}),
  });
  return { rows, next: rows.length === PAGE_SIZE ? rows.at(-1)!.id : null };
}

/**
 * The sales history page by page: the first page when the filters change (debounced while the
 * clerk types), the next one when asked (the list scrolls near its end). A page that arrives for
 * filters that have changed since is dropped.
 */
export function useSalesPages(filters: SalesFilters, onError: (e: unknown) => void) {
  const [rows, setRows] = useState<SaleSummary[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const generation = useRef(0);
  const busy = useRef(false);
  const [reloads, setReloads] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reloads` asks for the first page again
  useEffect(() => {
    const gen = ++generation.current;
    const h = setTimeout(() => {
      busy.current = true;
      fetchSalesPage(filters, null)
        .then((p) => {
          if (gen !== generation.current) return;
          setRows(p.rows);
          setNext(p.next);
          setDone(p.next === null);
          setLoaded(true);
          onError(null);
        })
        .catch((e: unknown) => {
          if (gen === generation.current) onError(e);
        })
        .finally(() => {
          if (gen === generation.current) busy.current = false;
        });
    }, 120);
    return () => clearTimeout(h);
  }, [filters, reloads, onError]);

  const more = useCallback(() => {
    if (busy.current || next === null) return;
    const gen = generation.current;
    busy.current = true;
    fetchSalesPage(filters, next)
      .then((p) => {
        if (gen !== generation.current) return;
        setRows((r) => [...r, ...p.rows]);
        setNext(p.next);
        setDone(p.next === null);
      })
      .catch((e: unknown) => {
        if (gen === generation.current) onError(e);
      })
      .finally(() => {
        if (gen === generation.current) busy.current = false;
      });
  }, [filters, next, onError]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  return { rows, done, loaded, more, reload };
}
