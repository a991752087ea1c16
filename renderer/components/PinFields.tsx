import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issuesFor } from '../lib/errors.ts';
import { FieldError } from './FieldError.tsx';

const digits = (s: string) => s.replace(/\D/g, '').slice(0, 8);

/**
 * A new PIN typed twice. The mismatch shows as soon as the confirmation is as long as the PIN
 * (or left, or submitted), before anything reaches the server; `check()` blocks a submit.
 */
export function usePinConfirm() {
  const [pin, setPinRaw] = useState('');
  const [confirm, setConfirmRaw] = useState('');
  const [blurred, setBlurred] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const confirmRef = useRef<HTMLInputElement>(null);
  const mismatch =
    pin !== confirm && (submitted || (confirm !== '' && (blurred || confirm.length >= pin.length)));
  return {
    pin,
    confirm,
    mismatch,
    confirmRef,
    setPin: (v: string) => setPinRaw(digits(v)),
    setConfirm: (v: string) => setConfirmRaw(digits(v)),
    blur: () => setBlurred(true),
    /** true when the two PINs match; otherwise shows the mismatch and moves to the confirmation */
    check(): boolean {
      setSubmitted(true);
      if (pin === confirm) return true;
      confirmRef.current?.focus();
      return false;
    },
  };
}

export type PinConfirm = ReturnType<typeof usePinConfirm>;

export function PinFields({
  state,
  error,
  path,
  label,
}: {
  state: PinConfirm;
  error: unknown;
  /** where the server reports this PIN (`pin`, `admin.pin`) */
  path: string;
  label?: string;
}) {
  const { t } = useTranslation();
  const mismatchId = useId();
  const serverIssue = issuesFor(error, path).length > 0;
  return (
    <>
      <label>
        {label ?? t('pin.new')}
        <input
          className="pin-field"
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          value={state.pin}
          aria-invalid={serverIssue}
          onChange={(e) => state.setPin(e.target.value)}
        />
      </label>
      <FieldError error={error} path={path} />
      <label>
        {t('pin.confirm')}
        <input
          ref={state.confirmRef}
          className="pin-field"
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          value={state.confirm}
          aria-invalid={state.mismatch}
          aria-describedby={state.mismatch ? mismatchId : undefined}
          onChange={(e) => state.setConfirm(e.target.value)}
          onBlur={state.blur}
        />
      </label>
      {state.mismatch ? (
        <p className="field-error" role="alert" id={mismatchId} data-path={`${path}Confirm`}>
          {t('pin.mismatch')}
        </p>
      ) : null}
    </>
  );
}
