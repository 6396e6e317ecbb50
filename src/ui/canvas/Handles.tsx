import { Handle, Position } from '@xyflow/react'

const SIDES = [
  ['t', Position.Top],
  ['b', Position.Bottom],
  ['l', Position.Left],
  ['r', Position.Right],
] as const

/** Invisible source and target handles on every side; layout.ts picks which ones an edge uses. */
export function Handles() {
  return (
    <>
      {SIDES.map(([id, pos]) => (
        <Handle key={`s-${id}`} id={`s-${id}`} type="source" position={pos} className="pj-handle" isConnectable={false} />
      ))}
      {SIDES.map(([id, pos]) => (
        <Handle key={`t-${id}`} id={`t-${id}`} type="target" position={pos} className="pj-handle" isConnectable={false} />
      ))}
    </>
  )
}
