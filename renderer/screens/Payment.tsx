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
import { fieldMessage, issuesFor } from '../lib/errors.ts';
import { minorToDecimal, parseMoney } from '../lib/format.ts';
import { useFmt } from '../lib/useFmt.ts';
import { wedgeBuffer } from '../lib/wedge.ts';
import { cartTotals, checkoutLines, useCart } from '../stores/cart.ts';
import { useSession } from '../stores/session.ts';
import { useUi } from '../stores/ui.ts';

type NonCash = Exclude<TenderInput, { method: 'cash' }> & { key: number };
let tenderSeq = 0;
const OTHER_METHODS = TENDER_METHODS.filter((m) => m !== 'cash') as Exclude<TenderMethod, 'cash'>[];

/**
 * Keys of the quick-cash buttons, in order (shown on them). Alt+digit types nothing in the
 * tendered field, where the focus sits, and no screen uses it.
 */
export const QUICK_CASH_KEYS = ['1', '2', '3', '4', '5'] as const;
/** The key that starts a card payment: method card, focus in the reference field. */
export const CARD_KEY = 'F5';

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
  // set when Enter (or a click) asked to validate what cannot be: the one reason is shown
  const [why, setWhy] = useState(false);
  const [otherWhy, setOtherWhy] = useState<string | null>(null);
  const cashInput = useRef<HTMLInputElement>(null);
  const referenceInput = useRef<HTMLInputElement>(null);
  const validateButton = useRef<HTMLButtonElement>(null);
  const { guard, dialog } = useApproval(setError);

  const totals = useMemo(() => cartTotals(store, cart.lines), [store, cart.lines]);
  const nonCash = others.reduce((a, x) => a + x.amount, 0);
  const remaining = totals.total - nonCash;
  const rule = { step: store.cashRoundingStep };
  const cashDue = remaining > 0 ? roundCash(money(remaining, store.currency), rule).amount : 0;
  const tendered = parseMoney(cashText);
  // "1abc" is not an amount: refused, and said, instead of being dropped silently
  const cashInvalid = remaining > 0 && cashText.trim() !== '' && tendered === null;
  const tenders: TenderInput[] = [
    ...others.map(({ key: _key, ...x }) => x),
    ...(remaining > 0 && tendered ? [{ method: 'cash' as const, tendered }] : []),
  ];
  let preview: ReturnType<typeof applyTenders> | null = null;
  let previewError: unknown = null;
  try {
    preview = cashInvalid ? null : applyTenders(store.currency, totals.total, tenders, rule);
  } catch (err) {
    preview = null;
    previewError = err;
  }
  const cashIndex = others.length;
  const canValidate = preview !== null && !busy;
  // the one reason validating is refused, said once (under the tendered amount)
  const firstIssue = previewError instanceof Error ? issuesFor(previewError, 'tenders')[0] : undefined;
  const reason = cashInvalid
    ? t('errors.field.amount')
    : why && !preview && firstIssue
      ? fieldMessage(t, firstIssue)
      : null;

  useEffect(() => {
    if (!done) cashInput.current?.focus();
  }, [done]);

  // Payment keys: Alt+1…5 the quick-cash buttons, F5 a card payment (reference field focused)
  const quick = quickCash(cashDue, DENOMINATIONS[store.currency].notes);
  const quickRef = useRef(quick);
  quickRef.current = quick;
  useEffect(() => {
    if (done) return;
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || document.querySelector('[role="dialog"]')) return;
      if (e.key === CARD_KEY && !e.altKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        setMethod('card');
        referenceInput.current?.focus();
        return;
      }
      if (e.altKey && !e.ctrlKey && !e.metaKey) {
        const i = QUICK_CASH_KEYS.indexOf(
          e.code.replace(/^(Digit|Numpad)/, '') as (typeof QUICK_CASH_KEYS)[number],
        );
        const v = i >= 0 ? quickRef.current[i] : undefined;
        if (v !== undefined) {
          e.preventDefault();
          setCashText(minorToDecimal(v));
          setWhy(false);
          cashInput.current?.focus();
        }
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [done]);

  function addOther(e: React.FormEvent) {
    e.preventDefault();
    const typed = otherAmount.trim();
    const parsed = typed ? parseMoney(typed) : null;
    if (typed && parsed === null) {
      setOtherWhy(t('errors.field.amount'));
      return;
    }
    const amount = parsed ?? Math.max(remaining, 0);
    if (amount > remaining) {
      setOtherWhy(t('errors.field.nonCashExceeds'));
      return;
    }
    if (amount <= 0 || !reference.trim()) return;
    setOthers((o) => [...o, { method, amount, reference: reference.trim(), key: ++tenderSeq }]);
    setOtherAmount('');
    setReference('');
    setOtherWhy(null);
    // the focus goes where the clerk goes next: the cash still due, or Validate when nothing is
    // left (the cash field is gone then, and the focus was lost with it)
    if (amount < remaining) cashInput.current?.focus();
    else setTimeout(() => validateButton.current?.focus(), 0);
  }

  async function commit(e?: React.FormEvent) {
    e?.preventDefault();
    // Enter submits the cash form even while Validate is disabled: do nothing then, say why once
    if (!canValidate || tenders.length === 0) {
      if (!busy) setWhy(true);
      return;
    }
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
              onChange={(e) => {
                setCashText(e.target.value);
                setWhy(false);
              }}
              aria-invalid={reason !== null || issuesFor(error, `tenders.${cashIndex}`).length > 0}
              aria-describedby="tendered-error"
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.preventDefault();
                  go('counter');
                }
              }}
            />
            {reason ? (
              <p className="field-error" role="alert" id="tendered-error" data-testid="tendered-error">
                {reason}
              </p>
            ) : (
              <FieldError error={error} path={`tenders.${cashIndex}`} id="tendered-error" />
            )}
            <fieldset className="quick-cash">
              <legend className="sr-only">{t('payment.quickCash')}</legend>
              {quick.map((v, i) => (
                <button
                  type="button"
                  key={v}
                  className="btn btn-cash"
                  aria-keyshortcuts={`Alt+${QUICK_CASH_KEYS[i]}`}
                  onClick={() => {
                    setCashText(minorToDecimal(v));
                    setWhy(false);
                    cashInput.current?.focus();
                  }}
                >
                  {i === 0 ? t('payment.exact') : fmt.money(v)} <kbd>Alt+{QUICK_CASH_KEYS[i]}</kbd>
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
        {/* only what no tender's own message says: a tender's issue was shown twice */}
        <FieldError error={error} path="tenders" exact />
        <div className="actions">
          <button type="button" className="btn" onClick={() => go('counter')}>
            {t('payment.back')} <kbd>Esc</kbd>
          </button>
          <button
            type="button"
            className="btn btn-primary btn-large"
            ref={validateButton}
            disabled={!canValidate}
            onClick={() => void commit()}
            data-testid="validate"
          >
            {t('payment.validate')} <kbd>{t('keys.enter')}</kbd>
          </button>
        </div>
      </section>

      <aside className="pay-side" aria-labelledby="other-title">
        <h2 id="other-title">
          {t('payment.otherTitle')} <kbd>{CARD_KEY}</kbd>
        </h2>
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
              aria-invalid={otherWhy !== null}
              aria-describedby="other-error"
              onChange={(e) => {
                setOtherAmount(e.target.value);
                setOtherWhy(null);
              }}
            />
          </label>
          {otherWhy ? (
            <p className="field-error" role="alert" id="other-error" data-testid="other-error">
              {otherWhy}
            </p>
          ) : null}
          <label>
            {t('payment.reference')}
            <input
              ref={referenceInput}
              value={reference}
              onChange={(e) => setReference(e.target.value)}
              maxLength={200}
            />
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
