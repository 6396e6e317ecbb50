/**
 * The engine's public surface: what the worker, the CLI and tests may import. Everything is
 * plain data in, plain data out.
 */
export { runLab, type RunOptions, type RunResult } from './sim/simulate'
export { loadWorld } from './sim/load'
export { TRACE_VERSION } from './trace/events'
export type { Trace, HopEvent, HopKind, FlowTuple, NfHook, NfTableName, TraceOutcome, DropCode } from './trace/events'
export type { Topology, TopologyDevice, TopologyEdge, TopologyHost, TopologyNetns } from './trace/topology'
export type { NetnsTables, TableDelta, LinkRow, RouteRow, NeighRow, FdbRow, ConntrackRow, ChainRow, RuleRow, IptablesTableRow } from './tables/types'
export type * from './lab/spec'
export type { Frame } from './wire/frame'
export { formatDiagnostic, type Diagnostic } from './diagnostics'
