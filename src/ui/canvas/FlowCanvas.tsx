import { useCallback, useEffect, useMemo } from 'react'
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
import { MIN_ZOOM } from './follow'

const FIT = { padding: 0.06, maxZoom: 1.4 }
const MINIMAP_STYLE = { width: 150, height: 96 }
const minimapColor = (n: Node) => (n.type === 'host' ? 'rgba(120,140,170,0.25)' : n.type === 'pod' ? 'rgba(120,140,170,0.5)' : '#8796a8')

function FitOnTopology({ n }: { n: number }) {
  const { fitView } = useReactFlow()
  useEffect(() => {
    const id = requestAnimationFrame(() => void fitView(FIT))
    return () => cancelAnimationFrame(id)
  }, [n, fitView])
  useEffect(() => {
    // Refit whenever the canvas box changes (window, banner, sequence diagram toggled).
    const el = document.querySelector('.pj-canvas')
    if (!el) return
    let raf = 0
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(raf)
      raf = requestAnimationFrame(() => void fitView(FIT))
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [fitView])
  return null
}

/**
 * The map. `follow` (the embed player) keeps the acting device in view at a readable zoom instead
 * of fitting the whole cluster, and leaves out the minimap and the packet strip.
 */
export function FlowCanvas({ follow = false }: { follow?: boolean }) {
  const t = useT()
  const graph = useAppStore(useShallow((s) => selectFlowGraph(s)))
  const theme = useAppStore((s) => s.theme)
  const { nodes, edges } = useMemo(() => toFlow(graph), [graph])
  const onNodeClick: NodeMouseHandler<Node<FlowNodeData>> = useCallback((_, node) => {
    const ns = node.data.g.netns
    if (ns) getAppStore().getState().selectNetns(ns)
  }, [])
  return (
    <>
      {!follow && <PacketHud />}
      <div className="pj-canvas" aria-label={t('canvas.label')} data-testid="canvas">
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodeClick={onNodeClick}
          fitView={!follow}
          fitViewOptions={FIT}
          // Following, the map never zooms out past where labels stay at least 11 px.
          minZoom={follow ? MIN_ZOOM : 0.2}
          maxZoom={2.5}
          nodesDraggable={false}
          nodesConnectable={false}
          colorMode={theme}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={24} size={1} />
          <Controls showInteractive={false} />
          {!follow && <MiniMap pannable zoomable className="pj-minimap" style={MINIMAP_STYLE} nodeColor={minimapColor} nodeStrokeWidth={2} />}
          <PacketOverlay />
          {follow ? <FollowPacket /> : <FitOnTopology n={nodes.length} />}
        </ReactFlow>
      </div>
    </>
  )
}
