/**
 * The scenario format (issue 4): what a trainer writes, links to and embeds. A scenario is
 * ordinary Kubernetes manifests plus the few things a cluster dump does not say — the cluster's
 * shape, the journey to run and the captions to show — with defaults that keep a minimal file
 * short. JSON Schema: scenarios/schema/scenario.schema.json (kept in sync by schema.test.ts).
 */
import type { Diagnostic } from '../engine/diagnostics'
import type { ClusterSpec, K8sObject } from '../control-plane/types'

/** Text in both languages the page speaks. `zh` may be absent in a user's own scenario. */
export interface Localized {
  en: string
  zh?: string
}

export interface ScenarioMeta {
  /** The file name without `.yaml`: the stable id used in URLs and embeds. */
  id: string
  title: Localized
  summary?: Localized
  goals: Localized[]
  /** Shown with a "historical" badge (userspace proxy, classic flannel); implied by group history. */
  historical?: boolean
  /** Where the picker lists it: the groups in teaching order (SCENARIO_GROUPS). */
  group?: ScenarioGroup
  /** For a historical scenario: the set-up it shows, e.g. "Kubernetes v1.3, flannel 0.5.5 (2016)". */
  era?: Localized
  /** What has changed since the source article was written, shown with the summary. */
  sinceThen?: Localized
  /** Place inside its group (1 first); scenarios without one follow, by title. */
  order?: number
}

/** The picker's groups, in the order a course teaches them. */
export const SCENARIO_GROUPS = [
  'inside-a-pod',
  'one-node',
  'across-nodes',
  'services',
  'from-outside',
  'history',
] as const
export type ScenarioGroup = (typeof SCENARIO_GROUPS)[number]

export type { JourneyFrom, JourneyTo, ScenarioJourney } from '../control-plane/types'
import type { ScenarioJourney } from '../control-plane/types'

/**
 * Attaches a caption to hops by what happens and where, never by sequence number: every key but
 * `nth` must equal the hop's field of that name (`kind`, `host`, `netns`, `dev`, `hook`, `table`,
 * `chain`, `packet`, …). String values may end in `*` to match a prefix (`KUBE-SEP-*`, `nat.*`).
 * `nth` picks the n-th matching hop (default 1); `nth: all` captions every match.
 */
export interface NarrationMatcher {
  kind: string
  nth?: number | 'all'
  [field: string]: string | number | boolean | undefined
}

export interface NarrationEntry {
  on: NarrationMatcher
  en: string
  zh?: string
}

export interface ScenarioDoc {
  meta: ScenarioMeta
  cluster: ClusterSpec
  objects: K8sObject[]
  journey: ScenarioJourney
  narration: NarrationEntry[]
}

export interface ScenarioParseResult {
  doc: ScenarioDoc | null
  diagnostics: Diagnostic[]
}

export const CLUSTER_DEFAULTS = {
  clusterCIDR: '10.244.0.0/16',
  serviceCIDR: '10.96.0.0/12',
  cni: 'flannel-vxlan',
  proxyMode: 'iptables',
  nodeNetwork: { cidr: '192.168.0.0/24' },
} as const satisfies Partial<ClusterSpec>

/**
 * Bridge per CNI: the bridge plugin's default `cni0` (kube-flannel's cni-conf.json names it too);
 * classic flannel drove Docker's `docker0`; kubenet on cloud VPC routing uses `cbr0`.
 */
export const DEFAULT_BRIDGE: Record<ClusterSpec['cni'], ClusterSpec['bridge']> = {
  'flannel-vxlan': 'cni0',
  'flannel-host-gw': 'cni0',
  'flannel-vxlan-classic': 'docker0',
  'cloud-vpc': 'cbr0',
}

/** Default node addresses: the n-th node (0-based) gets host number 10 + n on the node network. */
export const FIRST_NODE_HOST_NUMBER = 10

export const SUPPORTED_KINDS = [
  'Pod',
  'Service',
  'Endpoints',
  'EndpointSlice',
  'Ingress',
  'Deployment',
] as const

export const API_VERSIONS: Record<(typeof SUPPORTED_KINDS)[number], string> = {
  Pod: 'v1',
  Service: 'v1',
  Endpoints: 'v1',
  EndpointSlice: 'discovery.k8s.io/v1',
  Ingress: 'networking.k8s.io/v1',
  Deployment: 'apps/v1',
}

/** Real kinds a pasted dump may contain that do not change the datapath: ignored with a warning. */
export const IGNORED_KINDS = [
  'Namespace',
  'ConfigMap',
  'Secret',
  'ServiceAccount',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'Node',
  'IngressClass',
  'NetworkPolicy',
  'Role',
  'RoleBinding',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'Event',
  'LimitRange',
  'ResourceQuota',
  'CustomResourceDefinition',
]
