import { useAppStore, getAppStore } from '../../store'
import type { LinkIssue } from '../../store/slices/link'
import { useT, type MessageKey, type Translate } from '../i18n/useT'

function describe(t: Translate, i: LinkIssue): string {
  switch (i.param) {
    case 'scenario':
      return t('link.scenario', { value: i.value, valid: i.valid })
    case 'step':
      return t('link.step', { value: i.value, scenario: i.scenario ?? '', total: i.valid, level: t(`level.${i.level ?? 'kubernetes'}`) })
    case 'hop':
      return t('link.hop', { value: i.value, scenario: i.scenario ?? '', total: i.valid })
    case 'device':
      return t('link.device', { value: i.value, scenario: i.scenario ?? '', valid: i.valid })
    case 's':
      // The fragment's problem: `value` is its code (scenario-fragment.ts), `valid` the detail.
      return t(`link.s.${i.value}` as MessageKey, { detail: i.valid })
    default:
      return t('link.value', { param: i.param, value: i.value, valid: i.valid })
  }
}

/** What a deep link asked for and could not be shown, said in the chosen language. */
export function LinkNotice() {
  const t = useT()
  const issues = useAppStore((s) => s.linkIssues)
  if (!issues.length) return null
  return (
    <div className="pj-banner pj-link-notice" role="alert" data-testid="link.issues">
      <strong>{t('link.heading')}</strong>
      <ul>
        {issues.map((i) => (
          <li key={i.param} data-testid={`link.issue.${i.param}`}>
            {describe(t, i)}
          </li>
        ))}
      </ul>
      <button data-testid="link.dismiss" onClick={() => getAppStore().getState().setLinkIssues([])}>
        {t('link.dismiss')}
      </button>
    </div>
  )
}
