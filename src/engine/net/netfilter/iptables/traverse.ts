/**
 * One table at one hook, as ip_tables.c ipt_do_table walks it: rules in order; a matching rule
 * counts the packet and runs its target. ACCEPT/DROP/REJECT and the NAT targets end the table;
 * MARK, LOG, NOTRACK/CT and target-less rules continue; `-j` pushes a return point, `-g` does
 * not (so RETURN from a goto'd chain resumes after the jump that led to the chain doing the
 * goto); RETURN or falling off with no return point left applies the built-in chain's policy
 * and counts it on the chain, like the kernel's underflow rule.
 */
import { formatIpv4 } from './inet'
import { makeEvalCtx, ruleMatches } from './match'
import type { IptChain, NfEnv, NfHook, NfPacket, NfStep, NfTableName, NfTraversal, Ruleset } from './model'
import { targetName } from './target'

/** The kernel refuses rulesets nested deeper than this (XT_MAX_JUMPS-ish); we stop there too. */
const MAX_DEPTH = 64
/**
 * Rules evaluated for one packet in one table before traversal gives up. Loops are refused at
 * load and a table holds at most MAX_TABLE_RULES (parse.ts), so only a table that jumps into
 * the same long chains many times over gets here; the DROP then says why in its step.
 */
export const MAX_EVALUATIONS = 1_000_000

export function traverseHook(ruleset: Ruleset, table: NfTableName, hook: NfHook, pkt: NfPacket, env: NfEnv): NfTraversal {
  const steps: NfStep[] = []
  const t = ruleset.tables[table]
  const base = t?.chains[hook]
  if (!t || !base?.builtin) return { verdict: 'ACCEPT', mark: pkt.mark, steps }
  const ctx = makeEvalCtx(pkt, pkt.mark, env, ruleset)
  let notrack = false
  const done = (r: Omit<NfTraversal, 'mark' | 'steps'>): NfTraversal => ({
    ...r,
    mark: ctx.mark,
    steps,
    ...(notrack ? { notrack } : {}),
  })
  const policy = (): NfTraversal => {
    base.packets += 1
    base.bytes += pkt.length
    const p = base.policy ?? 'ACCEPT'
    steps.push({ chain: base.name, policy: p })
    return done({ verdict: p })
  }
  const stack: { chain: IptChain; next: number }[] = []
  let chain = base
  let i = 0
  for (let n = 0; n < MAX_EVALUATIONS; n++) {
    const rule = chain.rules[i]
    if (!rule) {
      // End of a user chain is an implicit RETURN; end of a built-in chain is its policy.
      const back = chain.builtin ? undefined : stack.pop()
      if (!back) return policy()
      ;({ chain, next: i } = back)
      continue
    }
    i++
    ctx.mark = ctx.mark >>> 0
    if (!ruleMatches(rule, ctx)) continue
    rule.packets += 1
    rule.bytes += pkt.length
    const tgt = rule.target
    steps.push({ chain: chain.name, rule: i, text: rule.text, target: tgt ? targetName(tgt) : '' })
    if (!tgt) continue
    switch (tgt.kind) {
      case 'ACCEPT':
      case 'DROP':
        return done({ verdict: tgt.kind })
      case 'REJECT':
        return done({ verdict: { kind: 'REJECT', with: tgt.with } })
      case 'RETURN': {
        const back = stack.pop()
        if (!back) return policy()
        ;({ chain, next: i } = back)
        break
      }
      case 'jump':
      case 'goto': {
        const to = t.chains[tgt.chain]
        if (!to || to.builtin || stack.length >= MAX_DEPTH) return done({ verdict: 'DROP' })
        if (tgt.kind === 'jump') stack.push({ chain, next: i })
        chain = to
        i = 0
        break
      }
      case 'MARK':
        ctx.mark = ((ctx.mark & ~tgt.mask) ^ tgt.mark) >>> 0
        break
      case 'LOG':
        break
      case 'NOTRACK':
        notrack = true
        break
      case 'CT':
        notrack ||= tgt.notrack
        break
      case 'DNAT':
      case 'SNAT':
      case 'MASQUERADE':
      case 'REDIRECT': {
        const r = tgt.range
        const nat: NfTraversal['nat'] = { kind: tgt.kind }
        if (r.addrMin !== undefined) nat.toAddr = formatIpv4(r.addrMin)
        if (r.addrMax !== undefined && r.addrMax !== r.addrMin) nat.toAddrMax = formatIpv4(r.addrMax)
        if (r.portMin !== undefined) nat.toPortMin = r.portMin
        if (r.portMax !== undefined) nat.toPortMax = r.portMax
        if (tgt.random) nat.random = true
        if ('randomFully' in tgt && tgt.randomFully) nat.randomFully = true
        if ('persistent' in tgt && tgt.persistent) nat.persistent = true
        return done({ verdict: 'ACCEPT', nat })
      }
    }
  }
  steps.push({ chain: chain.name, rule: i, text: `(traversal stopped: more than ${MAX_EVALUATIONS.toLocaleString('en-US')} rules evaluated for one packet)`, target: 'DROP' })
  return done({ verdict: 'DROP' })
}
