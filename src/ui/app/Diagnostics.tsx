import { useAppStore } from '../../store'
import { formatDiagnostic } from '../../engine/diagnostics'
import { useT } from '../i18n/useT'

/**
 * Problems in the scenario file, with file:line:col and the hint, as the CLI prints them. Errors
 * stop the journey and take the room they need; warnings only (a Service with no endpoints on
 * purpose) fold into one line the learner can open, so the map keeps its height on a laptop.
 */
export function Diagnostics() {
  const t = useT()
  const diagnostics = useAppStore((s) => s.diagnostics)
  if (!diagnostics.length) return null
  const text = <pre className="pj-mono">{diagnostics.map(formatDiagnostic).join('\n')}</pre>
  if (diagnostics.some((d) => d.severity === 'error'))
    return (
      <div className="pj-banner is-error" role="alert" data-testid="scenario.diagnostics">
        <strong>{t('diagnostics.title')}</strong>
        {text}
      </div>
    )
  return (
    <details className="pj-banner pj-notes" data-testid="scenario.diagnostics">
      <summary>
        <strong>{t('diagnostics.warnings', { n: diagnostics.length })}</strong>{' '}
        <span className="pj-muted">{diagnostics[0]!.message}</span>
      </summary>
      {text}
    </details>
  )
}
