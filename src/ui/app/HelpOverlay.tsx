import { useAppStore, getAppStore } from '../../store'
import { useT } from '../i18n/useT'

export function HelpOverlay() {
  const t = useT()
  const open = useAppStore((s) => s.helpOpen)
  if (!open) return null
  const close = () => getAppStore().getState().setHelpOpen(false)
  const rows: [string[], string][] = [
    [['←', '→'], t('help.step')],
    [['Space'], t('help.play')],
    [['Home', 'End'], t('help.ends')],
    [['P'], t('help.presenter')],
    [['?'], t('help.help')],
  ]
  return (
    <div className="pj-overlay" onClick={close} data-testid="help">
      <div className="pj-dialog" role="dialog" aria-modal="true" aria-label={t('help.title')} onClick={(e) => e.stopPropagation()}>
        <h2>{t('help.title')}</h2>
        <table>
          <tbody>
            {rows.map(([keys, what]) => (
              <tr key={what}>
                <td>
                  {keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button onClick={close} autoFocus>
          {t('help.close')}
        </button>
      </div>
    </div>
  )
}
