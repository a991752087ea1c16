import { useTranslation } from 'react-i18next';
import { HeadOfficeCard } from '../components/HeadOfficeCard.tsx';
import { QuickKeysCard } from '../components/QuickKeysCard.tsx';
import { setLang } from '../i18n/index.ts';
import { LANGS, type Lang } from '../lib/format.ts';
import { isManager, useSession } from '../stores/session.ts';
import { useUi } from '../stores/ui.ts';

/**
 * Till preferences kept on this device (language, the inactivity lock), the link to head office and,
 * for a manager, the counter's quick keys.
 */
export function SettingsScreen() {
  const { t, i18n } = useTranslation();
  const lockMinutes = useUi((s) => s.lockMinutes);
  const setLockMinutes = useUi((s) => s.setLockMinutes);
  const user = useSession((s) => s.user);
  return (
    <div className="settings">
      <section className="card" aria-labelledby="settings-title">
        <h1 id="settings-title">{t('settings.title')}</h1>
        <form className="form" onSubmit={(e) => e.preventDefault()}>
          <label>
            {t('settings.language')}
            <select value={i18n.language} onChange={(e) => setLang(e.target.value as Lang)}>
              {LANGS.map((l) => (
                <option key={l} value={l} lang={l}>
                  {t(`lang.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('settings.lockAfter')}
            <select value={lockMinutes} onChange={(e) => setLockMinutes(Number(e.target.value))}>
              {[1, 2, 5, 10, 15, 30, 60].map((m) => (
                <option key={m} value={m}>
                  {t('settings.minutes', { count: m })}
                </option>
              ))}
            </select>
          </label>
        </form>
      </section>
      <HeadOfficeCard />
      {user && isManager(user) ? <QuickKeysCard /> : null}
    </div>
  );
}
