import type { EdgeTypes, NodeTypes } from '@xyflow/react'
import { DeviceNode } from './nodes/DeviceNode'
import { PodNode } from './nodes/PodNode'
import { HostNode } from './nodes/HostNode'
import { SegmentNode } from './nodes/SegmentNode'
import { LinkEdge } from './edges/LinkEdge'

// Module-level on purpose: React Flow re-mounts every node when these objects change identity.
export const nodeTypes: NodeTypes = {
  device: DeviceNode,
  pod: PodNode,
  host: HostNode,
  segment: SegmentNode,
}

export const edgeTypes: EdgeTypes = { link: LinkEdge }
