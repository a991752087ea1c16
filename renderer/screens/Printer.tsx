import type { TFunction } from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrinterProfileInfo, PrinterTransport, PrintJobInfo } from '../../shared/api/types.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorBanner, FieldError } from '../components/FieldError.tsx';
import { api } from '../lib/api.ts';
import { useFmt } from '../lib/useFmt.ts';
import { usePrinter } from '../stores/printer.ts';
import { useUi } from '../stores/ui.ts';

type Kind = PrinterTransport['kind'];
const KINDS: Kind[] = ['tcp', 'usb', 'serial', 'spooler', 'virtual'];

/**
 * A printer profile's name in the UI language: the profiles' files name them in English; the
 * known ones are translated, an unknown one keeps its model name with its width and columns.
 */
export function profileLabel(t: TFunction, p: PrinterProfileInfo): string {
  return t(`printer.profiles.${p.id}`, {
    defaultValue: t('printer.profileOption', { name: p.name, mm: p.paperWidthMm, columns: p.columns }),
  });
}

/** Receipt printer settings (manager): transport, profile, test page, and the print queue. */
export function PrinterScreen() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const status = usePrinter((s) => s.status);
  const refreshStatus = usePrinter((s) => s.refresh);
  const lastEvent = useUi((s) => s.lastEvent);
  const [profiles, setProfiles] = useState<PrinterProfileInfo[]>([]);
  const [jobs, setJobs] = useState<PrintJobInfo[]>([]);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('virtual');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('9100');
  const [vendorId, setVendorId] = useState('');
  const [productId, setProductId] = useState('');
  const [path, setPath] = useState('');
  const [baudRate, setBaudRate] = useState('9600');
  const [queue, setQueue] = useState('');
  const [profileId, setProfileId] = useState('');
  const [drawerWarnSeconds, setDrawerWarnSeconds] = useState('60');
  // empty: jobs from before the current business day wait for a manager's choice
  const [holdHours, setHoldHours] = useState('');
  // not shown on this screen, sent back as it was (a save would reset it to the default)
  const [jobRetentionDays, setJobRetentionDays] = useState<number | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const loadJobs = useCallback(async () => {
    try {
      setJobs(await api().call('print.jobs', { limit: 30 }));
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    void (async () => {
      try {
        const [ps, cfg] = await Promise.all([
          api().call('printer.profiles', {}),
          api().call('printer.config', {}),
        ]);
        setProfiles(ps);
        setProfileId(cfg?.profileId ?? ps[0]?.id ?? '');
        if (cfg) {
          setName(cfg.name);
          setKind(cfg.transport.kind);
          setDrawerWarnSeconds(String(cfg.drawerWarnSeconds));
          setHoldHours(cfg.holdOlderThanHours ? String(cfg.holdOlderThanHours) : '');
          setJobRetentionDays(cfg.jobRetentionDays);
          const tr = cfg.transport;
          if (tr.kind === 'tcp') {
            setHost(tr.host);
            setPort(String(tr.port));
          } else if (tr.kind === 'usb') {
            setVendorId(String(tr.vendorId));
            setProductId(String(tr.productId));
          } else if (tr.kind === 'serial') {
            setPath(tr.path);
            setBaudRate(String(tr.baudRate));
          } else if (tr.kind === 'spooler') setQueue(tr.queue);
        }
      } catch (e) {
        setError(e);
      }
    })();
    void refreshStatus();
  }, [refreshStatus]);
  useEffect(() => {
    void loadJobs();
  }, [loadJobs]);
  useEffect(() => {
    if (lastEvent?.type.startsWith('print')) void loadJobs();
  }, [lastEvent, loadJobs]);

  function transport(): PrinterTransport {
    const n = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));
    switch (kind) {
      case 'tcp':
        return { kind, host, port: n(port) };
      case 'usb':
        return { kind, vendorId: n(vendorId), productId: n(productId) };
      case 'serial':
        return { kind, path, baudRate: n(baudRate) };
      case 'spooler':
        return { kind, queue };
      default:
        return { kind: 'virtual' };
    }
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice(null);
    try {
      await api().call('printer.configure', {
        ...(name.trim() ? { name: name.trim() } : {}),
        transport: transport(),
        profileId,
        drawerWarnSeconds: Number(drawerWarnSeconds),
        holdOlderThanHours: holdHours.trim() === '' ? null : Number(holdHours),
        ...(jobRetentionDays ? { jobRetentionDays } : {}),
      });
      setNotice(t('printer.saved'));
      await refreshStatus();
    } catch (err) {
      setError(err);
    }
  }

  async function act(fn: () => Promise<unknown>, msg: string) {
    setError(null);
    try {
      await fn();
      setNotice(msg);
      await loadJobs();
      await refreshStatus();
    } catch (err) {
      setError(err);
    }
  }

  const text = (label: string, value: string, set: (v: string) => void, field: string, numeric = false) => (
    <>
      <label>
        {label}
        <input
          value={value}
          onChange={(e) => set(e.target.value)}
          inputMode={numeric ? 'numeric' : undefined}
        />
      </label>
      <FieldError error={error} path={field} />
    </>
  );

  const held = (j: PrintJobInfo) =>
    j.status === 'pending' && !j.releasedAt && !!status?.heldBefore && j.createdAt < status.heldBefore;

  return (
    <div className="printer-screen">
      <HeldJobsCard
        onDone={(msg) => {
          setNotice(msg);
          void loadJobs();
        }}
      />
      <section className="card" aria-labelledby="printer-title">
        <h1 id="printer-title">{t('printer.title')}</h1>
        <p data-testid="printer-state">
          {t('printer.state')} <strong>{t(`printerState.${status?.state ?? 'none'}`)}</strong>
          {status
            ? ` · ${t('printer.pending', { count: status.pendingJobs })} · ${t('printer.failed', { count: status.failedJobs })}`
            : ''}
        </p>
        <form className="form" onSubmit={save}>
          {text(t('printer.name'), name, setName, 'name')}
          <label>
            {t('printer.transport')}
            <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`printerTransport.${k}`)}
                </option>
              ))}
            </select>
          </label>
          {kind === 'tcp' ? (
            <>
              {text(t('printer.host'), host, setHost, 'transport.host')}
              {text(t('printer.port'), port, setPort, 'transport.port', true)}
            </>
          ) : null}
          {kind === 'usb' ? (
            <>
              {text(t('printer.vendorId'), vendorId, setVendorId, 'transport.vendorId', true)}
              {text(t('printer.productId'), productId, setProductId, 'transport.productId', true)}
            </>
          ) : null}
          {kind === 'serial' ? (
            <>
              {text(t('printer.path'), path, setPath, 'transport.path')}
              {text(t('printer.baudRate'), baudRate, setBaudRate, 'transport.baudRate', true)}
            </>
          ) : null}
          {kind === 'spooler' ? text(t('printer.queue'), queue, setQueue, 'transport.queue') : null}
          <label>
            {t('printer.profile')}
            <select value={profileId} onChange={(e) => setProfileId(e.target.value)}>
              {profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {profileLabel(t, p)}
                </option>
              ))}
            </select>
          </label>
          <FieldError error={error} path="profileId" />
          {text(
            t('printer.drawerWarnSeconds'),
            drawerWarnSeconds,
            setDrawerWarnSeconds,
            'drawerWarnSeconds',
            true,
          )}
          {text(t('printer.holdHours'), holdHours, setHoldHours, 'holdOlderThanHours', true)}
          <p className="hint">{t('printer.holdHoursHint')}</p>
          <ErrorBanner error={error} />
          <p className="notice" role="status">
            {notice ?? ''}
          </p>
          <div className="actions">
            <button
              type="button"
              className="btn"
              onClick={() => void act(() => api().call('printer.testPage', {}), t('printer.testQueued'))}
            >
              {t('printer.testPage')}
            </button>
            <button type="submit" className="btn btn-primary">
              {t('common.save')}
            </button>
          </div>
        </form>
      </section>
      <section className="card" aria-labelledby="jobs-title">
        <h2 id="jobs-title">{t('printer.jobs')}</h2>
        <table className="list compact">
          <thead>
            <tr>
              <th scope="col">{t('history.date')}</th>
              <th scope="col">{t('printer.kind')}</th>
              <th scope="col">{t('history.status')}</th>
              <th scope="col">
                <span className="sr-only">{t('printer.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.id}>
                <td>{fmt.dateTime(j.createdAt)}</td>
                <td>{t(`printJob.${j.kind}`, { defaultValue: j.kind })}</td>
                <td>
                  {held(j) ? t('printStatus.held') : t(`printStatus.${j.status}`)}
                  {j.lastError ? <div className="muted">{j.lastError}</div> : null}
                </td>
                <td className="num">
                  {j.status === 'failed' || j.status === 'pending' ? (
                    <>
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() =>
                          void act(() => api().call('print.retry', { jobId: j.id }), t('printer.retried'))
                        }
                      >
                        {t('printer.retry')}
                      </button>{' '}
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() =>
                          void act(() => api().call('print.cancel', { jobId: j.id }), t('printer.cancelled'))
                        }
                      >
                        {t('common.cancel')}
                      </button>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
            {jobs.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  {t('printer.noJobs')}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </section>
    </div>
  );
}

/**
 * Jobs older than the printer's hold age (a printer configured for the first time, or back after
 * days off) do not print by themselves: the manager prints them all or discards them here.
 * Discarding asks again first; a discarded receipt can still be reprinted from History.
 */
export function HeldJobsCard({ onDone }: { onDone: (msg: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const status = usePrinter((s) => s.status);
  const refresh = usePrinter((s) => s.refresh);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!status || status.heldJobs === 0 || !status.heldBefore) return null;
  const count = status.heldJobs;
  async function choose(action: 'print' | 'discard') {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api().call('print.releaseHeld', { action });
      setConfirming(false);
      onDone(t(action === 'print' ? 'printer.held.printed' : 'printer.held.discarded', { count: r.count }));
      await refresh();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card held-card" aria-labelledby="held-title" data-testid="held-jobs">
      <h2 id="held-title">{t('printer.held.title', { count })}</h2>
      <p>{t('printer.held.body', { count, before: fmt.dateTime(status.heldBefore) })}</p>
      {confirming ? null : <ErrorBanner error={error} />}
      <div className="actions">
        <button type="button" className="btn" onClick={() => setConfirming(true)} disabled={busy}>
          {t('printer.held.discard', { count })}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void choose('print')}
          disabled={busy}
        >
          {t('printer.held.print', { count })}
        </button>
      </div>
      {confirming ? (
        <Dialog title={t('printer.held.discardTitle', { count })} onClose={() => setConfirming(false)}>
          <p>{t('printer.held.discardHint', { count })}</p>
          <ErrorBanner error={error} />
          <div className="actions">
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              {t('common.back')}
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => void choose('discard')}
              disabled={busy}
            >
              {t('printer.held.discardConfirm', { count })}
            </button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}
