import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TENDER_METHODS, type TenderInput, type TenderMethod } from '../../shared/api/schemas.ts';
import type { CheckoutResult } from '../../shared/api/types.ts';
import { roundCash } from '../../shared/cash-rounding.ts';
import { DENOMINATIONS } from '../../shared/denominations.ts';
import { money } from '../../shared/money.ts';
import { applyTenders } from '../../shared/pricing.ts';
import { useApproval } from '../components/Approval.tsx';
import { ErrorBanner, FieldError } from '../components/FieldError.tsx';
import { PrintedReceipt } from '../components/PrintedReceipt.tsx';
import { api } from '../lib/api.ts';
import { errorBeep } from '../lib/beep.ts';
import { issuesFor } from '../lib/errors.ts';
import { minorToDecimal, parseMoney } from '../lib/format.ts';
import { useFmt } from '../lib/useFmt.ts';
import { wedgeBuffer } from '../lib/wedge.ts';
import { cartTotals, checkoutLines, useCart } from '../stores/cart.ts';
import { useSession } from '../stores/session.ts';
import { useUi } from '../stores/ui.ts';

type NonCash = Exclude<TenderInput, { method: 'cash' }> & { key: number };
let tenderSeq = 0;
const OTHER_METHODS = TENDER_METHODS.filter((m) => m !== 'cash') as Exclude<TenderMethod, 'cash'>[];

/** Quick-cash amounts: the exact cash due, then the next round amounts by banknote. */
export function quickCash(due: number, notes: readonly number[]): number[] {
  if (due <= 0) return [];
  const out = [due];
  for (const d of [...notes].sort((a, b) => a - b)) {
    const v = Math.ceil(due / d) * d;
    if (!out.includes(v)) out.push(v);
    if (out.length >= 5) break;
  }
  return out;
}

