import { memo } from 'react'
import type { NodeProps, Node } from '@xyflow/react'
import type { FlowNodeData } from '../layout'
import { Handles } from '../Handles'
import { useT } from '../../i18n/useT'

function SegmentNodeImpl({ id, data }: NodeProps<Node<FlowNodeData>>) {
  const t = useT()
  return (
    <div className="pj-segment" data-testid={`canvas.node.${id}`}>
      <Handles />
      <span>
        {t('canvas.underlay')} · {data.g.label}
      </span>
    </div>
  )
}

export const SegmentNode = memo(SegmentNodeImpl)
