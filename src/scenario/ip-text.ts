/**
 * The engine's `ip`/`bridge` text parsers (engine/lab/ip-text) in the shape the lab-file reader
 * uses: text plus the file position of its first line in, entries plus positioned diagnostics out.
 */
import type { Diagnostic } from '../engine/diagnostics'
import { parseBridgeFdb, parseIpNeigh, parseIpRoute } from '../engine/lab/ip-text'
import type { FdbSpec, NeighSpec, RouteSpec, SourceOrigin } from '../engine/lab/spec'

export interface TextParse<T> {
  value: T[]
  diagnostics: Diagnostic[]
}

export const parseRouteText = (text: string, origin: SourceOrigin): TextParse<RouteSpec> =>
  parseIpRoute(text, { origin })
export const parseNeighText = (text: string, origin: SourceOrigin): TextParse<NeighSpec> =>
  parseIpNeigh(text, { origin })
export const parseFdbText = (text: string, origin: SourceOrigin): TextParse<FdbSpec> =>
  parseBridgeFdb(text, { origin })
