import { useAppStore } from '../../store'
import { formatDiagnostic } from '../../engine/diagnostics'
import { useT } from '../i18n/useT'

/** Problems in the scenario file, with file:line:col and the hint, as the CLI prints them. */
export function Diagnostics() {
  const t = useT()
  const diagnostics = useAppStore((s) => s.diagnostics)
  if (!diagnostics.length) return null
  return (
    <div className="pj-banner is-error" role="alert" data-testid="scenario.diagnostics">
      <strong>{t('diagnostics.title')}</strong>
      <pre className="pj-mono">{diagnostics.map(formatDiagnostic).join('\n')}</pre>
    </div>
  )
}
