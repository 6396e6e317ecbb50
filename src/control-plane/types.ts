/**
 * The control plane's input: a cluster description plus ordinary Kubernetes objects (the subset
 * of their fields that networking depends on, named exactly as in the Kubernetes API so pasted
 * `kubectl get -o yaml` output maps field for field). Builders turn these into a LabSpec.
 */
import type { Ipv4Addr } from '../engine/wire/frame'

export type CniBackend = 'flannel-vxlan' | 'flannel-vxlan-classic' | 'flannel-host-gw' | 'cloud-vpc'
export type ProxyMode = 'iptables' | 'ipvs' | 'userspace'

export interface ClusterSpec {
  /** Pod network, flannel's `Network` and kube-proxy's `--cluster-cidr`. Default 10.244.0.0/16. */
  clusterCIDR: string
  /** Default 10.96.0.0/12. */
  serviceCIDR: string
  cni: CniBackend
  /** Bridge name: `cni0` (bridge CNI default), `cbr0` (kubenet) or `docker0` (classic flannel+docker). */
  bridge: 'cni0' | 'cbr0' | 'docker0'
  proxyMode: ProxyMode
  /** kube-proxy --masquerade-all. */
  masqueradeAll?: boolean
  /** kube-proxy --nodeport-addresses: node ports answer only on node addresses in these CIDRs. Unset: every address. */
  nodePortAddresses?: string[]
  /** kube-proxy --iptables-localhost-nodeports (default true): node ports on 127.0.0.1 too. */
  localhostNodePorts?: boolean
  /**
   * kube-proxy --cluster-cidr, for detect-local mode ClusterCIDR. Unset: clusterCIDR. `''`: not
   * given, so no local-traffic detector (no `! -s` masquerade rule, no pod short-circuit in KUBE-EXT).
   */
  kubeProxyClusterCIDR?: string
  /** The L2 segment all nodes' eth0 share, e.g. 192.168.0.0/24, and its gateway when there is one. */
  nodeNetwork: { cidr: string; gateway?: Ipv4Addr }
  nodes: NodeSpec[]
  /** Outside actors. */
  internetGateway?: { name: string; insideIp: Ipv4Addr; publicIp: Ipv4Addr }
  loadBalancer?: { name: string; ip: Ipv4Addr; insideIp: Ipv4Addr }
  /** Hosts outside the cluster; with `listen` they also run a web server (a journey can go to them). */
  clients?: { name: string; ip: Ipv4Addr; network: 'internet' | 'nodes'; listen?: number[] }[]
}

export interface NodeSpec {
  name: string
  /** eth0 address (InternalIP). */
  ip: Ipv4Addr
  /** spec.podCIDR, `10.244.1.0/24`. */
  podCIDR: string
  /** eth0 MAC; default derived from the seed. */
  mac?: string
  /** flannel.1's VtepMAC; default derived from the seed (flanneld picks a random one). */
  vtepMac?: string
}

export interface ObjectMeta {
  name: string
  namespace?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
}

export interface ContainerPort {
  name?: string
  containerPort: number
  protocol?: 'TCP' | 'UDP' | 'SCTP'
}

export interface Pod {
  kind: 'Pod'
  metadata: ObjectMeta
  spec: {
    nodeName: string
    containers: { name: string; image?: string; ports?: ContainerPort[] }[]
    hostNetwork?: boolean
  }
  /** status.podIP; when absent host-local IPAM assigns the next free address. */
  status?: { podIP?: Ipv4Addr }
}

export interface ServicePort {
  name?: string
  protocol?: 'TCP' | 'UDP' | 'SCTP'
  port: number
  targetPort?: number | string
  nodePort?: number
}

export interface Service {
  kind: 'Service'
  metadata: ObjectMeta
  spec: {
    type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName'
    clusterIP?: Ipv4Addr | 'None'
    selector?: Record<string, string>
    ports: ServicePort[]
    externalIPs?: Ipv4Addr[]
    externalTrafficPolicy?: 'Cluster' | 'Local'
    internalTrafficPolicy?: 'Cluster' | 'Local'
    sessionAffinity?: 'None' | 'ClientIP'
    sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } }
    loadBalancerSourceRanges?: string[]
    healthCheckNodePort?: number
  }
  status?: { loadBalancer?: { ingress?: { ip: Ipv4Addr }[] } }
}

