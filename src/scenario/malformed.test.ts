/**
 * Malformed files, one problem each: the first error must name the exact file:line:col, the
 * message and the path. Positions were checked by eye against the fixture text.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../engine/diagnostics'
import { loadScenarioSource } from './index'

const dir = join(import.meta.dirname, '__fixtures__', 'bad')

function firstError(file: string): string {
  const { spec, diagnostics } = loadScenarioSource(readFileSync(join(dir, file), 'utf8'), file)
  expect(spec).toBeNull()
  const d = diagnostics.find((x) => x.severity === 'error')
  return d ? (formatDiagnostic(d).split('\n')[0] as string) : 'no error'
}

function firstHint(file: string): string | undefined {
  const { diagnostics } = loadScenarioSource(readFileSync(join(dir, file), 'utf8'), file)
  return diagnostics.find((x) => x.severity === 'error')?.hint
}

describe('malformed lab files', () => {
  const cases: [string, string, string?][] = [
    [
      'bad-yaml-syntax.lab.yaml',
      'bad-yaml-syntax.lab.yaml:4:13: error: YAML syntax: Nested mappings are not allowed in compact mappings',
    ],
    [
      'unknown-key.lab.yaml',
      "unknown-key.lab.yaml:6:36: error: unknown key 'mater' in a link (at netns[0].links[1].mater)",
      "did you mean 'master'?",
    ],
    [
      'bad-mac.lab.yaml',
      "bad-mac.lab.yaml:7:14: error: '0a:58:0a:f4:01:0g' is not a MAC address (six hex pairs, like 0a:58:0a:f4:01:02) (at netns[0].links[0].mac)",
    ],
    [
      'bad-cidr.lab.yaml',
      "bad-cidr.lab.yaml:5:60: error: '10.244.1.300/24' is not an IPv4 CIDR (address/prefix-length, like 10.244.1.0/24) (at netns[0].links[0].addrs[1])",
    ],
    [
      'duplicate-netns.lab.yaml',
      "duplicate-netns.lab.yaml:5:11: error: duplicate netns name 'node1/pod-a' (at netns[2].name)",
    ],
    [
      'master-not-bridge.lab.yaml',
      "master-not-bridge.lab.yaml:8:17: error: master 'eth0' is an ether link, not a bridge (at netns[0].links[1].master)",
    ],
    [
      'peer-netns-missing.lab.yaml',
      "peer-netns-missing.lab.yaml:7:24: error: veth peer namespace 'node1/pod-b' is not declared (at netns[0].links[0].peer.netns)",
      "did you mean 'node1/pod-a'?",
    ],
    [
      'journey-from-missing.lab.yaml',
      "journey-from-missing.lab.yaml:5:18: error: journey starts in 'node1/pod-x', which is not a declared netns (at journey.from)",
      "did you mean 'node1/pod-a'?",
    ],
    [
      'route-dev-missing.lab.yaml',
      "route-dev-missing.lab.yaml:8:35: error: device 'eht0' does not exist in netns 'node1' (at netns[0].routes)",
      "did you mean 'eth0'?",
    ],
    [
      'wrong-type.lab.yaml',
      "wrong-type.lab.yaml:5:42: error: expected an MTU, got the string '1450' (at netns[0].links[0].mtu)",
      'write it without quotes or spaces: 1450',
    ],
    [
      'bad-listen.lab.yaml',
      "bad-listen.lab.yaml:7:13: error: '0.0.0.0:80800' is not a listen address (at apps[0].listen)",
    ],
    [
      'long-ifname.lab.yaml',
      "long-ifname.lab.yaml:5:17: error: 'veth-pod-a-to-bridge' is 20 characters; Linux interface names are at most 15 (IFNAMSIZ - 1) (at netns[0].links[0].name)",
    ],
  ]
  for (const [file, expected, hint] of cases)
    it(`reports ${file.replace('.lab.yaml', '')} at its line and column`, () => {
      expect(firstError(file)).toBe(expected)
      if (hint) expect(firstHint(file)).toBe(hint)
    })
})

describe('malformed scenario files', () => {
  const cases: [string, string, string?][] = [
    [
      'tab-indent.yaml',
      'tab-indent.yaml:5:1: error: YAML syntax: Tabs are not allowed as indentation',
    ],
    [
      'service-port-not-number.yaml',
      "service-port-not-number.yaml:9:17: error: expected a port number, got 'http' (at resources[0].spec.ports[0].port)",
      'a port here is a number from 1 to 65535; named ports belong in targetPort',
    ],
    [
      'target-port-space.yaml',
      "target-port-space.yaml:10:23: error: expected a port number or name, got 'http ' (at resources[0].spec.ports[0].targetPort)",
      "remove the surrounding spaces: 'http'",
    ],
    [
      'unknown-kind.yaml',
      "unknown-kind.yaml:5:11: error: unknown kind 'Servce' (at resources[0].kind)",
      "did you mean 'Service'?",
    ],
    [
      'ingress-dangling.yaml',
      "ingress-dangling.yaml:18:45: error: backend Service 'website2fe' is not defined in namespace 'default' (at resources[1].spec.rules[0].http.paths[0].backend.service.name)",
      "did you mean 'website1fe'?",
    ],
    [
      'journey-missing-service.yaml',
      "journey-missing-service.yaml:14:18: error: journey Service 'website1f' does not exist (at journey.to.service)",
      "did you mean 'website1fe'?",
    ],
    [
      'missing-journey-target.yaml',
      'missing-journey-target.yaml:11:7: error: journey.to names no target (at journey.to)',
    ],
    [
      'duplicate-service.yaml',
      "duplicate-service.yaml:10:23: error: duplicate Service 'default/web' (at resources[1].metadata.name)",
    ],
    [
      'bad-cluster-cidr.yaml',
      "bad-cluster-cidr.yaml:2:16: error: '10.244.0.0/33' is not an IPv4 CIDR (address/prefix-length, like 10.244.1.0/24) (at cluster.clusterCIDR)",
    ],
    [
      'manifest-block-error.yaml',
      "manifest-block-error.yaml:14:15: error: expected a port number, got '80' (at resources[1].spec.ports[0].port)",
      'write the number without quotes: 80',
    ],
  ]
  for (const [file, expected, hint] of cases)
    it(`reports ${file.replace('.yaml', '')} at its line and column`, () => {
      expect(firstError(file)).toBe(expected)
      if (hint) expect(firstHint(file)).toBe(hint)
    })
})
