import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatIsoDate, parseLocalDate, patternHint } from '../lib/date-field.ts';
import { useFmt } from '../lib/useFmt.ts';

/**
 * A date (or a month) typed in the locale's order and separators; the value is ISO. A text the
 * calendar does not know stays in the box, marked invalid, and is not passed on.
 */
export function DateField({
  value,
  onChange,
  granularity = 'day',
  id,
  invalid,
  describedBy,
  testId,
}: {
  value: string;
  onChange: (iso: string) => void;
  granularity?: 'day' | 'month';
  id?: string;
  invalid?: boolean;
  describedBy?: string | undefined;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { locale } = useFmt();
  const [text, setText] = useState(() => formatIsoDate(value, locale, granularity));
  const [bad, setBad] = useState(false);
  // a value set from outside (a suggestion, a reset) or a language change rewrites the text
  useEffect(() => {
    setText((cur) => {
      const parsed = parseLocalDate(cur, locale, granularity);
      return parsed === value && cur ? cur : formatIsoDate(value, locale, granularity);
    });
    setBad(false);
  }, [value, locale, granularity]);
  const hint = patternHint(
    locale,
    { day: t('dateField.d'), month: t('dateField.m'), year: t('dateField.y') },
    granularity,
  );
  return (
    <input
      type="text"
      inputMode="numeric"
      autoComplete="off"
      className="date-field"
      id={id}
      value={text}
      placeholder={hint}
      title={hint}
      size={hint.length + 1}
      aria-invalid={bad || invalid || undefined}
      aria-describedby={describedBy}
      data-testid={testId}
      onChange={(e) => {
        const v = e.target.value;
        setText(v);
        if (!v.trim()) {
          setBad(false);
          onChange('');
          return;
        }
        const iso = parseLocalDate(v, locale, granularity);
        setBad(iso === null);
        if (iso !== null) onChange(iso);
      }}
    />
  );
}
