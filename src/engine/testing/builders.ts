/**
 * Small builders for engine unit tests: a namespace with links and routes, loaded through the
 * same loadWorld() the engine uses, so tests exercise real objects.
 */
import type { LabSpec, NetnsSpec } from '../lab/spec'
import { loadWorld } from '../sim/load'
import type { Netns, World } from '../sim/world'

export function makeWorld(netns: NetnsSpec[], extra: Partial<LabSpec> = {}): World {
  const hosts = [...new Set(netns.map((n) => n.host))].map((name) => ({ name, kind: 'node' as const }))
  const { world, diagnostics } = loadWorld({ name: 'test', hosts, netns, apps: [], ...extra })
  if (!world) throw new Error(diagnostics.map((d) => `${d.path}: ${d.message}`).join('\n'))
  return world
}

export function makeNetns(spec: Omit<NetnsSpec, 'host' | 'kind'> & Partial<Pick<NetnsSpec, 'host' | 'kind'>>): Netns {
  const world = makeWorld([{ host: 'h', kind: 'root', ...spec }])
  return world.netns.get(spec.name)!
}
