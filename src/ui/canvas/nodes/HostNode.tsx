import { memo } from 'react'
import type { NodeProps, Node } from '@xyflow/react'
import { useAppStore } from '../../../store'
import type { FlowNodeData } from '../layout'
import { hostKindLabel } from '../kind-label'
import { useT } from '../../i18n/useT'
import { Handles } from '../Handles'
import { DropMarker } from '../DropMarker'
import { selectActingId, selectDrop, type DropHop } from '../acting'

function HostNodeImpl({ id, data }: NodeProps<Node<FlowNodeData>>) {
  const active = useAppStore((s) => selectActingId(s) === id)
  const drop = useAppStore((s): DropHop | null => (selectActingId(s) === id ? selectDrop(s) : null))
  const dropped = drop !== null
  const selected = useAppStore((s) => s.selectedNetns !== null && s.selectedNetns === data.g.netns)
  const kind = data.g.hostKind ?? 'node'
  const t = useT()
  return (
    <div
      className={`pj-host pj-host-${kind}${active ? ' is-active' : ''}${dropped ? ' is-dropped' : ''}${selected ? ' is-selected' : ''}`}
      data-testid={`canvas.node.${id}`}
    >
      <Handles />
      <div className="pj-host-head">
        <span className="pj-kind">{hostKindLabel(kind, t)}</span> <strong>{data.g.label}</strong>
        {data.g.sub && <span className="pj-host-role"> · {data.g.sub}</span>}
      </div>
      {drop && <DropMarker hop={drop} />}
    </div>
  )
}

export const HostNode = memo(HostNodeImpl)
