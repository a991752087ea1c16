import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CommandError } from '../../shared/errors.ts';
import { JURISDICTION_DEFAULTS, STORE_LOCALES } from '../../shared/store-settings.ts';
import { JURISDICTION_IDS, type JurisdictionId } from '../../shared/tax.ts';
import { ErrorBanner, FieldError } from '../components/FieldError.tsx';
import { PinFields, usePinConfirm } from '../components/PinFields.tsx';
import { issuesFor } from '../lib/errors.ts';
import { formatMoney, intlLocale } from '../lib/format.ts';
import { useSession } from '../stores/session.ts';

type StoreLocale = (typeof STORE_LOCALES)[number];

/**
 * First run of a till (no user in the ledger): the store's identity and the first
 * administrator, who is logged in on the counter. Currency, cash rounding and time zone
 * follow from the jurisdiction; the server checks everything and names the fields it refuses.
 */
export function SetupScreen() {
  const { t, i18n } = useTranslation();
  const setupTill = useSession((s) => s.setup);
  const loadBoot = useSession((s) => s.loadBoot);
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [taxNumbers, setTaxNumbers] = useState('');
  // untouched, the till's name follows the UI language ("Caisse 1", "Till 1", "Каса 1")
  const [tillNameTyped, setTillName] = useState<string | null>(null);
  const tillName = tillNameTyped ?? t('setup.defaultTill');
  const [jurisdiction, setJurisdiction] = useState<JurisdictionId>('CA-QC');
  const [locale, setLocale] = useState<StoreLocale>(JURISDICTION_DEFAULTS['CA-QC'].locale);
  const [localeChosen, setLocaleChosen] = useState(false);
  const [adminName, setAdminName] = useState('');
  const pin = usePinConfirm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const implied = JURISDICTION_DEFAULTS[jurisdiction];
  const invalid = (path: string) => issuesFor(error, path).length > 0;

  function chooseJurisdiction(j: JurisdictionId) {
    setJurisdiction(j);
    // the store's language follows the jurisdiction until someone picks one
    if (!localeChosen) setLocale(JURISDICTION_DEFAULTS[j].locale);
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (busy || !pin.check()) return;
    setError(null);
    setBusy(true);
    try {
      await setupTill({
        store: {
          name,
          address,
          taxNumbers: taxNumbers
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean),
          tillName,
          jurisdiction,
          locale,
        },
        admin: { name: adminName, pin: pin.pin },
      });
    } catch (err) {
      setError(err);
      setBusy(false);
      // another window set this till up meanwhile: show the login screen instead
      if (err instanceof CommandError && err.code === 'INVALID_STATE') {
        await loadBoot().catch(() => undefined);
      }
    }
  }

  const rounding =
    implied.cashRoundingStep > 1
      ? ` · ${t('setup.cashRounding', {
          step: formatMoney(implied.cashRoundingStep, implied.currency, intlLocale(i18n.language, locale)),
        })}`
      : '';

  return (
    <main className="setup" aria-labelledby="setup-title">
      <h1 id="setup-title">{t('setup.title')}</h1>
      <p className="subtitle">{t('setup.intro')}</p>
      <form className="setup-form" onSubmit={submit}>
        <div className="setup-cols">
          <fieldset className="card form">
            <legend>{t('setup.store')}</legend>
            <label>
              {t('setup.name')}
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                maxLength={200}
                aria-invalid={invalid('store.name')}
                // biome-ignore lint/a11y/noAutofocus: first run starts on the store's name
                autoFocus
              />
            </label>
            <FieldError error={error} path="store.name" />
            <label>
              {t('setup.address')}
              <input
                value={address}
                onChange={(e) => setAddress(e.target.value)}
                maxLength={300}
                aria-invalid={invalid('store.address')}
              />
            </label>
            <FieldError error={error} path="store.address" />
            <label>
              {t('setup.taxNumbers')}
              <textarea
                rows={3}
                value={taxNumbers}
                onChange={(e) => setTaxNumbers(e.target.value)}
                aria-invalid={invalid('store.taxNumbers')}
              />
            </label>
            <p className="hint">{t('setup.taxNumbersHint')}</p>
            <FieldError error={error} path="store.taxNumbers" />
            <label>
              {t('setup.tillName')}
              <input
                value={tillName}
                onChange={(e) => setTillName(e.target.value)}
                maxLength={200}
                aria-invalid={invalid('store.tillName')}
              />
            </label>
            <FieldError error={error} path="store.tillName" />
            <label>
              {t('setup.jurisdiction')}
              <select
                value={jurisdiction}
                onChange={(e) => chooseJurisdiction(e.target.value as JurisdictionId)}
              >
                {JURISDICTION_IDS.map((j) => (
                  <option key={j} value={j}>
                    {t(`jurisdictions.${j}`)}
                  </option>
                ))}
              </select>
            </label>
            <p className="hint" data-testid="setup-implies">
              {t('setup.implies', { currency: implied.currency, timeZone: implied.timeZone })}
              {rounding}
            </p>
            <FieldError error={error} path="store.jurisdiction" />
            <label>
              {t('setup.locale')}
              <select
                value={locale}
                onChange={(e) => {
                  setLocale(e.target.value as StoreLocale);
                  setLocaleChosen(true);
                }}
              >
                {STORE_LOCALES.map((l) => (
                  <option key={l} value={l}>
                    {t(`storeLocale.${l}`)}
                  </option>
                ))}
              </select>
            </label>
            <FieldError error={error} path="store.locale" />
          </fieldset>
          <fieldset className="card form">
            <legend>{t('setup.admin')}</legend>
            <p className="hint">{t('setup.adminHint')}</p>
            <label>
              {t('setup.adminName')}
              <input
                value={adminName}
                onChange={(e) => setAdminName(e.target.value)}
                maxLength={200}
                autoComplete="name"
                aria-invalid={invalid('admin.name')}
              />
            </label>
            <FieldError error={error} path="admin.name" />
            <PinFields state={pin} error={error} path="admin.pin" />
            <ErrorBanner error={error} />
            <div className="actions">
              <button type="submit" className="btn btn-primary btn-large" disabled={busy}>
                {t('setup.submit')}
              </button>
            </div>
          </fieldset>
        </div>
      </form>
    </main>
  );
}
