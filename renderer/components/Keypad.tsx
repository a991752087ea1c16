import { useTranslation } from 'react-i18next';

/** A numeric keypad for PINs and amounts; the physical keyboard works too. */
export function Keypad({
  onDigit,
  onBack,
  onEnter,
  enterLabel,
}: {
  onDigit: (d: string) => void;
  onBack: () => void;
  onEnter: () => void;
  enterLabel?: string;
}) {
  const { t } = useTranslation();
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
  return (
    <div className="keypad">
      {keys.map((k) => (
        <button type="button" key={k} className="key" onClick={() => onDigit(k)} tabIndex={-1}>
          {k}
        </button>
      ))}
      <button
        type="button"
        className="key key-muted"
        onClick={onBack}
        aria-label={t('keypad.back')}
        tabIndex={-1}
      >
        ⌫
      </button>
      <button type="button" className="key" onClick={() => onDigit('0')} tabIndex={-1}>
        0
      </button>
      <button type="button" className="key key-primary" onClick={onEnter} tabIndex={-1}>
        {enterLabel ?? t('common.ok')}
      </button>
    </div>
  );
}
