import { useAppStore } from '../../store'
import { useT } from '../i18n/useT'
import { describeHop, dropLabel } from '../shared/describe-hop'
import { CATEGORY_ICON } from '../shared/categories'
import type { DropHop } from './acting'

/**
 * Where the packet died: a red marker pinned above the device that dropped it, with the short
 * reason ("REJECT in KUBE-SERVICES"); the full sentence is in the step panel and the tooltip.
 */
export function DropMarker({ hop }: { hop: DropHop }) {
  const t = useT()
  const hops = useAppStore((s) => s.hops)
  return (
    <div className="pj-drop" data-testid="canvas.drop" data-code={hop.code} title={describeHop(hop, t)}>
      <span className="pj-drop-icon" aria-hidden>
        {CATEGORY_ICON.drop}
      </span>
      <span>
        {t('canvas.dropped')} · {dropLabel(hop, hops, t)}
      </span>
    </div>
  )
}
