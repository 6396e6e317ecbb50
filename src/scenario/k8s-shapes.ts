/**
 * The Kubernetes fields a scenario reads, named as in the Kubernetes API (k8s.io/api core/v1,
 * apps/v1, discovery/v1, networking/v1). `ignored` lists real API fields that do not affect the
 * datapath: they are accepted (so `kubectl get -o yaml` output pastes cleanly) and dropped. Any
 * other key is an error with a suggestion, as kubectl's strict field validation reports it.
 */

export type Shape =
  | 'str'
  | 'bool'
  | 'ipv4'
  | 'port'
  | 'portOrName'
  | 'strMap'
  | { int: { min: number; max: number; what: string } }
  | { enum: readonly string[]; what: string }
  | { list: Shape }
  | ObjShape

export interface ObjShape {
  obj: Record<string, Shape>
  what: string
  required?: readonly string[]
  ignored?: readonly string[]
  /** Skip the unknown-key check (status blocks carry whatever the cluster reported). */
  open?: boolean
}

const PROTOCOL = { enum: ['TCP', 'UDP', 'SCTP'], what: 'protocol' } as const

export const METADATA: ObjShape = {
  what: 'metadata',
  obj: { name: 'str', namespace: 'str', labels: 'strMap', annotations: 'strMap' },
  required: ['name'],
  ignored: [
    'uid',
    'resourceVersion',
    'creationTimestamp',
    'generation',
    'managedFields',
    'ownerReferences',
    'finalizers',
    'generateName',
    'selfLink',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
  ],
}

const CONTAINER: ObjShape = {
  what: 'a container',
  obj: {
    name: 'str',
    image: 'str',
    ports: {
      list: {
        what: 'a container port',
        obj: { name: 'str', containerPort: 'port', protocol: PROTOCOL },
        required: ['containerPort'],
        ignored: ['hostPort', 'hostIP'],
      },
    },
  },
  required: ['name'],
  ignored: [
    'command',
    'args',
    'workingDir',
    'envFrom',
    'env',
    'resources',
    'resizePolicy',
    'restartPolicy',
    'volumeMounts',
    'volumeDevices',
    'livenessProbe',
    'readinessProbe',
    'startupProbe',
    'lifecycle',
    'terminationMessagePath',
    'terminationMessagePolicy',
    'imagePullPolicy',
    'securityContext',
    'stdin',
    'stdinOnce',
    'tty',
  ],
}

const POD_SPEC_IGNORED = [
  'initContainers',
  'ephemeralContainers',
  'hostPID',
  'hostIPC',
  'volumes',
  'restartPolicy',
  'terminationGracePeriodSeconds',
  'activeDeadlineSeconds',
  'dnsPolicy',
  'dnsConfig',
  'nodeSelector',
  'serviceAccountName',
  'serviceAccount',
  'automountServiceAccountToken',
  'securityContext',
  'imagePullSecrets',
  'hostname',
  'subdomain',
  'affinity',
  'schedulerName',
  'tolerations',
  'hostAliases',
  'priorityClassName',
  'priority',
  'readinessGates',
  'runtimeClassName',
  'enableServiceLinks',
  'preemptionPolicy',
  'overhead',
  'topologySpreadConstraints',
  'setHostnameAsFQDN',
  'os',
  'hostUsers',
  'schedulingGates',
  'resourceClaims',
  'shareProcessNamespace',
  'resources',
]

const POD_SPEC = (nodeNameRequired: boolean): ObjShape => ({
  what: 'a pod spec',
  obj: { nodeName: 'str', containers: { list: CONTAINER }, hostNetwork: 'bool' },
  required: nodeNameRequired ? ['nodeName', 'containers'] : ['containers'],
  ignored: POD_SPEC_IGNORED,
})

export const POD: ObjShape = {
  what: 'a Pod',
  obj: {
    metadata: METADATA,
    spec: POD_SPEC(true),
    status: { what: 'pod status', obj: { podIP: 'ipv4' }, open: true },
  },
  required: ['metadata', 'spec'],
}

export const SERVICE: ObjShape = {
  what: 'a Service',
  obj: {
    metadata: METADATA,
    spec: {
      what: 'a Service spec',
      obj: {
        type: {
          enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
          what: 'Service type',
        },
        clusterIP: 'str',
        selector: 'strMap',
        ports: {
          list: {
            what: 'a Service port',
            obj: {
              name: 'str',
              protocol: PROTOCOL,
              port: 'port',
              targetPort: 'portOrName',
              nodePort: 'port',
            },
            required: ['port'],
            ignored: ['appProtocol'],
          },
        },
        externalIPs: { list: 'ipv4' },
        externalTrafficPolicy: { enum: ['Cluster', 'Local'], what: 'externalTrafficPolicy' },
        internalTrafficPolicy: { enum: ['Cluster', 'Local'], what: 'internalTrafficPolicy' },
        sessionAffinity: { enum: ['None', 'ClientIP'], what: 'sessionAffinity' },
        sessionAffinityConfig: {
          what: 'sessionAffinityConfig',
          obj: {
            clientIP: {
              what: 'clientIP',
              obj: {
                timeoutSeconds: { int: { min: 1, max: 86400, what: 'a timeout in seconds' } },
              },
            },
          },
        },
        loadBalancerSourceRanges: { list: 'str' },
        healthCheckNodePort: 'port',
      },
      required: ['ports'],
      ignored: [
        'clusterIPs',
        'loadBalancerIP',
        'externalName',
        'publishNotReadyAddresses',
        'ipFamilies',
        'ipFamilyPolicy',
        'allocateLoadBalancerNodePorts',
        'loadBalancerClass',
        'trafficDistribution',
      ],
    },
    status: {
      what: 'Service status',
      obj: {
        loadBalancer: {
          what: 'loadBalancer',
          obj: { ingress: { list: { what: 'an ingress point', obj: { ip: 'ipv4' }, open: true } } },
          open: true,
        },
      },
      open: true,
    },
  },
  required: ['metadata', 'spec'],
}

