import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog.tsx';

export const SHORTCUTS: [string, string][] = [
  ['F2', 'help.search'],
  ['F3', 'help.history'],
  ['F4', 'help.customer'],
  ['F6', 'help.discount'],
  ['F7', 'help.price'],
  ['F8', 'help.pay'],
  ['F10', 'help.hold'],
  ['F5', 'help.card'],
  ['Alt+1…5', 'help.quickCash'],
  ['F9', 'help.drawer'],
  ['Alt+O', 'help.orders'],
  ['Alt+B', 'help.reservations'],
  ['Alt+T', 'help.customers'],
  ['Alt+J', 'help.interventions'],
  ['Alt+R', 'help.manager'],
  ['Alt+K', 'help.catalogue'],
  ['Alt+P', 'help.printer'],
  ['Alt+U', 'help.staff'],
  ['Alt+C', 'help.closings'],
  ['Alt+S', 'help.settings'],
  ['Alt+L', 'help.lock'],
  ['+ / −', 'help.qty'],
  ['↑ / ↓', 'help.lines'],
  ['Del', 'help.remove'],
  ['Enter', 'help.enter'],
  ['Ctrl+Enter', 'help.submitCount'],
  ['Esc', 'help.esc'],
  ['?', 'help.help'],
];

export function HelpDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('help.title')} onClose={onClose}>
      <table className="list compact shortcuts">
        <tbody>
          {SHORTCUTS.map(([k, key]) => (
            <tr key={k}>
              <td>
                <kbd>{k}</kbd>
              </td>
              <td>{t(key)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
