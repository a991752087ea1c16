import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrawerReport } from '../../shared/api/types.ts';
import { countTotal, type DenominationCount } from '../../shared/denominations.ts';
import { useApproval } from '../components/Approval.tsx';
import { DenominationGrid } from '../components/DenominationGrid.tsx';
import { Dialog, FormActions } from '../components/Dialog.tsx';
import { ErrorBanner, FieldError } from '../components/FieldError.tsx';
import { ReportView } from '../components/Report.tsx';
import { api } from '../lib/api.ts';
import { parseMoney } from '../lib/format.ts';
import { useFmt } from '../lib/useFmt.ts';
import { useDrawer } from '../stores/drawer.ts';
import { isManager, useSession } from '../stores/session.ts';

type Mode = null | 'payIn' | 'payOut' | 'noSale' | 'close';

export function DrawerScreen() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const store = useSession((s) => s.store)!;
  const user = useSession((s) => s.user);
  const { current, refresh } = useDrawer();
  const [count, setCount] = useState<DenominationCount>({});
  const [mode, setMode] = useState<Mode>(null);
  const [report, setReport] = useState<DrawerReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function open(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api().call('drawer.open', { float: count });
      setCount({});
      setReport(null);
      await refresh();
    } catch (err) {
      setError(err);
    }
  }

  async function xReport() {
    setError(null);
    try {
      setReport(await api().call('report.x', {}));
    } catch (err) {
      setError(err);
    }
  }

  if (!current) {
    return (
      <div className="drawer">
        {report ? (
          <section aria-label={t('report.z')} className="card">
            <ReportView report={report} />
          </section>
        ) : null}
        <section className="card" aria-labelledby="open-title">
          <h1 id="open-title">{t('drawer.openTitle')}</h1>
          <p className="hint">{t('drawer.openHint')}</p>
          <form onSubmit={open} className="form">
            <DenominationGrid
              currency={store.currency}
              count={count}
              onChange={setCount}
              error={error}
              field="float"
              autoFocus={!report}
            />
            <ErrorBanner error={error} />
            <div className="actions">
              <button type="submit" className="btn btn-primary btn-large" data-testid="open-drawer">
                {t('drawer.open')}
              </button>
            </div>
          </form>
        </section>
      </div>
    );
  }

  return (
    <div className="drawer">
      <section className="card" aria-labelledby="drawer-title">
        <h1 id="drawer-title">{t('drawer.sessionTitle', { n: current.number })}</h1>
        <p>
          {t('drawer.openedBy', { name: current.openedBy, at: fmt.dateTime(current.openedAt) })} ·{' '}
          {t('drawer.float')} <strong>{fmt.money(current.float, current.currency)}</strong>
        </p>
        <p className="notice" role="status">
          {notice ?? ''}
        </p>
        <ErrorBanner error={error} />
        <div className="action-grid">
          <button type="button" className="btn btn-large" onClick={() => setMode('payIn')}>
            {t('drawer.payIn')}
          </button>
          <button type="button" className="btn btn-large" onClick={() => setMode('payOut')}>
            {t('drawer.payOut')}
          </button>
          <button type="button" className="btn btn-large" onClick={() => setMode('noSale')}>
            {t('drawer.noSale')}
          </button>
          {isManager(user) ? (
            <button type="button" className="btn btn-large" onClick={() => void xReport()}>
              {t('drawer.xReport')}
            </button>
          ) : null}
          <button type="button" className="btn btn-large btn-primary" onClick={() => setMode('close')}>
            {t('drawer.close')}
          </button>
        </div>
      </section>
      {report ? (
        <section className="card" aria-label={t('report.x')}>
          <ReportView report={report} />
        </section>
      ) : null}
      {mode === 'payIn' || mode === 'payOut' || mode === 'noSale' ? (
        <MovementDialog
          kind={mode}
          onClose={() => setMode(null)}
          onDone={(msg) => {
            setMode(null);
            setNotice(msg);
          }}
        />
      ) : null}
      {mode === 'close' ? (
        <CloseDialog
          onClose={() => setMode(null)}
          onDone={async (r) => {
            setMode(null);
            setReport(r);
            await refresh();
          }}
        />
      ) : null}
    </div>
  );
}

