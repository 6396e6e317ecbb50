import { memo } from 'react'
import type { NodeProps, Node } from '@xyflow/react'
import { useAppStore } from '../../../store'
import type { FlowNodeData } from '../layout'
import { Handles } from '../Handles'
import { ActingBadge } from '../ActingBadge'
import { selectActingId, selectDrop } from '../acting'

const KIND_LABEL: Record<string, string> = {
  node: 'Node',
  client: 'Client',
  router: 'Router',
  loadbalancer: 'Load balancer',
  server: 'Server',
}

function HostNodeImpl({ id, data }: NodeProps<Node<FlowNodeData>>) {
  const active = useAppStore((s) => selectActingId(s) === id)
  const dropped = useAppStore((s) => selectDrop(s) !== null && selectActingId(s) === id)
  const selected = useAppStore((s) => s.selectedNetns !== null && s.selectedNetns === data.g.netns)
  const kind = data.g.hostKind ?? 'node'
  return (
    <div
      className={`pj-host pj-host-${kind}${active ? ' is-active' : ''}${dropped ? ' is-dropped' : ''}${selected ? ' is-selected' : ''}`}
      data-testid={`canvas.node.${id}`}
    >
      <Handles />
      <div className="pj-host-head">
        <span className="pj-kind">{KIND_LABEL[kind] ?? kind}</span> <strong>{data.g.label}</strong>
        {data.g.sub && <span className="pj-host-role"> · {data.g.sub}</span>}
      </div>
      {active && <ActingBadge />}
    </div>
  )
}

export const HostNode = memo(HostNodeImpl)
