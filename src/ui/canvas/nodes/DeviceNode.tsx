import { memo } from 'react'
import type { NodeProps, Node } from '@xyflow/react'
import { useAppStore } from '../../../store'
import type { FlowNodeData } from '../layout'
import { Handles } from '../Handles'
import { ActingBadge } from '../ActingBadge'
import { selectActingId, selectDrop } from '../acting'

const TYPE_LABEL: Record<string, string> = {
  veth: 'veth',
  bridge: 'bridge',
  vxlan: 'vxlan',
  ether: 'NIC',
  dummy: 'dummy',
  loopback: 'lo',
}

function DeviceNodeImpl({ id, data }: NodeProps<Node<FlowNodeData>>) {
  const active = useAppStore((s) => selectActingId(s) === id)
  const dropped = useAppStore((s) => selectDrop(s) !== null && selectActingId(s) === id)
  const d = data.g.device
  return (
    <div
      className={`pj-device pj-device-${d?.type ?? 'x'}${active ? ' is-active' : ''}${dropped ? ' is-dropped' : ''}`}
      data-testid={`canvas.node.${id}`}
      data-active={active || undefined}
      title={`${data.g.label} (${d?.type}) ${d?.mac ?? ''} ${d?.addrs.join(' ') ?? ''}`}
    >
      <Handles />
      <div className="pj-device-name">{data.g.label}</div>
      <div className="pj-device-addr">
        <span className="pj-device-type">{TYPE_LABEL[d?.type ?? ''] ?? d?.type}</span>
        {data.g.sub ?? ''}
      </div>
      {active && <ActingBadge />}
    </div>
  )
}

export const DeviceNode = memo(DeviceNodeImpl)
