import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Approval } from '../../shared/api/schemas.ts';
import { isApprovalRequired, issuesFor } from '../lib/errors.ts';
import { isManager, useSession } from '../stores/session.ts';
import { Dialog, FormActions } from './Dialog.tsx';
import { ErrorBanner, FieldError } from './FieldError.tsx';

/** Manager approval by PIN: {managerId, pin, reason}, attached to the command that needs it. */
export function ApprovalDialog({
  reason: defaultReason,
  onApprove,
  onCancel,
}: {
  reason: string;
  onApprove: (a: Approval) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const tiles = useSession((s) => s.tiles);
  const managers = tiles
    .filter((u) => isManager(u))
    .sort((a, b) => (a.role === b.role ? 0 : a.role === 'manager' ? -1 : 1));
  const [managerId, setManagerId] = useState(managers[0]?.id ?? '');
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState(defaultReason);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onApprove({ managerId, pin, reason });
    } catch (err) {
      setError(err);
      setPin('');
    } finally {
      setBusy(false);
    }
  }
  const approvalIssue = issuesFor(error, 'approval').length > 0;
  return (
    <Dialog title={t('approval.title')} onClose={onCancel}>
      <form onSubmit={submit} className="form">
        <p className="hint">{t('approval.hint')}</p>
        <label>
          {t('approval.manager')}
          <select value={managerId} onChange={(e) => setManagerId(e.target.value)}>
            {managers.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <FieldError error={error} path="approval.managerId" />
        <label>
          {t('approval.pin')}
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
            autoFocus
            aria-invalid={issuesFor(error, 'approval.pin').length > 0}
          />
        </label>
        <FieldError error={error} path="approval.pin" />
        <label>
          {t('approval.reason')}
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
        </label>
        <FieldError error={error} path="approval.reason" />
        {error && !approvalIssue ? <ErrorBanner error={error} /> : null}
        <FormActions onCancel={onCancel} submit={t('approval.approve')} disabled={busy || pin.length < 4} />
      </form>
    </Dialog>
  );
}

/**
 * Run a command; if it comes back APPROVAL_REQUIRED, ask a manager and run it again with the
 * approval attached. Other errors go to `onError`.
 */
export function useApproval(onError: (e: unknown) => void): {
  guard: (reason: string, fn: (a?: Approval) => Promise<void>) => Promise<void>;
  dialog: ReactNode;
} {
  const [pending, setPending] = useState<{ reason: string; fn: (a?: Approval) => Promise<void> } | null>(
    null,
  );
  async function guard(reason: string, fn: (a?: Approval) => Promise<void>) {
    try {
      await fn(undefined);
    } catch (e) {
      if (isApprovalRequired(e)) setPending({ reason, fn });
      else onError(e);
    }
  }
  const dialog = pending ? (
    <ApprovalDialog
      reason={pending.reason}
      onCancel={() => setPending(null)}
      onApprove={async (a) => {
        await pending.fn(a);
        setPending(null);
      }}
    />
  ) : null;
  return { guard, dialog };
}
