import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserTile } from '../../shared/api/types.ts';
import { ErrorBanner, FieldError } from '../components/FieldError.tsx';
import { Keypad } from '../components/Keypad.tsx';
import { issuesFor } from '../lib/errors.ts';
import { useSession } from '../stores/session.ts';

/** PIN entry for one user: keypad + keyboard. */
function PinPad({
  user,
  onSubmit,
  onBack,
  backLabel,
}: {
  user: UserTile;
  onSubmit: (pin: string) => Promise<void>;
  onBack: () => void;
  backLabel: string;
}) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  async function submit(e?: React.FormEvent) {
    e?.preventDefault();
    if (pin.length < 4) return;
    setError(null);
    try {
      await onSubmit(pin);
    } catch (err) {
      setError(err);
      setPin('');
      input.current?.focus();
    }
  }
  const fieldIssue = issuesFor(error, 'pin').length > 0;
  return (
    <form className="pinpad" onSubmit={submit}>
      <h2>{user.name}</h2>
      <label className="pin-label">
        {t('login.pin')}
        <input
          ref={input}
          className="pin-input"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          aria-invalid={fieldIssue}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onBack();
          }}
        />
      </label>
      <FieldError error={error} path="pin" />
      {error && !fieldIssue ? <ErrorBanner error={error} /> : null}
      <Keypad
        onDigit={(d) => setPin((p) => (p + d).slice(0, 8))}
        onBack={() => setPin((p) => p.slice(0, -1))}
        onEnter={() => void submit()}
        enterLabel={t('login.enter')}
      />
      <button type="button" className="btn btn-link" onClick={onBack}>
        {backLabel}
      </button>
    </form>
  );
}

export function LoginScreen() {
  const { t } = useTranslation();
  const tiles = useSession((s) => s.tiles);
  const store = useSession((s) => s.store);
  const login = useSession((s) => s.login);
  const [user, setUser] = useState<UserTile | null>(null);
  return (
    <main className="login" aria-labelledby="login-title">
      <h1 id="login-title">{store?.name ?? t('app.name')}</h1>
      <p className="subtitle">{store ? `${store.tillName}` : ''}</p>
      {user ? (
        <PinPad
          user={user}
          onSubmit={(pin) => login(user.id, pin)}
          onBack={() => setUser(null)}
          backLabel={t('login.otherUser')}
        />
      ) : (
        <section aria-label={t('login.chooseUser')}>
          <h2 className="section-title">{t('login.chooseUser')}</h2>
          <ul className="tiles">
            {tiles.map((u, i) => (
              <li key={u.id}>
                <button
                  type="button"
                  className="tile"
                  onClick={() => setUser(u)}
                  // biome-ignore lint/a11y/noAutofocus: the login screen starts on the first user
                  autoFocus={i === 0}
                >
                  <span className="tile-initials" aria-hidden="true">
                    {u.name
                      .split(/\s+/)
                      .map((w) => w[0])
                      .join('')
                      .slice(0, 2)}
                  </span>
                  <span className="tile-name">{u.name}</span>
                  <span className="tile-role">{t(`roles.${u.role}`)}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}

export function LockScreen() {
  const { t } = useTranslation();
  const user = useSession((s) => s.user)!;
  const unlock = useSession((s) => s.unlock);
  const logout = useSession((s) => s.logout);
  const lockedBy = useSession((s) => s.lockedBy);
  return (
    <main className="login" aria-labelledby="lock-title">
      <h1 id="lock-title">{t('lock.title')}</h1>
      <p className="subtitle" data-testid="lock-why">
        {lockedBy === 'idle' ? t('lock.hint') : t('lock.hintUser', { name: user.name })}
      </p>
      <PinPad user={user} onSubmit={unlock} onBack={() => void logout()} backLabel={t('lock.switchUser')} />
    </main>
  );
}
