import { memo } from 'react'
import { BaseEdge, getSmoothStepPath, type EdgeProps, type Edge } from '@xyflow/react'
import { useAppStore } from '../../../store'
import type { FlowEdgeData } from '../layout'
import { selectActiveLink } from '../acting'
import { useT } from '../../i18n/useT'

function LinkEdgeImpl(props: EdgeProps<Edge<FlowEdgeData>>) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data } = props
  const kind = data?.kind ?? 'veth'
  const t = useT()
  const active = useAppStore((s) => {
    const l = selectActiveLink(s)
    if (!l) return false
    return (l.from === source && l.to.includes(target)) || (l.from === target && l.to.includes(source)) ||
      (kind === 'segment' && (l.from === source || l.to.includes(source)))
  })
  let path: string
  let labelX = (sourceX + targetX) / 2
  let labelY = (sourceY + targetY) / 2
  if (kind === 'segment') path = `M ${sourceX},${sourceY} L ${sourceX},${targetY}`
  else if (kind === 'vxlan') {
    const dip = 58
    path = `M ${sourceX},${sourceY} C ${sourceX},${sourceY + dip} ${targetX},${targetY + dip} ${targetX},${targetY}`
    labelY = sourceY + dip * 0.75
  } else [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 10 })
  return (
    <>
      <BaseEdge id={id} path={path} className={`pj-edge pj-edge-${kind}${active ? ' is-active' : ''}`} />
      {kind === 'vxlan' && (
        <text x={labelX} y={labelY + 16} className="pj-edge-label" textAnchor="middle">
          {t('canvas.vxlan')}
        </text>
      )}
    </>
  )
}

export const LinkEdge = memo(LinkEdgeImpl)