function MovementDialog({
  kind,
  onClose,
  onDone,
}: {
  kind: 'payIn' | 'payOut' | 'noSale';
  onClose: () => void;
  onDone: (msg: string) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const { guard, dialog } = useApproval(setError);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const amount = parseMoney(amountText) ?? 0;
    await guard(reason || t(`drawer.${kind}`), async (a) => {
      if (kind === 'payIn') await api().call('drawer.payIn', { amount, reason });
      else if (kind === 'payOut')
        await api().call('drawer.payOut', { amount, reason, ...(a ? { approval: a } : {}) });
      else await api().call('drawer.noSale', { reason, ...(a ? { approval: a } : {}) });
      onDone(
        kind === 'noSale' ? t('drawer.noSaleDone') : t('drawer.movementDone', { amount: fmt.money(amount) }),
      );
    });
  }
  return (
    <Dialog title={t(`drawer.${kind}`)} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        {kind !== 'noSale' ? (
          <>
            <label>
              {t('payment.amount')}
              <input
                inputMode="decimal"
                value={amountText}
                onChange={(e) => setAmountText(e.target.value)}
                autoFocus
              />
            </label>
            <FieldError error={error} path="amount" />
          </>
        ) : null}
        <label>
          {t('drawer.reason')}
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
        </label>
        <FieldError error={error} path="reason" />
        {kind !== 'payIn' ? <p className="hint">{t('drawer.approvalHint')}</p> : null}
        <ErrorBanner error={error} />
        <FormActions onCancel={onClose} submit={t('common.confirm')} />
      </form>
      {dialog}
    </Dialog>
  );
}

/**
 * Blind close: the clerk counts; what is expected is shown only on the Z report afterwards.
 * Closing is final (a numbered Z), so the count is submitted to a confirmation step first:
 * the counted total, "this is final", and the focus on "back to the count" so that a stray
 * Enter never closes the drawer.
 */
function CloseDialog({ onClose, onDone }: { onClose: () => void; onDone: (r: DrawerReport) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const store = useSession((s) => s.store)!;
  const [count, setCount] = useState<DenominationCount>({});
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) back.current?.focus();
  }, [confirming]);
  function review(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setConfirming(true);
  }
  async function close() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await api().call('drawer.close', { count, ...(note.trim() ? { note: note.trim() } : {}) }));
    } catch (err) {
      setError(err);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog title={t('drawer.closeTitle')} onClose={onClose} wide>
      {confirming ? (
        <div className="form close-confirm" data-testid="close-summary">
          <p className="close-confirm-total">
            {t('drawer.countTotal')}{' '}
            <strong data-testid="close-counted">{fmt.money(countTotal(count), store.currency)}</strong>
          </p>
          <p className="warning" role="alert">
            {t('drawer.closeFinal')}
          </p>
          <div className="actions">
            <button type="button" className="btn" ref={back} onClick={() => setConfirming(false)}>
              {t('drawer.backToCount')}
            </button>
            <button
              type="button"
              className="btn btn-danger"
              disabled={busy}
              onClick={() => void close()}
              data-testid="confirm-close-final"
            >
              {t('drawer.closeConfirm')}
            </button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={review}>
          <p className="hint">{t('drawer.blindHint')}</p>
          <DenominationGrid
            currency={store.currency}
            count={count}
            onChange={setCount}
            error={error}
            field="count"
            autoFocus
          />
          <label>
            {t('drawer.note')}
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          </label>
          <FieldError error={error} path="note" />
          <ErrorBanner error={error} />
          <FormActions onCancel={onClose} submit={t('drawer.closeReview')} testId="confirm-close" />
        </form>
      )}
    </Dialog>
  );
}
