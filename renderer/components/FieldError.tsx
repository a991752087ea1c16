import { useTranslation } from 'react-i18next';
import { errorText, fieldMessage, issuesFor } from '../lib/errors.ts';

/** A contract error's `fields` entry shown next to the matching input, translated. */
export function FieldError({
  error,
  path,
  id,
  exact = false,
}: {
  error: unknown;
  path: string;
  id?: string;
  /** only issues at `path` itself, not below it (those have their own FieldError) */
  exact?: boolean;
}) {
  const { t } = useTranslation();
  const issues = issuesFor(error, path).filter((i) => !exact || i.path === path);
  if (issues.length === 0) return null;
  return (
    <p className="field-error" role="alert" id={id} data-path={path}>
      {issues.map((i) => fieldMessage(t, i)).join(' · ')}
    </p>
  );
}

/** The error's code, translated, for errors not tied to a field. */
export function ErrorBanner({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      {errorText(t, error)}
    </div>
  );
}
