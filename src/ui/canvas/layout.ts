/**
 * Graph (store/graph.ts, plain data) → React Flow nodes and edges. Handles are picked from the
 * laid-out geometry so every edge leaves and enters on the facing sides.
 */
import type { Edge, Node } from '@xyflow/react'
import { absolutePosition, type GraphEdge, type GraphNode } from '../../store/graph'
import { deviceTypeLabel, hostKindLabel } from './kind-label'
import type { Translate } from '../i18n/useT'

/** What a screen reader says for a node: its name, kind and address, and where it sits. */
function nodeName(g: GraphNode, byId: Map<string, GraphNode>, t: Translate): string {
  const parent = g.parent ? byId.get(g.parent) : undefined
  const kind = g.kind === 'device' ? deviceTypeLabel(g.device?.type, t) : g.kind === 'pod' ? 'Pod' : hostKindLabel(g.hostKind ?? 'node', t)
  const what = [kind, g.label, g.kind === 'device' ? g.sub : undefined, parent ? `· ${parent.label}` : undefined].filter(Boolean).join(' ')
  return t('canvas.open', { what })
}

export type FlowNodeData = { g: GraphNode }
export type FlowEdgeData = { kind: GraphEdge['kind'] }

export function toFlow(graph: { nodes: GraphNode[]; edges: GraphEdge[] }, t: Translate): {
  nodes: Node<FlowNodeData>[]
  edges: Edge<FlowEdgeData>[]
} {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const nodes: Node<FlowNodeData>[] = graph.nodes.map((g) => ({
    id: g.id,
    type: g.kind,
    position: { x: g.x, y: g.y },
    ...(g.parent ? { parentId: g.parent, extent: 'parent' as const } : {}),
    data: { g },
    width: g.w,
    height: g.h,
    draggable: false,
    connectable: false,
    selectable: g.kind !== 'segment',
    // Every box with tables is a named control (Enter opens them); a wire bar has none.
    focusable: g.kind !== 'segment',
    ...(g.kind !== 'segment' ? { ariaLabel: nodeName(g, byId, t) } : {}),
    ...(g.kind === 'host' ? { zIndex: 0 } : {}),
  }))
  const center = (id: string) => {
    const n = byId.get(id)!
    const p = absolutePosition(graph.nodes, id)
    return { x: p.x + n.w / 2, y: p.y + n.h / 2 }
  }
  const edges: Edge<FlowEdgeData>[] = graph.edges.map((e) => {
    let sh = 'b'
    let th = 't'
    const a = center(e.source)
    const b = center(e.target)
    if (e.kind === 'vxlan') {
      sh = 'b'
      th = 'b'
    } else if (e.kind === 'segment') {
      // A NIC above the bar drops down to it; one in the row below the bars reaches up.
      ;[sh, th] = b.y > a.y ? ['b', 't'] : ['t', 'b']
    } else {
      const dx = b.x - a.x
      const dy = b.y - a.y
      if (Math.abs(dy) >= Math.abs(dx)) [sh, th] = dy > 0 ? ['b', 't'] : ['t', 'b']
      else [sh, th] = dx > 0 ? ['r', 'l'] : ['l', 'r']
    }
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: `s-${sh}`,
      targetHandle: `t-${th}`,
      type: 'link',
      data: { kind: e.kind },
      selectable: false,
      focusable: false,
      zIndex: 1,
    }
  })
  return { nodes, edges }
}
