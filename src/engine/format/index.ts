/** Real command output formats, shared by goldens, the CLI and the UI's raw-text views. */
export {
  formatIpAddr,
  formatIpLink,
  formatIpBriefAddr,
  formatIpBriefLink,
  formatIpLinkDetails,
} from './ip-addr'
export type { LinkFormatOptions } from './ip-addr'
export { formatIpRoute, formatRouteLine, compareRoutes } from './ip-route'
export type { IpRouteOptions } from './ip-route'
export { formatIpNeigh, formatNeighLine } from './ip-neigh'
export type { IpNeighOptions } from './ip-neigh'
export { formatBridgeFdb, formatFdbLine } from './bridge-fdb'
export { formatConntrack, formatConntrackLine, formatConntrackSummary } from './conntrack'
export { formatIpvsadm, formatIpvsadmConns } from './ipvsadm'
export { formatIpsetList } from './ipset'
export { formatHopLine, hopSummary, formatFlow, formatVirtualTime, frameHeaders } from './hop-line'
export { formatFrameSummary, tcpFlagsText } from './frame-summary'
