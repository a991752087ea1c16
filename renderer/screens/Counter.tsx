import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category, ParkedTicket, Product, RecalledTicket } from '../../shared/api/types.ts';
import { priceLine } from '../../shared/pricing.ts';
import { CustomerDialog } from '../components/CustomerDialog.tsx';
import { ErrorBanner } from '../components/FieldError.tsx';
import { DiscountDialog, PriceDialog, QtyDialog } from '../components/LineDialogs.tsx';
import { ParkedTicketsDialog } from '../components/ParkedTickets.tsx';
import { Totals } from '../components/Totals.tsx';
import { api } from '../lib/api.ts';
import { errorBeep } from '../lib/beep.ts';
import { isTextInput } from '../lib/keys.ts';
import { useFmt } from '../lib/useFmt.ts';
import { WEDGE_MAX_GAP_MS, WEDGE_MIN_LEN, wedgeBuffer } from '../lib/wedge.ts';
import { type CartLine, checkoutLines, useCart } from '../stores/cart.ts';
import { useDrawer } from '../stores/drawer.ts';
import { useSession } from '../stores/session.ts';
import { useUi } from '../stores/ui.ts';

type Dialog = null | 'customer' | 'qty' | 'discount' | 'price' | 'parked';
/** Park the cart, or (cart empty) list the tickets on hold to recall one. */
export const HOLD_KEY = 'F10';
/** What the counter last said: a success (green) or a fault the clerk must notice (red + beep). */
type Notice = { text: string; kind: 'ok' | 'error' };

/**
 * Latest-wins search: a keypress fires at once when nothing is in flight; while a request is
 * in flight only the newest text waits, and results for a superseded text are dropped.
 */
function useCatalogueSearch(q: string, categoryId: string | null) {
  const [results, setResults] = useState<{ for: string; items: Product[] }>({ for: '', items: [] });
  const [error, setError] = useState<unknown>(null);
  const inflight = useRef(false);
  const want = useRef('');
  const key = `${categoryId ?? ''}|${q}`;
  const run = useCallback(function go(k: string) {
    inflight.current = true;
    const [cat, ...rest] = k.split('|');
    const text = rest.join('|');
    api()
      .call('catalogue.search', { q: text, ...(cat ? { categoryId: cat } : {}), limit: 30 })
      .then(
        (items) => {
          if (want.current === k) setResults({ for: k, items });
          setError(null);
        },
        (e) => setError(e),
      )
      .finally(() => {
        inflight.current = false;
        const next = want.current;
        if (next !== k && next.split('|').slice(1).join('|').trim().length !== 1) go(next);
      });
  }, []);
  useEffect(() => {
    want.current = key;
    // one character matches a large part of a big catalogue: wait for the second one
    if (q.trim().length === 1) {
      setResults({ for: key, items: [] });
      return;
    }
    if (!inflight.current) run(key);
  }, [key, q, run]);
  /**
   * Send the search from the input event itself, before React renders the keypress: the
   * request no longer waits for a render and its effect (the effect above then finds it in flight).
   */
  const kick = useCallback(
    (text: string, cat: string | null) => {
      if (text.trim().length === 1) return;
      const k = `${cat ?? ''}|${text}`;
      want.current = k;
      if (!inflight.current) run(k);
    },
    [run],
  );
  return { results: results.items, resultsFor: results.for, current: key, error, kick };
}

/**
 * The result rows, memoised: a keypress re-renders the search box at once and these rows only
 * when the results (or the highlighted row) change.
 */
const ResultRows = memo(function ResultRows({
  results,
  hi,
  onPick,
  money,
}: {
  results: readonly Product[];
  hi: number;
  onPick: (p: Product) => void;
  money: (minor: number) => string;
}) {
  return results.map((p, i) => (
    <li key={p.id}>
      <button
        type="button"
        id={`result-${p.id}`}
        className={i === hi ? 'result result-on' : 'result'}
        aria-current={i === hi ? 'true' : undefined}
        tabIndex={-1}
        onClick={() => onPick(p)}
      >
        <span className="result-name">{p.name}</span>
        <span className="result-meta">
          {p.sku}
          {p.categoryName ? ` · ${p.categoryName}` : ''}
        </span>
        <span className="result-price">{money(p.price)}</span>
      </button>
    </li>
  ));
});

