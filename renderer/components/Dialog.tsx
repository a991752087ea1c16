import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A modal dialog: labelled, Esc closes, focus moves in on open and returns on close,
 * Tab stays inside.
 */
export function Dialog({
  title,
  onClose,
  children,
  wide,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  // what had the focus before the dialog, read while rendering: by the time the effect runs, a
  // field's autoFocus has already moved it into the dialog (closing then gave the focus to nothing)
  const [before] = useState(() => document.activeElement as HTMLElement | null);
  useEffect(() => {
    const el = ref.current;
    // a field that asked for the focus (React's autoFocus, already applied when this runs) keeps
    // it: the approval dialog's PIN, not the manager list above it
    if (!el?.contains(document.activeElement)) {
      el?.querySelector<HTMLElement>('[autofocus], input, select, textarea, button')?.focus();
    }
    return () => before?.focus?.();
  }, [before]);
  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = [
      ...ref.current.querySelectorAll<HTMLElement>('input, select, textarea, button, [tabindex="0"]'),
    ].filter((x) => !x.hasAttribute('disabled'));
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }
  return (
    <div className="backdrop">
      <div
        className={wide ? 'dialog dialog-wide' : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        ref={ref}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

/** A dialog form's buttons: Cancel, then the action that submits the form (Enter). */
export function FormActions({
  onCancel,
  submit,
  disabled,
  testId,
}: {
  onCancel: () => void;
  submit: ReactNode;
  disabled?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <button type="button" className="btn" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="btn btn-primary" disabled={disabled} data-testid={testId}>
        {submit}
      </button>
    </div>
  );
}
