import { memo } from 'react'
import type { NodeProps, Node } from '@xyflow/react'
import { useAppStore } from '../../../store'
import type { FlowNodeData } from '../layout'
import { DropMarker } from '../DropMarker'
import { selectActingId, selectDrop, type DropHop } from '../acting'

function PodNodeImpl({ id, data }: NodeProps<Node<FlowNodeData>>) {
  const active = useAppStore((s) => selectActingId(s) === id)
  const drop = useAppStore((s): DropHop | null => (selectActingId(s) === id ? selectDrop(s) : null))
  const dropped = drop !== null
  const selected = useAppStore((s) => s.selectedNetns === data.g.netns)
  return (
    <div
      className={`pj-pod${active ? ' is-active' : ''}${dropped ? ' is-dropped' : ''}${selected ? ' is-selected' : ''}`}
      data-testid={`canvas.node.${id}`}
      data-active={active || undefined}
    >
      <div className="pj-pod-head">
        <span className="pj-kind">Pod</span> <strong>{data.g.label}</strong>
      </div>
      {data.g.sub && <div className="pj-pod-sub">{data.g.sub}</div>}
      {drop && <DropMarker hop={drop} />}
    </div>
  )
}

export const PodNode = memo(PodNodeImpl)