export interface EndpointSlice {
  kind: 'EndpointSlice'
  metadata: ObjectMeta & { labels: Record<string, string> }
  addressType: 'IPv4'
  endpoints: {
    addresses: Ipv4Addr[]
    conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean }
    nodeName?: string
    targetRef?: { kind: 'Pod'; name: string; namespace?: string }
  }[]
  ports?: { name?: string; port: number; protocol?: 'TCP' | 'UDP' | 'SCTP' }[]
}

export interface Endpoints {
  kind: 'Endpoints'
  metadata: ObjectMeta
  subsets: {
    addresses?: { ip: Ipv4Addr; nodeName?: string; targetRef?: { kind: 'Pod'; name: string } }[]
    notReadyAddresses?: { ip: Ipv4Addr; nodeName?: string }[]
    ports?: { name?: string; port: number; protocol?: 'TCP' | 'UDP' }[]
  }[]
}

export interface Ingress {
  kind: 'Ingress'
  metadata: ObjectMeta
  spec: {
    ingressClassName?: string
    tls?: { hosts?: string[]; secretName?: string }[]
    rules: {
      host?: string
      http: {
        paths: {
          path: string
          pathType: 'Prefix' | 'Exact' | 'ImplementationSpecific'
          backend: { service: { name: string; port: { number?: number; name?: string } } }
        }[]
      }
    }[]
  }
}

export interface Deployment {
  kind: 'Deployment'
  metadata: ObjectMeta
  spec: {
    replicas?: number
    selector: { matchLabels: Record<string, string> }
    template: { metadata: { labels: Record<string, string> }; spec: Omit<Pod['spec'], 'nodeName'> & { nodeName?: string } }
  }
}

export type K8sObject = Pod | Service | EndpointSlice | Endpoints | Ingress | Deployment

/**
 * The resolved view kube-proxy works from: one entry per service port with its ready endpoints
 * (what EndpointSliceCache hands the proxier), independent of whether they came from Endpoints,
 * EndpointSlices or a selector.
 */
export interface ServicePortInfo {
  /** `namespace/name` plus `:portName` when the port is named (ServicePortName.String()). */
  servicePortName: string
  service: Service
  port: ServicePort
  protocol: 'tcp' | 'udp' | 'sctp'
  clusterIP?: Ipv4Addr
  endpoints: { ip: Ipv4Addr; port: number; nodeName?: string; ready: boolean }[]
}

export type IptTableName = 'filter' | 'nat' | 'mangle' | 'raw'

/**
 * The iptables rules one component programs on a node (kube-proxy, flanneld, a gateway), as
 * rule text. Builders return fragments; compose-iptables.ts merges a node's fragments into one
 * iptables-save text the engine loads.
 */
export interface IptablesFragment {
  /** Who programs these rules ('kube-proxy', 'flanneld', …), for ordering and comments. */
  source: string
  tables: Partial<
    Record<
      IptTableName,
      {
        /** User chains the fragment declares (names only; printed `:NAME - [0:0]`). */
        chains: string[]
        /** Rules kube-proxy inserts at the top of built-in chains (`iptables -I`), in their final order. */
        prepend?: string[]
        /** Rules appended to built-in chains (`-A FORWARD …`), in order. */
        builtin?: string[]
        /** Rules in the fragment's own chains, in order (`-A KUBE-SERVICES …`). */
        rules: string[]
      }
    >
  >
}

/** Where the journey starts: a pod (optionally one container), a node's root namespace, or an outside client. */
export type JourneyFrom =
  { pod: string; namespace: string; container?: string } | { node: string } | { client: string }

/** Where it goes. Ports default to the Service's first port or the scheme's. */
export type JourneyTo =
  | { pod: string; namespace: string; port?: number }
  | { service: string; namespace: string; port?: number | string }
  | { dns: string; port?: number }
  | { url: string; scheme: 'http' | 'https'; host: string; port: number; path: string }
  | { node: string; nodePort: number }
  | { ip: string; port?: number }

/** The journey a scenario asks for, before the control plane resolves it to addresses. */
export interface ScenarioJourney {
  from: JourneyFrom
  to: JourneyTo
  protocol: 'tcp' | 'udp' | 'icmp'
  /** What the client sends once connected; a URL journey defaults to a GET for its path. */
  request?: string
  /** ICMP echo count. */
  count?: number
  seed: number
}

