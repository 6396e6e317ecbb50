import { useAppStore } from '../../store'
import { useT } from '../i18n/useT'
import { hopBadge } from '../shared/describe-hop'
import { hopCategory } from '../../store/selectors'
import { CATEGORY_ICON, categoryVar } from '../shared/categories'
import { selectBadgeHop, selectDrop } from './acting'

/** What the acting device did at this step: the top line of the packet card (a drop has its own marker). */
export function ActingBadge() {
  const t = useT()
  const hop = useAppStore(selectBadgeHop)
  const drop = useAppStore(selectDrop)
  if (drop) return null
  const text = hop ? hopBadge(hop, t) : ''
  if (!hop || !text) return null
  const c = hopCategory(hop)
  return (
    <div className="pj-badge" data-testid="canvas.badge" data-category={c} style={{ borderColor: categoryVar(c) }}>
      <span className="pj-badge-icon" style={{ background: categoryVar(c) }} aria-hidden>
        {CATEGORY_ICON[c]}
      </span>
      {text}
    </div>
  )
}
