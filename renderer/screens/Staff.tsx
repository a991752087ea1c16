import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserInfo, UserTile } from '../../shared/api/types.ts';
import { canManage, ROLES, type Role } from '../../shared/roles.ts';
import { Dialog, FormActions } from '../components/Dialog.tsx';
import { ErrorBanner, FieldError } from '../components/FieldError.tsx';
import { PinFields, usePinConfirm } from '../components/PinFields.tsx';
import { api } from '../lib/api.ts';
import { issuesFor } from '../lib/errors.ts';
import { useFmt } from '../lib/useFmt.ts';
import { useSession } from '../stores/session.ts';
import { useUi } from '../stores/ui.ts';

export const creatableRoles = (actor: Role): Role[] => ROLES.filter((r) => canManage(actor, r));

type Open = null | { kind: 'add' } | { kind: 'edit'; user: UserInfo } | { kind: 'pin'; user: UserInfo };

/** Staff (managers and administrators): the till's users, added, renamed, (de)activated, new PINs. */
export function StaffScreen() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const me = useSession((s) => s.user)!;
  const refreshTiles = useSession((s) => s.refreshTiles);
  const renamed = useSession((s) => s.renamed);
  const lastEvent = useUi((s) => s.lastEvent);
  const [list, setList] = useState<UserInfo[]>([]);
  const [open, setOpen] = useState<Open>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  const load = useCallback(async () => {
    try {
      setList(await api().call('users.list', {}));
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (lastEvent?.type.startsWith('user.')) void load();
  }, [lastEvent, load]);

  /** after every change: the list and the login tiles from the ledger, a line saying what happened */
  async function changed(u: UserInfo, key: string) {
    setOpen(null);
    setError(null);
    setNotice(t(key, { name: u.name }));
    renamed({ id: u.id, name: u.name, role: u.role } satisfies UserTile);
    await Promise.all([load(), refreshTiles().catch(() => undefined)]);
  }

  async function toggle(u: UserInfo) {
    setError(null);
    setNotice('');
    try {
      const out = await api().call('users.update', { userId: u.id, active: !u.active });
      await changed(out, out.active ? 'staff.reactivated' : 'staff.deactivated');
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div className="staff">
      <section className="card" aria-labelledby="staff-title">
        <div className="detail-head">
          <h1 id="staff-title">{t('staff.title')}</h1>
          <button
            type="button"
            className="btn btn-primary btn-large"
            onClick={() => setOpen({ kind: 'add' })}
            // biome-ignore lint/a11y/noAutofocus: the staff screen opens on its main action
            autoFocus
          >
            {t('staff.add')}
          </button>
        </div>
        <p className="hint">{me.role === 'admin' ? t('staff.hintAdmin') : t('staff.hintManager')}</p>
        <p className="notice" role="status">
          {notice}
        </p>
        <ErrorBanner error={error} />
        <table className="list staff-list">
          <thead>
            <tr>
              <th scope="col">{t('staff.name')}</th>
              <th scope="col">{t('staff.role')}</th>
              <th scope="col">{t('staff.status')}</th>
              <th scope="col">{t('staff.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((u) => {
              const isMe = u.id === me.id;
              const manage = canManage(me.role, u.role);
              return (
                <tr key={u.id} data-testid={`user-${u.id}`} className={u.active ? '' : 'inactive'}>
                  <td className="staff-name">
                    {u.name}
                    {isMe ? <span className="muted"> {t('staff.you')}</span> : null}
                  </td>
                  <td>{t(`roles.${u.role}`)}</td>
                  <td>
                    {u.lockedUntil ? (
                      <span className="badge badge-locked">
                        {t('staff.lockedUntil', { time: fmt.time(u.lockedUntil) })}
                      </span>
                    ) : u.active ? (
                      <span className="badge badge-active">{t('staff.active')}</span>
                    ) : (
                      <span className="badge badge-inactive">{t('staff.inactive')}</span>
                    )}
                  </td>
                  <td>
                    <div className="row-actions">
                      {manage ? (
                        <button
                          type="button"
                          className="btn btn-small"
                          onClick={() => setOpen({ kind: 'edit', user: u })}
                        >
                          {t('staff.edit')}
                        </button>
                      ) : null}
                      {manage || isMe ? (
                        <button
                          type="button"
                          className="btn btn-small"
                          onClick={() => setOpen({ kind: 'pin', user: u })}
                        >
                          {t('staff.setPin')}
                        </button>
                      ) : null}
                      {manage && !isMe ? (
                        <button
                          type="button"
                          className={u.active ? 'btn btn-small btn-danger' : 'btn btn-small'}
                          onClick={() => void toggle(u)}
                        >
                          {u.active ? t('staff.deactivate') : t('staff.reactivate')}
                        </button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      {open?.kind === 'add' ? (
        <AddUserDialog
          roles={creatableRoles(me.role)}
          onClose={() => setOpen(null)}
          onDone={(u) => changed(u, 'staff.created')}
        />
      ) : null}
      {open?.kind === 'edit' ? (
        <EditUserDialog
          user={open.user}
          roles={me.role === 'admin' && open.user.id !== me.id ? creatableRoles(me.role) : []}
          onClose={() => setOpen(null)}
          onDone={(u) => changed(u, 'staff.updated')}
        />
      ) : null}
      {open?.kind === 'pin' ? (
        <PinDialog
          user={open.user}
          onClose={() => setOpen(null)}
          onDone={(u) => changed(u, 'staff.pinSet')}
        />
      ) : null}
    </div>
  );
}

function RoleSelect({
  roles,
  value,
  onChange,
  error,
}: {
  roles: Role[];
  value: Role;
  onChange: (r: Role) => void;
  error: unknown;
}) {
  const { t } = useTranslation();
  return (
    <>
      <label>
        {t('staff.role')}
        <select
          value={value}
          onChange={(e) => onChange(e.target.value as Role)}
          aria-invalid={issuesFor(error, 'role').length > 0}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <FieldError error={error} path="role" />
    </>
  );
}

function AddUserDialog({
  roles,
  onClose,
  onDone,
}: {
  roles: Role[];
  onClose: () => void;
  onDone: (u: UserInfo) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(roles[0] ?? 'clerk');
  const pin = usePinConfirm();
  const [error, setError] = useState<unknown>(null);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!pin.check()) return;
    setError(null);
    try {
      await onDone(await api().call('users.create', { name, role, pin: pin.pin }));
    } catch (err) {
      setError(err);
    }
  }
  return (
    <Dialog title={t('staff.add')} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <NameField value={name} onChange={setName} error={error} />
        <RoleSelect roles={roles} value={role} onChange={setRole} error={error} />
        <PinFields state={pin} error={error} path="pin" />
        <ErrorBanner error={error} />
        <FormActions onCancel={onClose} submit={t('staff.add')} />
      </form>
    </Dialog>
  );
}

/** Rename; an administrator also changes someone else's role (nobody changes their own). */
function EditUserDialog({
  user,
  roles,
  onClose,
  onDone,
}: {
  user: UserInfo;
  roles: Role[];
  onClose: () => void;
  onDone: (u: UserInfo) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<Role>(user.role);
  const [error, setError] = useState<unknown>(null);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const change = {
      ...(name.trim() !== user.name ? { name } : {}),
      ...(role !== user.role ? { role } : {}),
    };
    if (Object.keys(change).length === 0) {
      onClose();
      return;
    }
    try {
      await onDone(await api().call('users.update', { userId: user.id, ...change }));
    } catch (err) {
      setError(err);
    }
  }
  return (
    <Dialog title={t('staff.editTitle', { name: user.name })} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <NameField value={name} onChange={setName} error={error} />
        {roles.length > 1 ? <RoleSelect roles={roles} value={role} onChange={setRole} error={error} /> : null}
        <ErrorBanner error={error} />
        <FormActions onCancel={onClose} submit={t('common.save')} />
      </form>
    </Dialog>
  );
}

function PinDialog({
  user,
  onClose,
  onDone,
}: {
  user: UserInfo;
  onClose: () => void;
  onDone: (u: UserInfo) => Promise<void>;
}) {
  const { t } = useTranslation();
  const pin = usePinConfirm();
  const [error, setError] = useState<unknown>(null);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!pin.check()) return;
    setError(null);
    try {
      await onDone(await api().call('users.setPin', { userId: user.id, pin: pin.pin }));
    } catch (err) {
      setError(err);
    }
  }
  return (
    <Dialog title={t('staff.setPinTitle', { name: user.name })} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <p className="hint">{t('staff.setPinHint')}</p>
        <PinFields state={pin} error={error} path="pin" />
        <ErrorBanner error={error} />
        <FormActions onCancel={onClose} submit={t('common.save')} />
      </form>
    </Dialog>
  );
}

/** The user's name (add and edit dialogs), with the server's error on `name` beside it. */
function NameField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (v: string) => void;
  error: unknown;
}) {
  const { t } = useTranslation();
  return (
    <>
      <label>
        {t('staff.name')}
        <input
          value={value}
          onChange={(e) => onChange(e.target.value)}
          maxLength={200}
          aria-invalid={issuesFor(error, 'name').length > 0}
          // biome-ignore lint/a11y/noAutofocus: the add and edit dialogs open on the name
          autoFocus
        />
      </label>
      <FieldError error={error} path="name" />
    </>
  );
}