export function CounterScreen() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const store = useSession((s) => s.store)!;
  const cart = useCart();
  const drawer = useDrawer((s) => s.current);
  const drawerLoaded = useDrawer((s) => s.loaded);
  const go = useUi((s) => s.go);
  const lastEvent = useUi((s) => s.lastEvent);
  const [parked, setParked] = useState<ParkedTicket[]>([]);
  const [quickKeys, setQuickKeys] = useState<Product[]>([]);
  const [q, setQ] = useState('');
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNoticeState] = useState<Notice | null>(null);
  // the result row Enter adds (arrow keys move it), kept with the results it points into: new
  // results start with nothing highlighted until the clerk moves to a row
  const [highlight, setHighlight] = useState<{ for: string; i: number }>({ for: '', i: -1 });
  const [error, setError] = useState<unknown>(null);
  const search = useRef<HTMLInputElement>(null);
  const cartScroll = useRef<HTMLDivElement>(null);
  const keyTimes = useRef<number[]>([]);
  const inputAt = useRef<Map<string, number>>(new Map());
  const { results, resultsFor, current, error: searchError, kick } = useCatalogueSearch(q, categoryId);
  const selected = cart.lines.find((l) => l.key === cart.selected) ?? null;
  const setNotice = useCallback((text: string, kind: Notice['kind'] = 'ok') => {
    setNoticeState({ text, kind });
    if (kind === 'error') errorBeep();
  }, []);
  const hi = highlight.for === resultsFor ? highlight.i : -1;
  const setHi = (f: (i: number) => number) => setHighlight({ for: resultsFor, i: f(hi) });

  // the selected line (the one just added, or moved to with ↑/↓) is kept in view in the cart
  useEffect(() => {
    if (!cart.selected) return;
    const row = cartScroll.current?.querySelector<HTMLElement>(`[data-line="${cart.selected}"]`);
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [cart.selected]);

  useEffect(() => {
    api().call('catalogue.categories', {}).then(setCategories, setError);
    search.current?.focus();
  }, []);

  // the tickets on hold and the quick keys, again whenever any till changes them
  const holdEvent = lastEvent && /^(ticket\.|quickKeys\.)/.test(lastEvent.type) ? lastEvent.seq : 0;
  useEffect(() => {
    void holdEvent;
    api().call('ticket.parked', {}).then(setParked, setError);
    api().call('quickKeys.list', {}).then(setQuickKeys, setError);
  }, [holdEvent]);

  // performance: keypress → results rendered (read by the ui-search benchmark)
  useEffect(() => {
    if (resultsFor !== current) return;
    const start = inputAt.current.get(current);
    if (start === undefined) return;
    inputAt.current.delete(current);
    if (q.trim().length === 1) return; // nothing was searched
    performance.measure('ui-search', { start, end: performance.now() });
  }, [resultsFor, current, q]);

  const addProduct = useCallback(
    (p: Product) => {
      cart.add(p);
      setNotice(t('counter.added', { name: p.name }));
    },
    [cart.add, t, setNotice],
  );

  const pickResult = useCallback(
    (p: Product) => {
      addProduct(p);
      setQ('');
      search.current?.focus();
    },
    [addProduct],
  );

  const scan = useCallback(
    async (code: string) => {
      try {
        const p = await api().call('catalogue.byBarcode', { code });
        if (p) addProduct(p);
        else setNotice(t('counter.unknownCode', { code }), 'error');
      } catch (e) {
        setError(e);
      }
    },
    [addProduct, t, setNotice],
  );

  const hold = useCallback(async () => {
    if (cart.lines.length === 0) {
      setDialog('parked');
      return;
    }
    try {
      const ticket = await api().call('ticket.park', {
        lines: checkoutLines(cart.lines),
        ...(cart.customer ? { customerId: cart.customer.id } : {}),
      });
      cart.clear();
      setParked((p) => [...p, ticket]);
      setNotice(t('hold.parked'));
      search.current?.focus();
    } catch (e) {
      setError(e);
    }
  }, [cart, t, setNotice]);

  const recalled = useCallback(
    (r: RecalledTicket) => {
      const byId = new Map(r.products.map((p) => [p.id, p]));
      cart.load(
        r.ticket.lines.flatMap((l) => {
          const product = byId.get(l.productId);
          return product
            ? [
                {
                  product,
                  quantity: l.quantity,
                  unitPrice: l.unitPrice ?? null,
                  discount: l.discount ?? null,
                },
              ]
            : [];
        }),
        r.customer,
      );
      setParked((p) => p.filter((x) => x.id !== r.ticket.id));
      setDialog(null);
      if (r.missing.length) setNotice(t('hold.missing', { count: r.missing.length }), 'error');
      else setNotice(t('hold.recalled'));
      search.current?.focus();
    },
    [cart, t, setNotice],
  );

  const pay = useCallback(() => {
    if (cart.lines.length === 0) {
      setNotice(t('counter.emptyCart'), 'error');
      return;
    }
    if (!drawer) {
      setNotice(t('counter.drawerClosed'), 'error');
      return;
    }
    go('payment');
  }, [cart.lines.length, drawer, go, t, setNotice]);

  // Screen shortcuts (documented in the help overlay)
  useEffect(() => {
    const wedge = wedgeBuffer();
    function onKey(e: KeyboardEvent) {
      if (dialog || e.defaultPrevented) return;
      const typing = isTextInput(e.target);
      if (e.key === 'F2') {
        e.preventDefault();
        search.current?.focus();
        search.current?.select();
      } else if (e.key === 'F4') {
        e.preventDefault();
        setDialog('customer');
      } else if (e.key === 'F8') {
        e.preventDefault();
        pay();
      } else if (e.key === HOLD_KEY) {
        e.preventDefault();
        void hold();
      } else if (e.key === 'F6' && selected) {
        e.preventDefault();
        setDialog('discount');
      } else if (e.key === 'F7' && selected) {
        e.preventDefault();
        setDialog('price');
      } else if (!typing && selected && (e.key === '+' || e.key === 'Add')) {
        e.preventDefault();
        cart.bump(selected.key, 1000);
      } else if (!typing && selected && (e.key === '-' || e.key === 'Subtract')) {
        e.preventDefault();
        cart.bump(selected.key, -1000);
      } else if (!typing && selected && e.key === 'Delete') {
        e.preventDefault();
        cart.remove(selected.key);
      } else if (!typing && (e.key === 'ArrowUp' || e.key === 'ArrowDown') && cart.lines.length) {
        e.preventDefault();
        const i = cart.lines.findIndex((l) => l.key === cart.selected);
        const n = e.key === 'ArrowUp' ? Math.max(i - 1, 0) : Math.min(i + 1, cart.lines.length - 1);
        cart.select(cart.lines[n]!.key);
      } else if (!typing && e.key.length === 1 && !e.ctrlKey && !e.altKey && !e.metaKey) {
        // keyboard wedge with the focus outside the search box
        wedge.key(e.key);
      } else if (!typing && e.key === 'Enter') {
        const code = wedge.enter();
        if (code) {
          e.preventDefault();
          void scan(code);
        }
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dialog, pay, hold, selected, cart, scan]);

  /**
   * Enter in the search box adds only what the clerk meant: the highlighted row, or the item
   * whose code (barcode or SKU) is exactly the text. Never the first result of a name search
   * ("clous" once put a 49.99 $ nail bar in the cart).
   */
  async function onSearchEnter() {
    const text = q.trim();
    if (!text) return;
    const times = keyTimes.current;
    const scanned =
      times.length >= WEDGE_MIN_LEN &&
      times.slice(1).every((x, i) => x - times[i]! <= WEDGE_MAX_GAP_MS) &&
      !/\s/.test(text);
    const picked = resultsFor === current ? results[hi] : undefined;
    if (picked) {
      addProduct(picked);
      setQ('');
      return;
    }
    // one word may be a code: the till's exact barcode/SKU lookup
    if (!/\s/.test(text)) {
      let p: Product | null;
      try {
        p = await api().call('catalogue.byBarcode', { code: text });
      } catch (e) {
        setError(e);
        return;
      }
      if (p) {
        addProduct(p);
        setQ('');
        return;
      }
    }
    if (scanned || /^\d{6,}$/.test(text)) {
      // an unknown code must not stay in the box: the next scan would be appended to it
      setQ('');
      setNotice(t('counter.unknownCode', { code: text }), 'error');
      return;
    }
    setNotice(results.length ? t('counter.pickRow') : t('counter.noResults'), 'error');
  }

  // the cart is rendered again when the cart, the notice or the held tickets change, not on each
  // keypress in the search box (the ui-search benchmark's keypress → results path)
  const cartPanel = useMemo(
    () => (
      <section className="cart" aria-label={t('cart.title')}>
        <div className="cart-head">
          <h2>{t('cart.title')}</h2>
          <div className="cart-head-actions">
            <button
              type="button"
              className="btn btn-small"
              onClick={() => void hold()}
              data-testid="hold"
              aria-keyshortcuts={HOLD_KEY}
            >
              {cart.lines.length ? t('hold.park') : t('hold.waiting', { count: parked.length })}{' '}
              <kbd>{HOLD_KEY}</kbd>
            </button>
            <button type="button" className="btn btn-small" onClick={() => setDialog('customer')}>
              {cart.customer ? cart.customer.name : t('cart.attachCustomer')} <kbd>F4</kbd>
            </button>
          </div>
        </div>
        <p
          className={notice?.kind === 'error' ? 'notice notice-error' : 'notice'}
          role="status"
          aria-live="polite"
          data-testid="counter-notice"
        >
          {notice?.text ?? ''}
        </p>
        {cart.lines.length === 0 ? (
          <p className="cart-empty muted">{t('cart.empty')}</p>
        ) : (
          // the lines scroll here, inside the cart: total and Pay below stay on screen whatever
          // the ticket's length (at 1366×768 ten lines pushed them off the page)
          <div className="cart-scroll" ref={cartScroll}>
            <table className="cart-lines">
              <thead>
                <tr>
                  <th scope="col">{t('cart.item')}</th>
                  <th scope="col" className="num">
                    {t('cart.quantity')}
                  </th>
                  <th scope="col" className="num">
                    {t('cart.amount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {cart.lines.map((l) => {
                  const unit = l.unitPrice ?? l.product.price;
                  return (
                    <tr
                      key={l.key}
                      data-line={l.key}
                      className={l.key === cart.selected ? 'selected' : ''}
                      aria-selected={l.key === cart.selected}
                      onClick={() => cart.select(l.key)}
                    >
                      <td>
                        <div className="line-name">{l.product.name}</div>
                        <div className="line-meta">
                          {fmt.money(unit)}
                          {l.unitPrice !== null ? ` · ${t('cart.overridden')}` : ''}
                          {l.discount
                            ? ` · ${t('cart.discount')} ${
                                l.discount.kind === 'percent'
                                  ? `${l.discount.basisPoints / 100} %`
                                  : fmt.money(l.discount.amount)
                              }`
                            : ''}
                        </div>
                      </td>
                      <td className="num">
                        <div className="qty">
                          <button
                            type="button"
                            className="btn btn-icon"
                            aria-label={t('cart.less')}
                            onClick={() => cart.bump(l.key, -1000)}
                          >
                            −
                          </button>
                          <button
                            type="button"
                            className="qty-value"
                            aria-label={`${t('cart.setQty')} ${fmt.qty(l.quantity)}`}
                            onClick={() => {
                              cart.select(l.key);
                              setDialog('qty');
                            }}
                          >
                            {fmt.qty(l.quantity)}
                          </button>
                          <button
                            type="button"
                            className="btn btn-icon"
                            aria-label={t('cart.more')}
                            onClick={() => cart.bump(l.key, 1000)}
                          >
                            +
                          </button>
                        </div>
                      </td>
                      <td className="num" data-testid="line-amount">
                        <LineAmount line={l} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {selected ? (
          <div className="line-actions">
            <button type="button" className="btn btn-small" onClick={() => setDialog('qty')}>
              {t('cart.setQty')}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setDialog('discount')}>
              {t('cart.discount')} <kbd>F6</kbd>
            </button>
            <button type="button" className="btn btn-small" onClick={() => setDialog('price')}>
              {t('cart.price')} <kbd>F7</kbd>
            </button>
            <button
              type="button"
              className="btn btn-small btn-danger"
              onClick={() => cart.remove(selected.key)}
            >
              {t('cart.remove')} <kbd>{t('keys.del')}</kbd>
            </button>
          </div>
        ) : null}
        <Totals store={store} lines={cart.lines} />
        {drawerLoaded && !drawer ? (
          // said before F8, not after: the clerk opens the drawer before taking the customer's money
          <p className="drawer-warning" role="alert" data-testid="drawer-closed">
            {t('counter.drawerClosedBanner')}
          </p>
        ) : null}
        <button type="button" className="btn btn-pay" onClick={pay} disabled={cart.lines.length === 0}>
          {t('counter.pay')} <kbd>F8</kbd>
        </button>
      </section>
    ),
    [t, cart, selected, notice, hold, pay, parked.length, store, drawer, drawerLoaded, fmt],
  );

  return (
    <div className="counter">
      <section className="catalogue" aria-label={t('counter.catalogue')}>
        <div className="search-row">
          <label htmlFor="search" className="sr-only">
            {t('counter.search')}
          </label>
          <input
            id="search"
            ref={search}
            className="search"
            type="search"
            autoComplete="off"
            placeholder={t('counter.searchPlaceholder')}
            value={q}
            aria-controls="search-results"
            aria-activedescendant={hi >= 0 && results[hi] ? `result-${results[hi]!.id}` : undefined}
            onChange={(e) => {
              const v = e.target.value;
              inputAt.current.set(`${categoryId ?? ''}|${v}`, performance.now());
              kick(v, categoryId);
              setQ(v);
            }}
            onKeyDown={(e) => {
              const now = performance.now();
              if (e.key.length === 1) {
                if (q === '') keyTimes.current = [];
                keyTimes.current.push(now);
              }
              if (e.key === 'Enter') {
                e.preventDefault();
                void onSearchEnter().finally(() => {
                  keyTimes.current = [];
                });
              } else if (e.key === 'ArrowDown' && results.length) {
                e.preventDefault();
                setHi((i) => Math.min(i + 1, results.length - 1));
              } else if (e.key === 'ArrowUp' && results.length) {
                e.preventDefault();
                setHi((i) => Math.max(i - 1, -1));
              } else if (e.key === 'Escape' && q) {
                e.preventDefault();
                setQ('');
              }
            }}
          />
        </div>
        <nav className="quick-keys" aria-label={t('counter.categories')}>
          <button
            type="button"
            className={categoryId === null ? 'chip chip-on' : 'chip'}
            aria-pressed={categoryId === null}
            onClick={() => setCategoryId(null)}
          >
            {t('counter.allCategories')}
          </button>
          {categories.map((c) => (
            <button
              type="button"
              key={c.id}
              className={categoryId === c.id ? 'chip chip-on' : 'chip'}
              aria-pressed={categoryId === c.id}
              onClick={() => setCategoryId(c.id)}
            >
              {c.name}
            </button>
          ))}
        </nav>
        <ErrorBanner error={searchError ?? error} />
        {q === '' && quickKeys.length ? (
          <ul className="quick-grid" aria-label={t('quickKeys.title')} data-testid="quick-keys">
            {quickKeys.map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  className="quick-key"
                  onClick={() => {
                    addProduct(p);
                    search.current?.focus();
                  }}
                >
                  <span className="quick-key-name">{p.name}</span>
                  <span className="quick-key-price">{fmt.money(p.price)}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <ul
          hidden={q === '' && quickKeys.length > 0}
          className="results"
          id="search-results"
          aria-label={t('counter.results')}
          data-testid="results"
        >
          <ResultRows results={results} hi={hi} onPick={pickResult} money={fmt.money} />
          {results.length === 0 && resultsFor === current ? (
            <li className="muted empty">
              {q.trim().length === 1 ? t('counter.typeMore') : t('counter.noResults')}
            </li>
          ) : null}
        </ul>
      </section>

      {cartPanel}

      {dialog === 'parked' ? (
        <ParkedTicketsDialog tickets={parked} onRecalled={recalled} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'customer' ? (
        <CustomerDialog
          onPick={(c) => {
            cart.attach(c);
            setDialog(null);
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'qty' && selected ? (
        <QtyDialog
          line={selected}
          onSave={(q2) => {
            cart.setQty(selected.key, q2);
            setDialog(null);
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'discount' && selected ? (
        <DiscountDialog
          line={selected}
          onSave={(d) => {
            cart.setDiscount(selected.key, d);
            setDialog(null);
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'price' && selected ? (
        <PriceDialog
          line={selected}
          onSave={(price, a) => {
            cart.overridePrice(selected.key, price, a);
            setDialog(null);
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </div>
  );
}

function LineAmount({ line }: { line: CartLine }) {
  const fmt = useFmt();
  const priced = priceLine(fmt.currency, {
    unitPrice: line.unitPrice ?? line.product.price,
    quantity: line.quantity,
    discount: line.discount,
    taxCategory: line.product.taxCategory,
  });
  return <>{fmt.money(priced.amount)}</>;
}
