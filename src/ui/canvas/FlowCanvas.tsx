import { useCallback, useEffect, useMemo, useState, type CSSProperties, type KeyboardEvent } from 'react'
import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type Node, type NodeMouseHandler } from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore, getAppStore } from '../../store'
import { selectFlowGraph } from '../../store/selectors'
import { edgeTypes, nodeTypes } from './node-types'
import { toFlow, type FlowNodeData } from './layout'
import { PacketOverlay } from './PacketOverlay'
import { PacketHud } from './PacketHud'
import { useT } from '../i18n/useT'
import { FollowPacket } from './FollowPacket'
import { MIN_ZOOM, minZoomFor, readablePx } from './follow'
import { CANVAS_TEXT } from '../../store/graph'

const MINIMAP_STYLE = { width: 150, height: 96 }
const minimapColor = (n: Node) => (n.type === 'host' ? 'rgba(120,140,170,0.25)' : n.type === 'pod' ? 'rgba(120,140,170,0.5)' : '#8796a8')

/** The layout's text sizes as CSS variables, so the boxes and the type come from one place. */
const TEXT_VARS = Object.fromEntries(Object.entries(CANVAS_TEXT).map(([k, v]) => [`--cv-${k}`, `${v}px`])) as CSSProperties

/** The window's size, kept current: how small canvas text may get depends on it. */
function useWindowSize() {
  const [size, setSize] = useState(() => ({ w: window.innerWidth, h: window.innerHeight }))
  useEffect(() => {
    const on = () => setSize({ w: window.innerWidth, h: window.innerHeight })
    window.addEventListener('resize', on)
    return () => window.removeEventListener('resize', on)
  }, [])
  return size
}

/**
 * The map. The camera shows the whole cluster when it fits at a zoom where text stays readable on
 * this screen, and otherwise follows the packet (FollowPacket). `embed` (the player in a small
 * frame) leaves out the minimap and the packet strip.
 */
export function FlowCanvas({ embed = false }: { embed?: boolean }) {
  const t = useT()
  const graph = useAppStore(useShallow((s) => selectFlowGraph(s)))
  const theme = useAppStore((s) => s.theme)
  const presenter = useAppStore((s) => s.presenter)
  const win = useWindowSize()
  const minZoom = minZoomFor(readablePx(win.w, win.h, embed ? 'embed' : presenter ? 'presenter' : 'main'))
  const { nodes, edges } = useMemo(() => toFlow(graph, t), [graph, t])
  const open = useCallback((ns: string | undefined) => {
    if (ns) getAppStore().getState().selectNetns(ns)
  }, [])
  const onNodeClick: NodeMouseHandler<Node<FlowNodeData>> = useCallback((_, node) => open(node.data.g.netns), [open])
  // Enter on a focused node opens its tables, as a click does (React Flow only selects it).
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      if (e.key !== 'Enter') return
      const id = (e.target as HTMLElement).closest('.react-flow__node')?.getAttribute('data-id')
      const g = id ? graph.nodes.find((n) => n.id === id) : undefined
      if (g?.netns) {
        e.preventDefault()
        open(g.netns)
      }
    },
    [graph, open],
  )
  return (
    <>
      {!embed && <PacketHud />}
      <div className="pj-canvas" role="region" aria-label={t('canvas.label')} data-testid="canvas" style={TEXT_VARS} onKeyDown={onKeyDown}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodeClick={onNodeClick}
          // In the small frame the map never zooms out past where labels stay at least 11 px.
          minZoom={embed ? MIN_ZOOM : 0.2}
          maxZoom={2.5}
          nodesDraggable={false}
          nodesConnectable={false}
          colorMode={theme}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={24} size={1} />
          <Controls showInteractive={false} />
          {!embed && !presenter && <MiniMap pannable zoomable className="pj-minimap" style={MINIMAP_STYLE} nodeColor={minimapColor} nodeStrokeWidth={2} />}
          <PacketOverlay />
          <FollowPacket minZoom={minZoom} />
        </ReactFlow>
      </div>
    </>
  )
}
