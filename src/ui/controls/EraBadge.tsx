import type { LocalText } from '../../worker/protocol'
import { useAppStore } from '../../store'
import { useT } from '../i18n/useT'

/**
 * "Historical · Kubernetes v1.3.7 · flannel 0.5.5": the set-up a historical scenario shows.
 * `compact` is the header's form: the tag only, the era in its tooltip (the header has no room).
 */
export function EraBadge({ era, compact = false, testId }: { era: LocalText; compact?: boolean; testId: string }) {
  const t = useT()
  const locale = useAppStore((s) => s.locale)
  const label = t('picker.eraLabel', { era: era[locale] })
  return (
    <span className={`pj-era${compact ? ' is-compact' : ''}`} data-testid={testId} title={label} aria-label={compact ? label : undefined}>
      <span className="pj-era-tag">{t('picker.historical')}</span>{' '}
      {!compact && <span className="pj-era-text">{era[locale]}</span>}
    </span>
  )
}