const OBJECT_REF: ObjShape = {
  what: 'an object reference',
  obj: { kind: 'str', name: 'str', namespace: 'str' },
  ignored: ['uid', 'apiVersion', 'resourceVersion', 'fieldPath'],
}

const EP_ADDRESS: ObjShape = {
  what: 'an endpoint address',
  obj: { ip: 'ipv4', nodeName: 'str', targetRef: OBJECT_REF },
  required: ['ip'],
  ignored: ['hostname'],
}

const EP_PORT: ObjShape = {
  what: 'an endpoint port',
  obj: { name: 'str', port: 'port', protocol: PROTOCOL },
  required: ['port'],
  ignored: ['appProtocol'],
}

export const ENDPOINTS: ObjShape = {
  what: 'Endpoints',
  obj: {
    metadata: METADATA,
    subsets: {
      list: {
        what: 'an endpoint subset',
        obj: {
          addresses: { list: EP_ADDRESS },
          notReadyAddresses: { list: EP_ADDRESS },
          ports: { list: EP_PORT },
        },
      },
    },
  },
  required: ['metadata'],
}

export const ENDPOINT_SLICE: ObjShape = {
  what: 'an EndpointSlice',
  obj: {
    metadata: METADATA,
    addressType: { enum: ['IPv4'], what: 'addressType (only IPv4 is modelled)' },
    endpoints: {
      list: {
        what: 'an endpoint',
        obj: {
          addresses: { list: 'ipv4' },
          conditions: {
            what: 'conditions',
            obj: { ready: 'bool', serving: 'bool', terminating: 'bool' },
          },
          nodeName: 'str',
          targetRef: OBJECT_REF,
        },
        required: ['addresses'],
        ignored: ['hostname', 'zone', 'hints', 'deprecatedTopology'],
      },
    },
    ports: { list: EP_PORT },
  },
  required: ['metadata', 'addressType', 'endpoints'],
}

const BACKEND: ObjShape = {
  what: 'an Ingress backend',
  obj: {
    service: {
      what: 'a backend service',
      obj: { name: 'str', port: { what: 'a backend port', obj: { number: 'port', name: 'str' } } },
      required: ['name', 'port'],
    },
  },
  required: ['service'],
  ignored: ['resource'],
}

export const INGRESS: ObjShape = {
  what: 'an Ingress',
  obj: {
    metadata: METADATA,
    spec: {
      what: 'an Ingress spec',
      obj: {
        ingressClassName: 'str',
        tls: { list: { what: 'a TLS entry', obj: { hosts: { list: 'str' }, secretName: 'str' } } },
        rules: {
          list: {
            what: 'an Ingress rule',
            obj: {
              host: 'str',
              http: {
                what: 'http',
                obj: {
                  paths: {
                    list: {
                      what: 'an Ingress path',
                      obj: {
                        path: 'str',
                        pathType: {
                          enum: ['Prefix', 'Exact', 'ImplementationSpecific'],
                          what: 'pathType',
                        },
                        backend: BACKEND,
                      },
                      required: ['pathType', 'backend'],
                    },
                  },
                },
                required: ['paths'],
              },
            },
            required: ['http'],
          },
        },
      },
      ignored: ['defaultBackend'],
    },
  },
  required: ['metadata', 'spec'],
}

export const DEPLOYMENT: ObjShape = {
  what: 'a Deployment',
  obj: {
    metadata: METADATA,
    spec: {
      what: 'a Deployment spec',
      obj: {
        replicas: { int: { min: 0, max: 100, what: 'a replica count' } },
        selector: {
          what: 'a label selector',
          obj: { matchLabels: 'strMap' },
          required: ['matchLabels'],
          ignored: ['matchExpressions'],
        },
        template: {
          what: 'a pod template',
          obj: {
            metadata: {
              what: 'template metadata',
              obj: { labels: 'strMap', annotations: 'strMap' },
              required: ['labels'],
              ignored: ['name', 'namespace', 'creationTimestamp'],
            },
            spec: POD_SPEC(false),
          },
          required: ['metadata', 'spec'],
        },
      },
      required: ['selector', 'template'],
      ignored: [
        'strategy',
        'minReadySeconds',
        'revisionHistoryLimit',
        'paused',
        'progressDeadlineSeconds',
      ],
    },
  },
  required: ['metadata', 'spec'],
}

export const KIND_SHAPES = {
  Pod: POD,
  Service: SERVICE,
  Endpoints: ENDPOINTS,
  EndpointSlice: ENDPOINT_SLICE,
  Ingress: INGRESS,
  Deployment: DEPLOYMENT,
} as const
