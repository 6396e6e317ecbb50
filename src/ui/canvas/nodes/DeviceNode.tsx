import { memo } from 'react'
import type { NodeProps, Node } from '@xyflow/react'
import { useAppStore } from '../../../store'
import type { FlowNodeData } from '../layout'
import { deviceTypeLabel } from '../kind-label'
import { useT } from '../../i18n/useT'
import { Handles } from '../Handles'
import { DropMarker } from '../DropMarker'
import { selectActingId, selectDrop, type DropHop } from '../acting'

function DeviceNodeImpl({ id, data }: NodeProps<Node<FlowNodeData>>) {
  const active = useAppStore((s) => selectActingId(s) === id)
  const drop = useAppStore((s): DropHop | null => (selectActingId(s) === id ? selectDrop(s) : null))
  const dropped = drop !== null
  const d = data.g.device
  const t = useT()
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
        <span className="pj-device-type">{deviceTypeLabel(d?.type, t)}</span>
        {data.g.sub ?? ''}
      </div>
      {drop && <DropMarker hop={drop} />}
    </div>
  )
}

export const DeviceNode = memo(DeviceNodeImpl)
