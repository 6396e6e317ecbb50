/**
 * What the canvas draws, derived from the loaded world: hosts, their namespaces and devices,
 * and the wires between devices. Plain data; layout is the UI's business.
 */
import type { HostKind } from '../lab/spec'

export interface TopologyDevice {
  /** `<netns>:<dev>`, unique in the lab. */
  id: string
  netns: string
  name: string
  type: 'loopback' | 'veth' | 'bridge' | 'vxlan' | 'ether' | 'dummy'
  addrs: string[]
  mac: string
  master?: string
}

export interface TopologyNetns {
  name: string
  host: string
  kind: 'root' | 'pod'
  pod?: { namespace: string; name: string; containers: string[] }
  devices: TopologyDevice[]
}

export interface TopologyHost {
  name: string
  kind: HostKind
  role?: string
  netns: string[]
}

export interface TopologyEdge {
  id: string
  kind: 'veth' | 'bridge-port' | 'segment' | 'vxlan'
  /** Device ids. For a segment, every NIC on it pairs with the segment's own id `segment:<name>`. */
  a: string
  b: string
  label?: string
}

export interface Topology {
  hosts: TopologyHost[]
  netns: TopologyNetns[]
  segments: string[]
  edges: TopologyEdge[]
}
