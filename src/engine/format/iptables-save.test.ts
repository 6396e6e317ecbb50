import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatIptablesSave, parseIptablesSave, rulesetToRows } from '../net/netfilter/iptables'
import { formatIptablesRows } from './iptables-save'

const fixtures = join(import.meta.dirname, '../net/netfilter/iptables/__fixtures__')

describe('formatIptablesRows', () => {
  it.each(['kube-proxy.save.txt', 'flannel.save.txt', 'extensions.save-c.txt'])('prints rows exactly as the ruleset printer does (%s)', (name) => {
    const { ruleset } = parseIptablesSave(readFileSync(join(fixtures, name), 'utf8'))
    const counters = name.includes('-c')
    expect(formatIptablesRows(rulesetToRows(ruleset), { counters })).toBe(formatIptablesSave(ruleset, { counters }))
  })
})