export function PaymentScreen() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const store = useSession((s) => s.store)!;
  const cart = useCart();
  const go = useUi((s) => s.go);
  const [others, setOthers] = useState<NonCash[]>([]);
  const [cashText, setCashText] = useState('');
  const [method, setMethod] = useState<Exclude<TenderMethod, 'cash'>>('card');
  const [otherAmount, setOtherAmount] = useState('');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<CheckoutResult | null>(null);
  const cashInput = useRef<HTMLInputElement>(null);
  const { guard, dialog } = useApproval(setError);

  const totals = useMemo(() => cartTotals(store, cart.lines), [store, cart.lines]);
  const nonCash = others.reduce((a, x) => a + x.amount, 0);
  const remaining = totals.total - nonCash;
  const rule = { step: store.cashRoundingStep };
  const cashDue = remaining > 0 ? roundCash(money(remaining, store.currency), rule).amount : 0;
  const tendered = parseMoney(cashText);
  const tenders: TenderInput[] = [
    ...others.map(({ key: _key, ...x }) => x),
    ...(remaining > 0 && tendered ? [{ method: 'cash' as const, tendered }] : []),
  ];
  let preview: ReturnType<typeof applyTenders> | null = null;
  try {
    preview = applyTenders(store.currency, totals.total, tenders, rule);
  } catch {
    preview = null;
  }
  const cashIndex = others.length;

  useEffect(() => {
    if (!done) cashInput.current?.focus();
  }, [done]);

  function addOther(e: React.FormEvent) {
    e.preventDefault();
    const amount = parseMoney(otherAmount) ?? Math.max(remaining, 0);
    if (amount <= 0 || !reference.trim()) return;
    setOthers((o) => [...o, { method, amount, reference: reference.trim(), key: ++tenderSeq }]);
    setOtherAmount('');
    setReference('');
    cashInput.current?.focus();
  }

  async function commit(e?: React.FormEvent) {
    e?.preventDefault();
    if (busy || tenders.length === 0) return;
    setBusy(true);
    setError(null);
    performance.mark('pay');
    await guard(t('approval.reasonOverride'), async (a) => {
      const approval = a ?? cart.approval ?? undefined;
      const r = await api().call('sale.checkout', {
        lines: checkoutLines(cart.lines),
        tenders,
        ...(cart.customer ? { customerId: cart.customer.id } : {}),
        ...(approval ? { approval } : {}),
      });
      setDone(r);
    });
    setBusy(false);
  }

  if (done) return <PaymentDone result={done} />;

  return (
    <div className="payment">
      <section className="pay-main" aria-labelledby="pay-title">
        <h1 id="pay-title">{t('payment.title')}</h1>
        <dl className="pay-figures">
          <div>
            <dt>{t('totals.total')}</dt>
            <dd className="big" data-testid="pay-total">
              {fmt.money(totals.total)}
            </dd>
          </div>
          {nonCash > 0 ? (
            <div>
              <dt>{t('payment.otherTenders')}</dt>
              <dd>{fmt.money(nonCash)}</dd>
            </div>
          ) : null}
          {remaining > 0 ? (
            <div>
              <dt>{t('payment.cashDue')}</dt>
              <dd className="big" data-testid="cash-due">
                {fmt.money(cashDue)}
              </dd>
            </div>
          ) : null}
          {remaining > 0 && cashDue !== remaining ? (
            <div>
              <dt>{t('payment.rounding')}</dt>
              <dd data-testid="rounding">{fmt.money(cashDue - remaining)}</dd>
            </div>
          ) : null}
        </dl>

        {remaining > 0 ? (
          <form onSubmit={commit} className="form cash-form">
            <label htmlFor="tendered">{t('payment.tendered')}</label>
            <input
              id="tendered"
              ref={cashInput}
              className="money-input"
              inputMode="decimal"
              autoComplete="off"
              value={cashText}
              onChange={(e) => setCashText(e.target.value)}
              aria-invalid={issuesFor(error, `tenders.${cashIndex}`).length > 0}
              aria-describedby="tendered-error"
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.preventDefault();
                  go('counter');
                }
              }}
            />
            <FieldError error={error} path={`tenders.${cashIndex}`} id="tendered-error" />
            <fieldset className="quick-cash">
              <legend className="sr-only">{t('payment.quickCash')}</legend>
              {quickCash(cashDue, DENOMINATIONS[store.currency].notes).map((v, i) => (
                <button
                  type="button"
                  key={v}
                  className="btn btn-cash"
                  onClick={() => {
                    setCashText(minorToDecimal(v));
                    cashInput.current?.focus();
                  }}
                >
                  {i === 0 ? t('payment.exact') : fmt.money(v)}
                </button>
              ))}
            </fieldset>
          </form>
        ) : null}

        <div className={`change-due ${preview ? '' : 'change-pending'}`} aria-live="polite">
          <span className="change-label">{t('payment.change')}</span>
          <output className="change-amount" data-testid="change-due">
            {preview ? fmt.money(preview.changeDue) : '—'}
          </output>
        </div>

        <ErrorBanner error={error && !issuesFor(error, 'tenders').length ? error : null} />
        <FieldError error={error} path="approval" />
        <FieldError error={error} path="tenders" />
        <div className="actions">
          <button type="button" className="btn" onClick={() => go('counter')}>
            {t('payment.back')} <kbd>Esc</kbd>
          </button>
          <button
            type="button"
            className="btn btn-primary btn-large"
            disabled={!preview || busy}
            onClick={() => void commit()}
            data-testid="validate"
          >
            {t('payment.validate')} <kbd>{t('keys.enter')}</kbd>
          </button>
        </div>
      </section>

      <aside className="pay-side" aria-labelledby="other-title">
        <h2 id="other-title">{t('payment.otherTitle')}</h2>
        <form className="form" onSubmit={addOther}>
          <label>
            {t('payment.method')}
            <select value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
              {OTHER_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`tender.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('payment.amount')}
            <input
              inputMode="decimal"
              value={otherAmount}
              placeholder={remaining > 0 ? fmt.money(remaining) : ''}
              onChange={(e) => setOtherAmount(e.target.value)}
            />
          </label>
          <label>
            {t('payment.reference')}
            <input value={reference} onChange={(e) => setReference(e.target.value)} maxLength={200} />
          </label>
          <p className="hint">{t('payment.terminalHint')}</p>
          <button type="submit" className="btn" disabled={!reference.trim() || remaining <= 0}>
            {t('payment.addTender')}
          </button>
        </form>
        {others.length ? (
          <ul className="tender-list">
            {others.map((o, i) => (
              <li key={o.key}>
                <span>
                  {t(`tender.${o.method}`)} · {o.reference}
                </span>
                <strong>{fmt.money(o.amount)}</strong>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => setOthers((x) => x.filter((_, j) => j !== i))}
                >
                  {t('common.remove')}
                </button>
                <FieldError error={error} path={`tenders.${i}`} />
              </li>
            ))}
          </ul>
        ) : null}
      </aside>
      {dialog}
    </div>
  );
}

/** After commit: big change due, the receipt as stored, new sale / reprint. */
function PaymentDone({ result }: { result: CheckoutResult }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const store = useSession((s) => s.store)!;
  const clear = useCart((s) => s.clear);
  const add = useCart((s) => s.add);
  const go = useUi((s) => s.go);
  const next = useRef<HTMLButtonElement>(null);
  const [reprint, setReprint] = useState<unknown>(undefined);
  const [unknownCode, setUnknownCode] = useState<string | null>(null);
  // A scan here is the next customer's first item: it starts the next sale with that item
  // (before, the scanner's Enter pressed "new sale" and the item was lost). Captured before
  // the focused button sees the Enter.
  useEffect(() => {
    const wedge = wedgeBuffer();
    function onKey(e: KeyboardEvent) {
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      if (e.key.length === 1) {
        wedge.key(e.key);
      } else if (e.key === 'Enter') {
        const code = wedge.enter();
        if (!code) return;
        e.preventDefault();
        e.stopPropagation();
        api()
          .call('catalogue.byBarcode', { code })
          .then(
            (p) => {
              if (!p) {
                setUnknownCode(code);
                errorBeep();
                return;
              }
              clear();
              add(p);
              go('counter');
            },
            (err) => setReprint(err),
          );
      }
    }
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [add, clear, go]);
  // performance (read by the ui benchmark): Pay → the committed sale's receipt on screen, and
  // Pay → the printer's rendering of it (receipt.preview) on screen
  useEffect(() => {
    next.current?.focus();
    if (performance.getEntriesByName('pay', 'mark').length) performance.measure('ui-pay-receipt', 'pay');
  }, []);
  const shown = useCallback(() => {
    if (performance.getEntriesByName('pay', 'mark').length) {
      performance.measure('ui-pay-printed', 'pay');
      performance.clearMarks('pay');
    }
  }, []);
  async function doReprint() {
    try {
      await api().call('print.reprint', { saleId: result.sale.id });
      setReprint(null);
    } catch (e) {
      setReprint(e);
    }
  }
  function newSale() {
    clear();
    go('counter');
  }
  return (
    <div className="payment-done">
      <section aria-labelledby="done-title">
        <h1 id="done-title">{t('payment.done')}</h1>
        <div className="change-due change-final">
          <span className="change-label">{t('payment.change')}</span>
          <output className="change-amount" data-testid="final-change">
            {fmt.money(result.changeDue, result.sale.currency)}
          </output>
        </div>
        <div className="actions">
          <button type="button" className="btn btn-primary btn-large" ref={next} onClick={newSale}>
            {t('payment.newSale')} <kbd>{t('keys.enter')}</kbd>
          </button>
          <button type="button" className="btn btn-large" onClick={() => void doReprint()}>
            {t('receipt.reprint')}
          </button>
        </div>
        {reprint === null ? (
          <p className="notice" role="status">
            {t('receipt.reprinted')}
          </p>
        ) : null}
        {reprint ? <ErrorBanner error={reprint} /> : null}
        {unknownCode ? (
          <p className="notice notice-error" role="alert">
            {t('counter.unknownCode', { code: unknownCode })}
          </p>
        ) : null}
      </section>
      <section aria-labelledby="preview-title" className="receipt-preview">
        <h2 id="preview-title">{t('receipt.preview')}</h2>
        <PrintedReceipt sale={result.sale} store={store} onShown={shown} />
      </section>
    </div>
  );
}
